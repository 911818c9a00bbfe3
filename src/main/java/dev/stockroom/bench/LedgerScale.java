package dev.stockroom.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.stockroom.audit.AuditKeys;
import dev.stockroom.audit.AuditProgress;
import dev.stockroom.audit.AuditService;
import dev.stockroom.audit.ExportSummary;
import dev.stockroom.audit.ExportVerifier;
import dev.stockroom.audit.VerifyOptions;
import dev.stockroom.audit.VerifyReport;
import dev.stockroom.ledger.LedgerCheck;
import dev.stockroom.ledger.LedgerFilter;
import dev.stockroom.ledger.LedgerPage;
import dev.stockroom.ledger.StockQueries;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * A ledger of N rows ({@link LedgerGenerator}), then the reads a console and an auditor make of it: point-in-time stock, a history page,
 * and the full {@code check}.
 */
final class LedgerScale {
    static final int SKUS = LedgerGenerator.SKUS;

    private final BenchDatabase db;
    private final PrintWriter out;

    LedgerScale(BenchDatabase db, PrintWriter out) {
        this.db = db;
        this.out = out;
    }

    void run(long rows) throws Exception {
        HikariDataSource admin = db.admin(2);
        HikariDataSource seller = db.seller(2);
        long s = db.sellerId;
        out.printf("%nledger-scale: ");
        LedgerGenerator.Span generated = LedgerGenerator.generate(db, admin, seller, rows, out);
        Instant begin = generated.begin();
        Instant end = generated.end();

        StockQueries queries = new StockQueries(DSL.using(seller, SQLDialect.POSTGRES), s);
        Random random = new Random(7);
        long span = end.toEpochMilli() - begin.toEpochMilli();
        out.printf("%-40s %12s %8s %8s %8s%n", "operation", "per second", "p50 ms", "p99 ms", "max ms");
        for (int warm = 0; warm < 500; warm++) {
            queries.stockAt("L-" + (1 + random.nextInt(SKUS)), begin.plusMillis((long) (random.nextDouble() * span)));
        }
        Latencies pit = new Latencies();
        long p0 = System.nanoTime();
        for (int i = 0; i < 5_000; i++) {
            String code = "L-" + (1 + random.nextInt(SKUS));
            Instant at = begin.plusMillis((long) (random.nextDouble() * span));
            long q0 = System.nanoTime();
            queries.stockAt(code, at);
            pit.record(System.nanoTime() - q0);
        }
        report("point-in-time stock of one SKU", 5_000, p0, pit);

        Latencies page = new Latencies();
        long h0 = System.nanoTime();
        for (int i = 0; i < 2_000; i++) {
            LedgerFilter filter = i % 2 == 0 ? LedgerFilter.ALL : LedgerFilter.ALL.withSku("L-" + (1 + random.nextInt(SKUS)));
            Instant at = begin.plusMillis((long) (random.nextDouble() * span));
            LedgerPage.Key after = new LedgerPage.Key(at, Long.MAX_VALUE, Long.MAX_VALUE);
            long q0 = System.nanoTime();
            queries.ledgerPage(filter, after, 50);
            page.record(System.nanoTime() - q0);
        }
        report("history page of 50 (any depth)", 2_000, h0, page);

        long c0 = System.nanoTime();
        LedgerCheck.Report check = new LedgerCheck(seller, s).run();
        double checkSeconds = (System.nanoTime() - c0) / 1e9;
        out.printf("%-40s %12s   %s in %.1f s%n", "check (chains, balances, stock)", String.format("%,.0f rows", check.rows() / checkSeconds),
                check.passed() ? "passed" : "FAILED " + check.problems().size(), checkSeconds);
        out.flush();

        Path dir = Files.createTempDirectory("stockroom-bench-export");
        Path file = dir.resolve("ledger-export.zip");
        try {
            AuditService audit = new AuditService(seller, s, AuditKeys::generate);
            ExportSummary export = audit.export(file, null, null, AuditProgress.NONE);
            double exportSeconds = export.nanos() / 1e9;
            out.printf("%-40s %12s   %,d rows, %,d MB file in %.1f s%n", "audit export (signed zip)",
                    String.format("%,.0f rows", export.rows() / exportSeconds), export.rows(), export.bytes() >> 20, exportSeconds);
            out.flush();
            VerifyReport verify = ExportVerifier.verify(file, VerifyOptions.defaults());
            double verifySeconds = verify.nanos() / 1e9;
            out.printf("%-40s %12s   %s in %.1f s, no database%n", "audit verify (offline)",
                    String.format("%,.0f rows", verify.rows() / verifySeconds), verify.passed() ? "passed" : "FAILED", verifySeconds);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
        out.flush();
    }

    private void report(String what, int calls, long startNanos, Latencies l) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        Latencies sorted = Latencies.merge(java.util.List.of(l));
        out.printf("%-40s %12.0f %8.2f %8.2f %8.1f%n", what, calls / seconds, sorted.millisAt(0.5), sorted.millisAt(0.99), sorted.maxMillis());
        out.flush();
    }
}
