package dev.stockroom.cli;

import dev.stockroom.db.DatabaseSession;
import dev.stockroom.ledger.LedgerEntry;
import dev.stockroom.ledger.LedgerFilter;
import dev.stockroom.ledger.LedgerPage;
import dev.stockroom.ledger.StockAt;
import dev.stockroom.ledger.StockLevel;
import dev.stockroom.ledger.StockQueries;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

final class ReadCommands {
    private ReadCommands() {
    }

    static Instant parseInstant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not a moment; use ISO-8601 UTC, e.g. 2026-10-31T23:59:59Z");
        }
    }

    @Command(name = "stock", description = "Stock of every SKU (or one): on hand, reserved, available.")
    static final class Stock implements Callable<Integer> {
        @Mixin ConnectionOptions connection = new ConnectionOptions();
        @Spec CommandSpec spec;
        @Parameters(arity = "0..1", paramLabel = "SKU") String sku;
        @Option(names = "--low", description = "Only SKUs at or below their low-stock level") boolean low;
        @Option(names = "--as-of", description = "Stock as it was at this moment (ISO-8601, e.g. 2026-10-31T23:59:59Z)") String asOf;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (DatabaseSession session = connection.open(2)) {
                StockQueries q = new StockQueries(session.database().dsl(), session.database().sellerId());
                if (asOf != null) {
                    Instant at = parseInstant(asOf);
                    out.printf("%-18s %8s %8s %9s   as of %s%n", "SKU", "ON HAND", "RESERVED", "AVAILABLE", at);
                    for (StockAt s : sku != null ? java.util.List.of(q.stockAt(sku, at)) : q.stockAt(at)) {
                        out.printf("%-18s %8d %8d %9d%n", s.sku(), s.onHand(), s.reserved(), s.available());
                    }
                    return 0;
                }
                out.printf("%-18s %8s %8s %9s  %s%n", "SKU", "ON HAND", "RESERVED", "AVAILABLE", "TITLE");
                int shown = 0;
                for (StockLevel s : q.stockLevels()) {
                    if ((sku == null || s.code().equals(sku)) && (!low || s.low())) {
                        out.printf("%-18s %8s %8s %9d  %s%s%n", s.code(), s.kit() ? "kit" : s.onHand(), s.kit() ? "" : s.reserved(),
                                s.available(), s.title(), s.low() ? "  (low)" : "");
                        shown++;
                    }
                }
                if (sku != null && shown == 0) {
                    spec.commandLine().getErr().println("unknown SKU \"" + sku + "\"");
                    return 1;
                }
                return 0;
            }
        }
    }

    @Command(name = "ledger", description = "Ledger rows, newest first.")
    static final class Ledger implements Callable<Integer> {
        @Mixin ConnectionOptions connection = new ConnectionOptions();
        @Spec CommandSpec spec;
        @Option(names = "--sku") String sku;
        @Option(names = "--kind", description = "restock, return, count, sale, reserve, confirm, release, expire") String kind;
        @Option(names = "--channel") String channel;
        @Option(names = "--actor", description = "Database login that made the change") String actor;
        @Option(names = "--from", description = "ISO-8601 moment (inclusive)") String from;
        @Option(names = "--to", description = "ISO-8601 moment (exclusive)") String to;
        @Option(names = "--limit", defaultValue = "50") int limit;

        @Override
        public Integer call() {
            if (limit < 1 || limit > 100_000) {
                throw new IllegalArgumentException("--limit must be between 1 and 100000");
            }
            PrintWriter out = spec.commandLine().getOut();
            try (DatabaseSession session = connection.open(2)) {
                StockQueries q = new StockQueries(session.database().dsl(), session.database().sellerId());
                LedgerFilter filter = new LedgerFilter(sku, kind, channel, actor,
                        from == null ? null : parseInstant(from), to == null ? null : parseInstant(to));
                LedgerPage page = q.ledgerPage(filter, null, limit);
                out.printf("%-27s %-16s %5s %-8s %7s %7s %8s %8s  %-9s %-12s %s%n", "WHEN (UTC)", "SKU", "SEQ", "KIND",
                        "ON HAND", "RESERVD", "ON AFTER", "RES AFTER", "CHANNEL", "ORDER", "ACTOR / REASON");
                for (LedgerEntry e : page.rows()) {
                    out.printf("%-27s %-16s %5d %-8s %+7d %+7d %8d %8d  %-9s %-12s %s%s%n", e.createdAt(), e.sku(), e.seq(), e.kind(),
                            e.onHandDelta(), e.reservedDelta(), e.onHandAfter(), e.reservedAfter(),
                            e.channel() == null ? "" : e.channel(), e.orderRef() == null ? "" : e.orderRef(), e.actor(),
                            e.reason() == null ? "" : " / " + e.reason());
                }
                if (page.hasMore()) {
                    out.println("... more rows: raise --limit or narrow with --to " + page.next().createdAt());
                }
                return 0;
            }
        }
    }
}
