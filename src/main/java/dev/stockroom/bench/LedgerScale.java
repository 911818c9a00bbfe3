package dev.stockroom.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.stockroom.audit.AuditKeys;
import dev.stockroom.audit.AuditProgress;
import dev.stockroom.audit.AuditService;
import dev.stockroom.audit.ExportSummary;
import dev.stockroom.audit.ExportVerifier;
import dev.stockroom.audit.LedgerHash;
import dev.stockroom.audit.VerifyOptions;
import dev.stockroom.audit.VerifyReport;
import dev.stockroom.audit.LedgerRow;
import dev.stockroom.ledger.LedgerCheck;
import dev.stockroom.ledger.LedgerFilter;
import dev.stockroom.ledger.LedgerPage;
import dev.stockroom.ledger.StockQueries;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import java.util.UUID;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * A ledger of N rows (1,000 SKUs, a year of history, real hash chains, loaded with COPY),
 * then the reads a console and an auditor make of it: point-in-time stock, a history page,
 * and the full {@code check}.
 */
final class LedgerScale {
    static final int SKUS = 1_000;

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
        BenchDatabase.exec(seller, "SELECT count(*) FROM generate_series(1, " + SKUS + ") g, LATERAL stockroom.add_sku(" + s
                + ", 'L-' || g, 'Ledger ' || g, '{}', 0)");
        long firstSku = Long.parseLong(BenchDatabase.query(admin, "SELECT min(sku_id) FROM stockroom.sku WHERE code LIKE 'L-%'"));
        out.printf("%nledger-scale: generating %,d ledger rows over %d SKUs (one year)...%n", rows, SKUS);
        out.flush();
        long t0 = System.nanoTime();
        Instant end = Instant.now().minus(1, ChronoUnit.MINUTES);
        Instant begin = end.minus(365, ChronoUnit.DAYS);
        load(admin, s, firstSku, rows, begin, end);
        double loadSeconds = (System.nanoTime() - t0) / 1e9;
        out.printf("loaded in %.0f s (%,.0f rows/s with COPY, hashes computed in Java)%n", loadSeconds, rows / loadSeconds);

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

    /** Streams rows into COPY and leaves each SKU's stock row at its ledger head. */
    private static void load(HikariDataSource admin, long seller, long firstSku, long rows, Instant begin, Instant end) throws Exception {
        long perSku = Math.max(1, rows / SKUS);
        long stepMicros = Math.max(1, (LedgerHash.micros(end) - LedgerHash.micros(begin)) / perSku);
        Random random = new Random(42);
        StringBuilder heads = new StringBuilder();
        try (Connection c = admin.getConnection()) {
            CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY stockroom.ledger (seller_id, sku_id, seq, kind, "
                    + "on_hand_delta, reserved_delta, on_hand_after, reserved_after, channel, order_ref, reason, movement_id, actor, "
                    + "created_at, prev_hash, hash) FROM STDIN");
            StringBuilder buf = new StringBuilder(1 << 20);
            for (int k = 0; k < SKUS; k++) {
                long sku = firstSku + k;
                byte[] prev = LedgerHash.GENESIS;
                int onHand = 0;
                long micros = LedgerHash.micros(begin) + random.nextInt(1_000_000);
                long n = k < rows % SKUS ? perSku + 1 : perSku;
                for (long seq = 1; seq <= n; seq++) {
                    boolean restock = onHand < 5 || random.nextInt(6) == 0;
                    int delta = restock ? 5 + random.nextInt(20) : -1 - random.nextInt(Math.min(3, onHand));
                    onHand += delta;
                    String channel = restock ? null : FlashSale.CHANNELS[random.nextInt(3)];
                    String order = restock ? null : "O-" + sku + "-" + seq;
                    LedgerRow row = new LedgerRow(seller, sku, seq, restock ? "restock" : "sale", delta, 0, onHand, 0, channel, order,
                            null, new UUID(random.nextLong(), random.nextLong()), "bench", LedgerHash.fromMicros(micros), prev, null);
                    byte[] hash = LedgerHash.hash(prev, row);
                    buf.append(seller).append('\t').append(sku).append('\t').append(seq).append('\t').append(row.kind()).append('\t')
                            .append(delta).append("\t0\t").append(onHand).append("\t0\t").append(channel == null ? "\\N" : channel)
                            .append('\t').append(order == null ? "\\N" : order).append("\t\\N\t").append(row.movementId())
                            .append("\tbench\t").append(row.createdAt()).append("\t\\\\x").append(LedgerHash.hex(prev))
                            .append("\t\\\\x").append(LedgerHash.hex(hash)).append('\n');
                    if (buf.length() > (1 << 20) - 1024) {
                        byte[] bytes = buf.toString().getBytes(StandardCharsets.UTF_8);
                        copy.writeToCopy(bytes, 0, bytes.length);
                        buf.setLength(0);
                    }
                    prev = hash;
                    micros += stepMicros;
                }
                heads.append(heads.length() == 0 ? "" : ",").append("(").append(sku).append(",").append(onHand).append(",").append(n)
                        .append(",'\\x").append(LedgerHash.hex(prev)).append("'::bytea,'").append(LedgerHash.fromMicros(micros - stepMicros))
                        .append("'::timestamptz)");
            }
            byte[] bytes = buf.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            copy.endCopy();
        }
        BenchDatabase.exec(admin, "UPDATE stockroom.stock s SET on_hand = v.on_hand, seq = v.seq, head_hash = v.head, last_at = v.at "
                + "FROM (VALUES " + heads + ") AS v(sku_id, on_hand, seq, head, at) WHERE s.seller_id = " + seller + " AND s.sku_id = v.sku_id");
        BenchDatabase.exec(admin, "VACUUM ANALYZE stockroom.ledger");
    }
}
