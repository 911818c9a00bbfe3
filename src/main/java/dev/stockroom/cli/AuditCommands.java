package dev.stockroom.cli;

import dev.stockroom.audit.Anomalies;
import dev.stockroom.audit.AuditKeys;
import dev.stockroom.audit.Checkpoint;
import dev.stockroom.audit.ExportDiff;
import dev.stockroom.audit.ExportSummary;
import dev.stockroom.audit.ExportVerifier;
import dev.stockroom.audit.Finding;
import dev.stockroom.audit.LedgerExporter;
import dev.stockroom.audit.LiveLedger;
import dev.stockroom.audit.Manifest;
import dev.stockroom.audit.SampleExport;
import dev.stockroom.audit.StockReplay;
import dev.stockroom.audit.Trust;
import dev.stockroom.audit.UnusableExportException;
import dev.stockroom.audit.VerifyOptions;
import dev.stockroom.audit.VerifyReport;
import dev.stockroom.db.AppDirectories;
import dev.stockroom.db.DatabaseSession;
import dev.stockroom.ledger.StockAt;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stockroom audit ...}: the offline ledger audit (DESIGN section 7). */
final class AuditCommands {
    private AuditCommands() {
    }

    @Command(name = "audit", description = {
        "Offline ledger audit: a signed export an auditor can verify with no database, checkpoints, replay.",
        "Verify exits 0 when the file passes, 1 when something was changed, 2 when the file cannot be read."},
            subcommands = {Export.class, Key.class, Verify.class, TakeCheckpoint.class, CheckLive.class, Replay.class, Diff.class,
                Anomaly.class, Bench.class})
    static final class Audit implements Runnable {
        @Spec CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }
    }

    /** Trust options shared by the commands that read signatures. */
    static final class TrustOptions {
        @Option(names = "--trust", paramLabel = "PUBKEY", description = "The seller's public key (ed25519:...) or a file holding it; "
                + "the file must be signed by one of these. Repeatable.")
        List<String> trust = new ArrayList<>();

        Trust trust() {
            return Trust.parse(trust);
        }
    }

    @Command(name = "export", description = "Write the ledger (or a time range of it), SKUs and reservations to one signed file.")
    static final class Export implements Callable<Integer> {
        @Mixin ConnectionOptions connection = new ConnectionOptions();
        @Spec CommandSpec spec;
        @Option(names = "--out", paramLabel = "FILE", description = "Where to write (default: stockroom-ledger-<seller>-<time>.zip here)")
        Path out;
        @Option(names = "--from", description = "First moment included (ISO-8601, e.g. 2026-10-01T00:00:00Z); default: the beginning")
        String from;
        @Option(names = "--to", description = "First moment excluded; default: now") String to;

        @Override
        public Integer call() {
            PrintWriter o = spec.commandLine().getOut();
            Instant f = from == null ? null : ReadCommands.parseInstant(from);
            Instant t = to == null ? null : ReadCommands.parseInstant(to);
            try (DatabaseSession session = connection.open(3)) {
                long seller = session.database().sellerId();
                Path file = out != null ? out : Path.of("stockroom-ledger-" + seller + "-"
                        + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(LocalDateTime.now()) + ".zip");
                ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), "exporting");
                ExportSummary s = new LedgerExporter(session.database().dataSource(), seller, AuditKeys.mine()).export(file, f, t, bar);
                bar.finish();
                o.printf("ok: %s: %,d ledger rows, %d SKUs, %,d reservations, %s to %s (%,d bytes, %.1f s)%n", s.file(), s.rows(), s.skus(),
                        s.reservations(), s.from() == null ? "the beginning" : s.from(), s.to(), s.bytes(), s.nanos() / 1e9);
                o.println("signed with " + s.signerKey() + " (fingerprint " + s.fingerprint() + ")");
                o.println("an auditor checks it with: stockroom audit verify " + s.file().getFileName() + " --trust " + s.signerKey());
                return 0;
            }
        }
    }

    @Command(name = "key", description = "Show this user's audit public key (created on first use), to give to auditors.")
    static final class Key implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            AuditKeys keys = AuditKeys.mine();
            PrintWriter o = spec.commandLine().getOut();
            o.println(keys.publicKeyText());
            o.println("fingerprint " + AuditKeys.fingerprint(keys.publicKey()) + "   (kept in " + AppDirectories.configDir() + ")");
            return 0;
        }
    }

    @Command(name = "verify", description = {
        "Check an export with no database: signature, file digests, every hash chain and balance, reservation totals.",
        "With --checkpoint, also that its history passes through an earlier checkpoint's heads."})
    static final class Verify implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "FILE") Path file;
        @Mixin TrustOptions trust = new TrustOptions();
        @Option(names = "--checkpoint", paramLabel = "CP", description = "An earlier checkpoint file") Path checkpoint;
        @Option(names = "--all", description = "List every problem found (default: the first 20)") boolean all;

        @Override
        public Integer call() {
            VerifyOptions options = VerifyOptions.defaults().trust(trust.trust());
            if (checkpoint != null) {
                try {
                    options = options.checkpoint(Checkpoint.read(checkpoint));
                } catch (UnusableExportException e) {
                    spec.commandLine().getErr().println("CANNOT VERIFY: " + e.getMessage());
                    return 2;
                }
            }
            ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), "verifying");
            VerifyReport r = ExportVerifier.verify(file, options.progress(bar));
            bar.finish();
            print(spec.commandLine().getOut(), r, all);
            return r.exitCode();
        }
    }

    static void print(PrintWriter o, VerifyReport r, boolean all) {
        o.println(r.source());
        Manifest m = r.manifest();
        if (m != null) {
            o.printf("  seller %d \"%s\", ledger from %s, exported %s by %s%n", m.sellerId(), m.sellerName(), m.rangeText(),
                    m.exportedAt(), m.exportedBy());
            o.println("  signed by " + r.signer());
        }
        o.println(r.headline());
        if (r.findingCount() > 0) {
            int shown = all ? r.findings().size() : Math.min(20, r.findings().size());
            o.println(r.findingCount() + " problem" + (r.findingCount() == 1 ? "" : "s") + ":");
            for (Finding f : r.findings().subList(0, shown)) {
                o.println("  - " + f);
            }
            if (r.findingCount() > shown) {
                o.println("  ... " + (r.findingCount() - shown) + " more (--all lists those kept)");
            }
        }
        r.notes().forEach(n -> o.println("note: " + n));
        if (r.outcome() != VerifyReport.Outcome.UNUSABLE) {
            o.printf("read %,d ledger rows in %.2f s (%,.0f rows/s)%n", r.rows(), r.nanos() / 1e9, r.rowsPerSecond());
        }
    }

    @Command(name = "checkpoint", description = {
        "Recompute the live ledger and save a signed checkpoint of every SKU's head (seq and hash).",
        "Keep it away from the database: later exports, and the live ledger, can be held to it."})
    static final class TakeCheckpoint implements Callable<Integer> {
        @Mixin ConnectionOptions connection = new ConnectionOptions();
        @Spec CommandSpec spec;
        @Option(names = "--out", required = true, paramLabel = "FILE") Path out;

        @Override
        public Integer call() {
            try (DatabaseSession session = connection.open(2)) {
                ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), "checking");
                LiveLedger.CheckpointResult r = new LiveLedger(session.database().dataSource(), session.database().sellerId())
                        .checkpoint(out, AuditKeys.mine(), bar);
                bar.finish();
                if (!r.written()) {
                    spec.commandLine().getErr().println("no checkpoint written: the ledger does not verify, and a checkpoint would certify it");
                    print(spec.commandLine().getOut(), r.check(), false);
                    return 1;
                }
                spec.commandLine().getOut().printf("ok: %s: %d SKUs at %s, %,d ledger rows recomputed%n", out, r.checkpoint().heads().size(),
                        r.checkpoint().takenAt(), r.check().rows());
                return 0;
            }
        }
    }

    @Command(name = "check-live", description = "Recompute the live ledger and check it still passes through a checkpoint's heads.")
    static final class CheckLive implements Callable<Integer> {
        @Mixin ConnectionOptions connection = new ConnectionOptions();
        @Spec CommandSpec spec;
        @Option(names = "--checkpoint", required = true, paramLabel = "CP") Path checkpoint;
        @Mixin TrustOptions trust = new TrustOptions();

        @Override
        public Integer call() {
            Checkpoint cp;
            try {
                cp = Checkpoint.read(checkpoint);
            } catch (UnusableExportException e) {
                spec.commandLine().getErr().println("CANNOT CHECK: " + e.getMessage());
                return 2;
            }
            try (DatabaseSession session = connection.open(2)) {
                ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), "checking");
                VerifyReport r = new LiveLedger(session.database().dataSource(), session.database().sellerId()).check(cp, trust.trust(), bar);
                bar.finish();
                print(spec.commandLine().getOut(), r, false);
                return r.exitCode();
            }
        }
    }

    @Command(name = "replay", description = "Stock of every SKU at a past moment, from an export file alone.")
    static final class Replay implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "FILE") Path file;
        @Option(names = "--at", required = true, description = "The moment (ISO-8601 UTC, e.g. 2026-10-31T23:59:59Z)") String at;
        @Option(names = "--sku", description = "Only this SKU") String sku;
        @Mixin TrustOptions trust = new TrustOptions();

        @Override
        public Integer call() {
            Instant moment = ReadCommands.parseInstant(at);
            StockReplay.Result r = StockReplay.replay(file, List.of(moment), VerifyOptions.defaults().trust(trust.trust()));
            PrintWriter o = spec.commandLine().getOut();
            if (r.report().outcome() == VerifyReport.Outcome.UNUSABLE) {
                o.println(r.report().headline());
                return 2;
            }
            o.println(r.report().passed() ? "file verified: " + r.report().rows() + " rows, every chain agrees"
                    : "WARNING: this file does not verify, so its stock may be wrong: " + r.report().firstProblem().map(Finding::toString).orElse(""));
            if (StockReplay.pastEnd(r.report().manifest(), moment)) {
                o.println("note: the file ends at " + r.report().manifest().rangeTo() + "; changes after that are not in it");
            }
            o.printf("%-18s %8s %8s %9s %6s   as of %s%n", "SKU", "ON HAND", "RESERVED", "AVAILABLE", "SEQ", moment);
            int shown = 0;
            for (StockAt s : r.at(moment)) {
                if (sku == null || s.sku().equals(sku)) {
                    o.printf("%-18s %8d %8d %9d %6d%n", s.sku(), s.onHand(), s.reserved(), s.available(), s.seq());
                    shown++;
                }
            }
            if (sku != null && shown == 0) {
                spec.commandLine().getErr().println("the file has no SKU \"" + sku + "\"");
                return 1;
            }
            return r.report().passed() ? 0 : 1;
        }
    }

    @Command(name = "diff", description = "What changed between two exports: histories continued or rewritten, rows added, stock moved.")
    static final class Diff implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "EARLIER") Path a;
        @Parameters(index = "1", paramLabel = "LATER") Path b;
        @Mixin TrustOptions trust = new TrustOptions();

        @Override
        public Integer call() {
            ExportDiff.Result r = ExportDiff.diff(a, b, VerifyOptions.defaults().trust(trust.trust()));
            PrintWriter o = spec.commandLine().getOut();
            o.println(a + ": " + r.first().headline());
            if (r.second() == null) {
                return 2;
            }
            o.println(b + ": " + r.second().headline());
            if (r.first().outcome() == VerifyReport.Outcome.UNUSABLE || r.second().outcome() == VerifyReport.Outcome.UNUSABLE) {
                return 2;
            }
            r.differences().forEach(d -> o.println("  " + d));
            o.println(r.unchanged() + " SKU" + (r.unchanged() == 1 ? "" : "s") + " unchanged, " + r.differences().size() + " with differences"
                    + (r.historyRewritten() ? "; HISTORY WAS REWRITTEN" : ""));
            return r.historyRewritten() || !r.first().passed() || !r.second().passed() ? 1 : 0;
        }
    }

    @Command(name = "anomalies", description = {
        "Questions for an auditor from an export: counts with no reason, large negative counts,",
        "reservations held past expiry, changes outside working hours (by login)."})
    static final class Anomaly implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "FILE") Path file;
        @Option(names = "--zone", description = "Time zone of the working day (default: this computer's)") String zone;
        @Option(names = "--hours", defaultValue = "07:00-20:00", description = "Working hours (default: ${DEFAULT-VALUE})") String hours;
        @Option(names = "--weekends-off", description = "Count Saturday and Sunday as outside working hours") boolean weekendsOff;
        @Option(names = "--large-negative", defaultValue = "10", description = "A count that removes this many units or more (default: ${DEFAULT-VALUE})")
        int largeNegative;
        @Option(names = "--expiry-grace", defaultValue = "PT15M", description = "Holds closed within this after expiry are fine (default: ${DEFAULT-VALUE})")
        String grace;
        @Mixin TrustOptions trust = new TrustOptions();

        @Override
        public Integer call() {
            Anomalies.Rules rules = rules();
            Anomalies.Result r = Anomalies.find(file, rules, VerifyOptions.defaults().trust(trust.trust()));
            PrintWriter o = spec.commandLine().getOut();
            o.println(r.report().headline());
            if (r.report().outcome() == VerifyReport.Outcome.UNUSABLE) {
                return 2;
            }
            for (Anomalies.Group g : r.groups()) {
                o.println(g.title() + ": " + g.count());
                g.examples().forEach(x -> o.println("  " + x));
                if (g.count() > g.examples().size() && !g.title().startsWith(Anomalies.OUT_OF_HOURS)) {
                    o.println("  ... " + (g.count() - g.examples().size()) + " more");
                }
            }
            return r.report().passed() ? 0 : 1;
        }

        private Anomalies.Rules rules() {
            String[] h = hours.split("-");
            LocalTime start;
            LocalTime end;
            try {
                start = LocalTime.parse(h[0].trim());
                end = LocalTime.parse(h.length > 1 ? h[1].trim() : "");
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--hours \"" + hours + "\" is not like 07:00-20:00");
            }
            ZoneId z;
            try {
                z = zone == null ? ZoneId.systemDefault() : ZoneId.of(zone);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("--zone \"" + zone + "\" is not a time zone (e.g. Asia/Kolkata)");
            }
            Duration g;
            try {
                g = Duration.parse(grace);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--expiry-grace \"" + grace + "\" is not a duration like PT15M");
            }
            if (largeNegative < 1) {
                throw new IllegalArgumentException("--large-negative must be at least 1");
            }
            return new Anomalies.Rules(z, start, end, weekendsOff, largeNegative, g);
        }
    }

    @Command(name = "bench", description = "Measure verification speed on a generated export (no database needed).")
    static final class Bench implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--rows", defaultValue = "2000000", description = "Ledger rows to generate (default: ${DEFAULT-VALUE})") long rows;
        @Option(names = "--skus", defaultValue = "2000") int skus;
        @Option(names = "--file", description = "Keep the generated file here (default: a temporary file, deleted after)") Path file;
        @Option(names = "--runs", defaultValue = "3") int runs;

        @Override
        public Integer call() throws IOException {
            if (rows < 1 || skus < 1 || runs < 1) {
                throw new IllegalArgumentException("--rows, --skus and --runs must be at least 1");
            }
            PrintWriter o = spec.commandLine().getOut();
            Path f = file != null ? file : Files.createTempFile("stockroom-bench-", ".zip");
            try {
                if (file == null || !Files.exists(file)) {
                    long t = System.nanoTime();
                    SampleExport.write(f, rows, skus, 42, AuditKeys.generate());
                    o.printf("generated %,d rows over %d SKUs in %.1f s: %s (%,d bytes)%n", rows, skus, (System.nanoTime() - t) / 1e9, f,
                            Files.size(f));
                }
                ThreadMXBean mx = ManagementFactory.getThreadMXBean();
                double best = 0;
                for (int i = 0; i < runs; i++) {
                    long cpu = mx.getCurrentThreadCpuTime();
                    VerifyReport r = ExportVerifier.verify(f);
                    long used = mx.getCurrentThreadCpuTime() - cpu;
                    best = Math.max(best, r.rowsPerSecond());
                    o.printf("run %d: %s, %,d rows in %.2f s: %,.0f rows/s (verifier thread CPU %.2f s)%n", i + 1, r.outcome(), r.rows(),
                            r.nanos() / 1e9, r.rowsPerSecond(), used / 1e9);
                }
                o.printf("best: %,.0f rows/s on %d processors (load average %.1f)%n", best, Runtime.getRuntime().availableProcessors(),
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
                return 0;
            } finally {
                if (file == null) {
                    try {
                        Files.deleteIfExists(f);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }
    }
}
