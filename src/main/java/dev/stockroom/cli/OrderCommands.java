package dev.stockroom.cli;

import dev.stockroom.db.DatabaseSession;
import dev.stockroom.sync.orders.OrderReportImport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stockroom orders import}: a marketplace's order report as reservations, all rows or none. */
@Command(name = "orders", description = "Channel orders.", subcommands = {OrderCommands.Import.class})
final class OrderCommands {
    @Command(name = "import", description = {
        "Import a marketplace order report (CSV with order id, SKU, quantity and optionally status columns).",
        "All rows or none: any bad row keeps the whole file out and is named. Importing a file twice changes nothing."})
    static final class Import implements Callable<Integer> {
        @Mixin ConnectionOptions connection = new ConnectionOptions();
        @Spec CommandSpec spec;
        @Option(names = "--channel", required = true, description = "The channel the orders were taken on") String channel;
        @Parameters(index = "0", paramLabel = "FILE") Path file;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (!Files.isRegularFile(file)) {
                err.println("stockroom: there is no file " + file);
                return 2;
            }
            try (DatabaseSession session = connection.open(2); Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                OrderReportImport.Report report = new OrderReportImport(session.database().dataSource(), session.database().sellerId(),
                        Clock.systemUTC()).importReport(channel, r);
                if (report.applied()) {
                    out.printf("ok: %d rows, %d orders; %d changed stock (the rest were already imported)%n", report.rows(), report.orders(), report.changed());
                    return 0;
                }
                err.println("nothing was imported; fix these rows and import the file again:");
                report.problems().forEach(p -> err.println("  " + p));
                return 1;
            }
        }
    }
}
