package dev.stockroom.cli;

import dev.stockroom.bench.Bench;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "bench", description = {
    "Measure a scenario against baselines run on the same database in the same run.",
    "Scenarios: flash-sale, spread, ledger-scale, sync, console.",
    "console: cold and warm starts of the console (fresh JVMs) to a usable window, and its memory with the Ledger open",
    "on the --rows ledger, beside a bare JavaFX stage; needs $DISPLAY, or Xvfb installed (it starts a private one).",
    "Creates (and drops first) the database stockroom_bench (or --bench-db) on the given server; without --db-url, an embedded one."})
final class BenchCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "SCENARIO") String scenario;
    @Option(names = "--db-url", description = "JDBC URL of any database on the server to bench, e.g. jdbc:postgresql://127.0.0.1:5432/postgres")
    String url;
    @Option(names = "--db-user", defaultValue = "postgres", description = "A superuser on that server (default postgres)")
    String user;
    @Option(names = "--stock", defaultValue = "5000", description = "flash-sale: units of the hot SKU per run")
    int stock;
    @Option(names = "--buyers", split = ",", defaultValue = "1,4,16,64,256", description = "flash-sale: buyer counts")
    int[] buyers;
    @Option(names = "--seconds", defaultValue = "10", description = "spread: seconds per variant")
    int seconds;
    @Option(names = "--rows", defaultValue = "10000000", description = "ledger-scale, console: ledger rows to generate")
    long rows;
    @Option(names = "--changes", defaultValue = "100000", description = "sync: stock changes in the burst")
    int changes;
    @Option(names = "--outage-seconds", defaultValue = "300", description = "sync: how long a channel stays down")
    int outageSeconds;
    @Option(names = "--bench-db", defaultValue = "stockroom_bench", description = "The database to drop and create (default stockroom_bench)")
    String benchDb;

    @Override
    public Integer call() throws Exception {
        return Bench.run(scenario, url, user, new Bench.Options(stock, buyers, seconds, rows, changes, outageSeconds, benchDb), spec.commandLine().getOut());
    }
}
