package dev.stockroom.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** pgbench's own figure for the same single-row UPDATE, when pgbench is on the machine. */
final class Pgbench {
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");

    private Pgbench() {
    }

    static void run(BenchDatabase db, PrintWriter out, int[] clientCounts) throws Exception {
        Path pgbench = find();
        if (pgbench == null) {
            out.println("pgbench: not on this machine, skipped");
            return;
        }
        BenchDatabase.exec(db.setup(), "INSERT INTO public.bench_stock VALUES (2, 2000000000) ON CONFLICT (id) DO UPDATE SET on_hand = 2000000000");
        Path script = Files.createTempFile("stockroom-pgbench", ".sql");
        Files.writeString(script, "UPDATE public.bench_stock SET on_hand = on_hand - 1 WHERE id = 2 AND on_hand >= 1;\n");
        out.printf("%npgbench, same server, same single-row UPDATE on a hot row, 5 s each:%n");
        for (int clients : clientCounts) {
            int c = Math.min(clients, Math.max(1, db.maxConnections() - 10));
            ProcessBuilder pb = new ProcessBuilder(List.of(pgbench.toString(), "-n", "-c", Integer.toString(c), "-j", "2", "-T", "5",
                    "-f", script.toString(), "-h", db.host, "-p", Integer.toString(db.port), "-U", db.adminUser, db.name));
            pb.redirectErrorStream(true);
            Process p = pb.start();
            String tps = "?";
            String lastLine = "";
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; lastLine = line) {
                    Matcher m = TPS.matcher(line);
                    if (m.find()) {
                        tps = String.format("%.0f", Double.parseDouble(m.group(1)));
                    }
                }
            }
            p.waitFor(60, TimeUnit.SECONDS);
            out.printf("  pgbench -c %-4d %10s updates/s%s%n", c, tps, tps.equals("?") ? "  (" + lastLine + ")" : "");
        }
        Files.deleteIfExists(script);
    }

    private static Path find() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir, "pgbench");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
