package dev.stockroom.bench;

import java.io.PrintWriter;

/** Entry point of {@code stockroom bench SCENARIO}: sets up the bench database and runs one scenario. */
public final class Bench {
    public record Options(int stock, int[] buyers, int seconds, long rows, int changes, int outageSeconds, String benchDb) {
    }

    private Bench() {
    }

    public static int run(String scenario, String serverUrl, String adminUser, Options options, PrintWriter out) throws Exception {
        if (!java.util.Set.of("flash-sale", "spread", "ledger-scale", "sync", "console").contains(scenario)) {
            throw new IllegalArgumentException("unknown scenario \"" + scenario + "\"; choose flash-sale, spread, ledger-scale, sync or console");
        }
        if (options.stock() < 1 || options.seconds() < 1 || options.rows() < 1000) {
            throw new IllegalArgumentException("--stock and --seconds must be positive, --rows at least 1000");
        }
        try (BenchDatabase db = BenchDatabase.open(serverUrl, adminUser, options.benchDb())) {
            out.println("stockroom bench " + scenario);
            db.describe(out);
            switch (scenario) {
                case "flash-sale" -> new FlashSale(db, out, options.stock()).run(options.buyers());
                case "spread" -> new Spread(db, out).run(options.seconds());
                case "sync" -> new SyncScenario(db, out).run(options.changes(), options.outageSeconds());
                case "console" -> new ConsoleScenario(db, out).run(options.rows());
                default -> new LedgerScale(db, out).run(options.rows());
            }
            out.flush();
        }
        return 0;
    }
}
