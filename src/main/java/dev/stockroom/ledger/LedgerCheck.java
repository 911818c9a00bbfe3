package dev.stockroom.ledger;

import dev.stockroom.audit.LedgerHash;
import dev.stockroom.audit.LedgerRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Recomputes every SKU from its ledger: the chain (seq gapless, prev_hash links, each hash
 * recomputed from sql/LEDGER_HASH.md), the before/after balances, no negative ever, the
 * stock row equal to the ledger, and reserved equal to the held reservations.
 */
public final class LedgerCheck {
    private final DataSource ds;
    private final long sellerId;

    public LedgerCheck(DataSource ds, long sellerId) {
        this.ds = ds;
        this.sellerId = sellerId;
    }

    /** What the check found: counts, and every problem in words (empty when all is well). */
    public record Report(int skus, long rows, List<String> problems) {
        public boolean passed() {
            return problems.isEmpty();
        }
    }

    private record StockRow(String code, int onHand, int reserved, long seq, byte[] headHash, int held) {
    }

    public Report run() {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);  // a cursor: the ledger streams, memory stays flat
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);  // one snapshot for ledger and stock
            c.setReadOnly(true);
            try {
                return check(c);
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new KernelException("The check could not read the database: " + KernelCall.readable(e), e.getSQLState(), e);
        }
    }

    private Report check(Connection c) throws SQLException {
        Map<Long, StockRow> stock = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT s.sku_id, k.code, s.on_hand, s.reserved, s.seq, s.head_hash,
                       coalesce((SELECT sum(r.qty) FROM stockroom.reservation r
                                  WHERE r.seller_id = s.seller_id AND r.sku_id = s.sku_id AND r.status = 'held'), 0) AS held
                  FROM stockroom.stock s JOIN stockroom.sku k ON k.seller_id = s.seller_id AND k.sku_id = s.sku_id
                 WHERE s.seller_id = ?""")) {
            ps.setLong(1, sellerId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stock.put(rs.getLong(1), new StockRow(rs.getString(2), rs.getInt(3), rs.getInt(4), rs.getLong(5),
                            rs.getBytes(6), rs.getInt(7)));
                }
            }
        }
        List<String> problems = new ArrayList<>();
        Map<Long, long[]> seen = new HashMap<>();  // sku -> {seq, on_hand, reserved}
        Map<Long, byte[]> heads = new HashMap<>();
        long rows = 0;
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT seller_id, sku_id, seq, kind, on_hand_delta, reserved_delta, on_hand_after, reserved_after,
                       channel, order_ref, reason, movement_id, actor, created_at, prev_hash, hash
                  FROM stockroom.ledger WHERE seller_id = ? ORDER BY sku_id, seq""")) {
            ps.setFetchSize(5_000);
            ps.setLong(1, sellerId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows++;
                    LedgerRow r = row(rs);
                    String code = stock.containsKey(r.skuId()) ? stock.get(r.skuId()).code() : "sku#" + r.skuId();
                    long[] state = seen.computeIfAbsent(r.skuId(), k -> new long[] {0, 0, 0});
                    byte[] prev = heads.getOrDefault(r.skuId(), LedgerHash.GENESIS);
                    String where = code + " seq " + r.seq();
                    if (r.seq() != state[0] + 1) {
                        problems.add(where + ": expected seq " + (state[0] + 1) + " (a row is missing or out of order)");
                    }
                    if (!Arrays.equals(r.prevHash(), prev)) {
                        problems.add(where + ": prev_hash does not match the previous row's hash (chain broken)");
                    }
                    if (!LedgerHash.selfConsistent(r)) {
                        problems.add(where + ": hash does not match the row's content (row edited)");
                    }
                    long onHand = state[1] + r.onHandDelta();
                    long reserved = state[2] + r.reservedDelta();
                    if (onHand != r.onHandAfter() || reserved != r.reservedAfter()) {
                        problems.add(where + ": balances after (" + r.onHandAfter() + " on hand, " + r.reservedAfter()
                                + " reserved) are not the previous balances plus the deltas (" + onHand + ", " + reserved + ")");
                    }
                    if (r.reservedAfter() < 0 || r.onHandAfter() < r.reservedAfter()) {
                        problems.add(where + ": negative stock (" + r.onHandAfter() + " on hand, " + r.reservedAfter() + " reserved)");
                    }
                    state[0] = r.seq();
                    state[1] = r.onHandAfter();
                    state[2] = r.reservedAfter();
                    heads.put(r.skuId(), r.hash());
                }
            }
        }
        for (Map.Entry<Long, StockRow> e : stock.entrySet()) {
            StockRow s = e.getValue();
            long[] state = seen.getOrDefault(e.getKey(), new long[] {0, 0, 0});
            byte[] head = heads.getOrDefault(e.getKey(), LedgerHash.GENESIS);
            if (s.onHand() != state[1] || s.reserved() != state[2]) {
                problems.add(s.code() + ": stock row says " + s.onHand() + " on hand, " + s.reserved()
                        + " reserved but the ledger sums to " + state[1] + ", " + state[2]);
            }
            if (s.seq() != state[0] || !Arrays.equals(s.headHash(), head)) {
                problems.add(s.code() + ": stock row's head (seq " + s.seq() + ") is not the ledger's last row (seq " + state[0] + ")");
            }
            if (s.reserved() != s.held()) {
                problems.add(s.code() + ": " + s.reserved() + " reserved but held reservations add up to " + s.held());
            }
        }
        for (Long sku : seen.keySet()) {
            if (!stock.containsKey(sku)) {
                problems.add("sku#" + sku + ": ledger rows for a SKU with no stock row");
            }
        }
        return new Report(stock.size(), rows, problems);
    }

    static LedgerRow row(ResultSet rs) throws SQLException {
        return new LedgerRow(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getInt(5), rs.getInt(6),
                rs.getInt(7), rs.getInt(8), rs.getString(9), rs.getString(10), rs.getString(11),
                rs.getObject(12, UUID.class), rs.getString(13),
                rs.getObject(14, java.time.OffsetDateTime.class).toInstant(), rs.getBytes(15), rs.getBytes(16));
    }
}
