package dev.stockroom.bench;

import com.zaxxer.hikari.HikariDataSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The console as a seller meets it: the big ledger in the bench database, then the console
 * started as a fresh JVM (first start, then warm ones) until its window is usable, and its
 * memory with the Ledger screen open. A bare JavaFX stage, started the same way, is the baseline.
 */
final class ConsoleScenario {
    static final int WARM_STARTS = 5;
    static final int LEDGER_PAGES = 10;
    static final long TARGET_USABLE_MS = 3_000;
    static final long TARGET_RSS_BYTES = 400_000_000L;  // "400 MB" read strictly: 10^6 bytes, not MiB
    private static final String MAIN = "dev.stockroom.Main";
    private static final String HELLO = "dev.stockroom.ui.BenchProbe";
    /** What the installed launcher adds (installer/jpackage/launcher.args); its --add-exports only apply to the jlinked JavaFX modules. */
    private static final List<String> INSTALLED_OPTIONS = List.of("-XX:-UsePerfData");

    private final BenchDatabase db;
    private final PrintWriter out;

    ConsoleScenario(BenchDatabase db, PrintWriter out) {
        this.db = db;
        this.out = out;
    }

    void run(long rows) throws Exception {
        HikariDataSource admin = db.admin(2);
        HikariDataSource seller = db.seller(2);
        out.printf("%nconsole: ");
        LedgerGenerator.generate(db, admin, seller, rows, out);
        admin.close();
        seller.close();
        Path scratch = Files.createTempDirectory("stockroom-bench-console");
        try (Display display = Display.find()) {
            out.printf("display : %s%n", display.described);
            out.printf("child   : %s (no -Xmx in app/stockroom or the installed launcher: the JVM's default heap; "
                    + "the first start records a class-data archive as app/stockroom's does, later starts map it)%n",
                    String.join(" ", jvm(List.of())) + " " + MAIN + " console");
            out.printf("login   : %s as %s, seller %d; config and data in a temporary directory%n", db.url, BenchDatabase.LOGIN, db.sellerId);
            out.printf("%-34s %9s %9s %9s %8s %8s %8s %8s%n", "start (a fresh JVM each)", "spawn ms", "JVM ms", "window ms", "RSS MiB",
                    "HWM MiB", "heap MiB", "max heap");
            out.flush();
            List<Long> console = starts("console", display, scratch, MAIN);
            List<Long> hello = starts("bare JavaFX stage (baseline)", display, scratch, HELLO);
            Reading ledger = ledger(display, scratch, rows);
            out.printf("targets : usable window under %,d ms warm: p50 %,d ms, max %,d ms -> %s (bare stage p50 %,d ms)%n", TARGET_USABLE_MS,
                    p50(console), max(console), max(console) < TARGET_USABLE_MS ? "met" : p50(console) < TARGET_USABLE_MS
                    ? "met at p50, missed at max" : "MISSED", p50(hello));
            out.printf("          under 400 MB resident with the big ledger open: %,d MB -> %s%n", ledger.rssKb * 1024 / 1_000_000,
                    ledger.rssKb * 1024 < TARGET_RSS_BYTES ? "met" : "MISSED");
        } finally {
            try (Stream<Path> files = Files.walk(scratch)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        out.flush();
    }

    /** One first start, then {@value #WARM_STARTS} warm ones; returns the warm spawn-to-usable times. */
    private List<Long> starts(String what, Display display, Path scratch, String main) throws Exception {
        List<Long> warm = new ArrayList<>();
        // As app/stockroom does: the first start records a class-data archive when it exits, the
        // warm ones map it (AppCDS); the baseline stage gets its own the same way.
        Path archive = scratch.resolve(main.equals(MAIN) ? "console.jsa" : "stage.jsa");
        for (int i = 0; i <= WARM_STARTS; i++) {
            List<String> cds = List.of(i == 0 ? "-XX:ArchiveClassesAtExit=" + archive : "-XX:SharedArchiveFile=" + archive);
            try (Child child = Child.start(command(scratch, main, cds), env(display), scratch)) {
                Reading r = child.await("usable", 120);
                print(i == 0 ? what + ", first" : "  warm " + i, r);
                if (i == 0 && main.equals(MAIN)) {
                    out.printf("  (window ms: JVM start to the main window built, database connected; rendering: %s)%n",
                            "true".equals(r.fields.get("gpu")) ? "GPU (es2)" : "software, no GPU here (JavaFX falls back to its SW pipeline)");
                }
                if (i > 0) {
                    warm.add(r.spawnMs);
                }
            }
        }
        out.printf("%-34s %9s%n", "  warm p50 / max", p50(warm) + " / " + max(warm));
        out.flush();
        return warm;
    }

    /** The console with the Ledger screen open on the big ledger: after its first page, after page-downs, and idle a while later. */
    private Reading ledger(Display display, Path scratch, long rows) throws Exception {
        out.printf("ledger screen over %,d rows (what a user would see: no System.gc forced):%n", rows);
        try (Child child = Child.start(command(scratch, MAIN, List.of("-XX:SharedArchiveFile=" + scratch.resolve("console.jsa"),
                "-Dstockroom.bench.ledger-pages=" + LEDGER_PAGES)), env(display), scratch)) {
            print("  console usable", child.await("usable", 120));
            Reading page = child.await("ledger-page", 300);
            print("  first page (" + page.fields.get("rows") + " rows) " + page.fields.get("took-ms") + " ms", page);
            Reading open = child.await("ledger-open", 600);
            print("  " + LEDGER_PAGES + " page-downs (" + open.fields.get("rows") + " rows)", open);
            Thread.sleep(10_000);
            Reading idle = child.now(open);
            print("  10 s later, idle", idle);
            return Stream.of(open, idle).max(Comparator.comparingLong(r -> r.rssKb)).orElseThrow();
        }
    }

    private void print(String what, Reading r) {
        out.printf("%-34s %9s %9s %9s %8.0f %8.0f %8s %8s%n", what, r.spawnMs < 0 ? "" : Long.toString(r.spawnMs),
                r.fields.getOrDefault("ms", ""), r.fields.getOrDefault("window-ms", ""), r.rssKb / 1024.0, r.hwmKb / 1024.0,
                mib(r, "heap-used-kb"), mib(r, "heap-max-kb"));
        out.flush();
    }

    private static String mib(Reading r, String key) {
        String v = r.fields.get(key);
        return v == null ? "" : Long.toString(Long.parseLong(v) >> 10);
    }

    private Map<String, String> env(Display display) {
        return Map.of("DISPLAY", display.name, "STOCKROOM_DB_URL", db.url, "STOCKROOM_DB_USER", BenchDatabase.LOGIN,
                "STOCKROOM_SELLER", Long.toString(db.sellerId));
    }

    private static List<String> command(Path scratch, String main, List<String> extra) {
        List<String> c = new ArrayList<>(jvm(extra));
        c.add("-Dstockroom.config.dir=" + scratch.resolve("config"));
        c.add("-Dstockroom.data.dir=" + scratch.resolve("data"));
        c.add("-Dstockroom.bench.report=stdout");
        c.add(main);
        if (main.equals(MAIN)) {
            c.add("console");
        }
        return c;
    }

    /** The JVM the launchers start: java from this java.home, the same class path, their options and $STOCKROOM_JAVA_OPTS. */
    static List<String> jvm(List<String> extra) {
        List<String> c = new ArrayList<>();
        c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        c.addAll(INSTALLED_OPTIONS);
        String opts = System.getenv("STOCKROOM_JAVA_OPTS");
        if (opts != null && !opts.isBlank()) {
            c.addAll(Arrays.asList(opts.trim().split("\\s+")));
        }
        c.addAll(extra);
        c.add("-cp");
        c.add(System.getProperty("java.class.path"));
        return c;
    }

    static long p50(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.isEmpty() ? 0 : sorted.get((sorted.size() - 1) / 2);
    }

    static long max(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    /** What one report line said, with the memory the bench itself read from /proc at that moment. */
    record Reading(Map<String, String> fields, long spawnMs, long rssKb, long hwmKb) {
        /** @param spawnedAt the bench's wall clock just before it started the child */
        static Reading of(Map<String, String> fields, long spawnedAt, ProcessMemory seen) {
            long at = Long.parseLong(fields.getOrDefault("at", "0"));
            long rss = seen != null ? seen.rssKb() : Long.parseLong(fields.getOrDefault("rss-kb", "0"));
            long hwm = seen != null ? seen.hwmKb() : Long.parseLong(fields.getOrDefault("hwm-kb", "0"));
            return new Reading(fields, at > 0 ? at - spawnedAt : -1, rss, hwm);
        }
    }

    /** A child JVM and the report lines it prints; closing it ends it. */
    private static final class Child implements AutoCloseable {
        private final Process process;
        private final long spawnedAt;
        private final Path log;
        private final LinkedBlockingQueue<Map<String, String>> reports = new LinkedBlockingQueue<>();

        private Child(Process process, long spawnedAt, Path log) {
            this.process = process;
            this.spawnedAt = spawnedAt;
            this.log = log;
            Thread reader = new Thread(this::read, "bench-child-reader");
            reader.setDaemon(true);
            reader.start();
        }

        static Child start(List<String> command, Map<String, String> env, Path scratch) throws IOException {
            Path log = Files.createTempFile(scratch, "child", ".log");
            ProcessBuilder pb = new ProcessBuilder(command).redirectError(log.toFile());
            pb.environment().putAll(env);
            long spawnedAt = System.currentTimeMillis();
            return new Child(pb.start(), spawnedAt, log);
        }

        private void read() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    ReportLine.parse(line).ifPresent(reports::add);
                }
            } catch (IOException e) {
                // the child ended; await() says so
            }
        }

        Reading await(String event, int seconds) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < deadline) {
                Map<String, String> r = reports.poll(200, TimeUnit.MILLISECONDS);
                if (r != null && event.equals(r.get("event"))) {
                    return Reading.of(r, spawnedAt, memory(r));
                }
                if (r == null && !process.isAlive()) {
                    throw new IllegalStateException("the child JVM ended (exit " + process.exitValue() + ") before \"" + event + "\":\n" + tail());
                }
            }
            throw new IllegalStateException("no \"" + event + "\" from the child JVM within " + seconds + " s:\n" + tail());
        }

        /** The same reading again, memory as the bench sees it now. */
        Reading now(Reading earlier) {
            ProcessMemory m = memory(earlier.fields);
            return m == null ? earlier : new Reading(Map.of(), -1, m.rssKb(), m.hwmKb());
        }

        private ProcessMemory memory(Map<String, String> fields) {
            return ProcessMemory.of(Long.parseLong(fields.getOrDefault("pid", Long.toString(process.pid())))).orElse(null);
        }

        private String tail() throws IOException {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
