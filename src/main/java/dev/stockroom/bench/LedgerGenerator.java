package dev.stockroom.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.stockroom.audit.LedgerHash;
import dev.stockroom.audit.LedgerRow;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The big ledger the ledger-scale and console scenarios stand on: {@value #SKUS} SKUs
 * ({@code L-1..}), a year of history, real hash chains, loaded with COPY.
 */
final class LedgerGenerator {
    static final int SKUS = 1_000;

    /** The year the generated history covers. */
    record Span(Instant begin, Instant end) {
    }

    private LedgerGenerator() {
    }

    /** Adds the SKUs for the bench seller and fills their ledger with {@code rows} rows; says how long it took. */
    static Span generate(BenchDatabase db, HikariDataSource admin, HikariDataSource seller, long rows, PrintWriter out) throws Exception {
        long s = db.sellerId;
        BenchDatabase.exec(seller, "SELECT count(*) FROM generate_series(1, " + SKUS + ") g, LATERAL stockroom.add_sku(" + s
                + ", 'L-' || g, 'Ledger ' || g, '{}', 0)");
        long firstSku = Long.parseLong(BenchDatabase.query(admin, "SELECT min(sku_id) FROM stockroom.sku WHERE code LIKE 'L-%'"));
        out.printf("generating %,d ledger rows over %d SKUs (one year)...%n", rows, SKUS);
        out.flush();
        long t0 = System.nanoTime();
        Instant end = Instant.now().minus(1, ChronoUnit.MINUTES);
        Instant begin = end.minus(365, ChronoUnit.DAYS);
        load(admin, s, firstSku, rows, begin, end);
        double loadSeconds = (System.nanoTime() - t0) / 1e9;
        out.printf("loaded in %.0f s (%,.0f rows/s with COPY, hashes computed in Java)%n", loadSeconds, rows / loadSeconds);
        out.flush();
        return new Span(begin, end);
    }

    /**
     * Streams rows into COPY in time order, all SKUs interleaved, as the kernel appends them (a
     * real ledger lies on disk in the order it was written), and leaves each SKU's stock row at
     * its ledger head.
     */
    private static void load(HikariDataSource admin, long seller, long firstSku, long rows, Instant begin, Instant end) throws Exception {
        long perSku = Math.max(1, rows / SKUS);
        long stepMicros = Math.max(1, (LedgerHash.micros(end) - LedgerHash.micros(begin)) / perSku);
        Random random = new Random(42);
        byte[][] prev = new byte[SKUS][];
        int[] onHand = new int[SKUS];
        long[] micros = new long[SKUS];
        long[] count = new long[SKUS];
        for (int k = 0; k < SKUS; k++) {
            prev[k] = LedgerHash.GENESIS;
            micros[k] = LedgerHash.micros(begin) + (long) k * Math.min(stepMicros, 1_000_000) / SKUS;  // SKUs a moment apart in each round
            count[k] = k < rows % SKUS ? perSku + 1 : perSku;
        }
        try (Connection c = admin.getConnection()) {
            CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY stockroom.ledger (seller_id, sku_id, seq, kind, "
                    + "on_hand_delta, reserved_delta, on_hand_after, reserved_after, channel, order_ref, reason, movement_id, actor, "
                    + "created_at, prev_hash, hash) FROM STDIN");
            StringBuilder buf = new StringBuilder(1 << 20);
            for (long seq = 1; seq <= perSku + 1; seq++) {
                for (int k = 0; k < SKUS; k++) {
                    if (seq > count[k]) {
                        continue;
                    }
                    long sku = firstSku + k;
                    boolean restock = onHand[k] < 5 || random.nextInt(6) == 0;
                    int delta = restock ? 5 + random.nextInt(20) : -1 - random.nextInt(Math.min(3, onHand[k]));
                    onHand[k] += delta;
                    String channel = restock ? null : FlashSale.CHANNELS[random.nextInt(3)];
                    String order = restock ? null : "O-" + sku + "-" + seq;
                    LedgerRow row = new LedgerRow(seller, sku, seq, restock ? "restock" : "sale", delta, 0, onHand[k], 0, channel, order,
                            null, new UUID(random.nextLong(), random.nextLong()), "bench", LedgerHash.fromMicros(micros[k]), prev[k], null);
                    byte[] hash = LedgerHash.hash(prev[k], row);
                    buf.append(seller).append('\t').append(sku).append('\t').append(seq).append('\t').append(row.kind()).append('\t')
                            .append(delta).append("\t0\t").append(onHand[k]).append("\t0\t").append(channel == null ? "\\N" : channel)
                            .append('\t').append(order == null ? "\\N" : order).append("\t\\N\t").append(row.movementId())
                            .append("\tbench\t").append(row.createdAt()).append("\t\\\\x").append(LedgerHash.hex(prev[k]))
                            .append("\t\\\\x").append(LedgerHash.hex(hash)).append('\n');
                    if (buf.length() > (1 << 20) - 1024) {
                        byte[] bytes = buf.toString().getBytes(StandardCharsets.UTF_8);
                        copy.writeToCopy(bytes, 0, bytes.length);
                        buf.setLength(0);
                    }
                    prev[k] = hash;
                    micros[k] += stepMicros;
                }
            }
            byte[] bytes = buf.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            copy.endCopy();
        }
        StringBuilder heads = new StringBuilder();
        for (int k = 0; k < SKUS; k++) {
            heads.append(k == 0 ? "" : ",").append("(").append(firstSku + k).append(",").append(onHand[k]).append(",").append(count[k])
                    .append(",'\\x").append(LedgerHash.hex(prev[k])).append("'::bytea,'").append(LedgerHash.fromMicros(micros[k] - stepMicros))
                    .append("'::timestamptz)");
        }
        BenchDatabase.exec(admin, "UPDATE stockroom.stock s SET on_hand = v.on_hand, seq = v.seq, head_hash = v.head, last_at = v.at "
                + "FROM (VALUES " + heads + ") AS v(sku_id, on_hand, seq, head, at) WHERE s.seller_id = " + seller + " AND s.sku_id = v.sku_id");
        BenchDatabase.exec(admin, "VACUUM ANALYZE stockroom.ledger");
    }
}
