package dev.stockroom.audit;

import dev.stockroom.ledger.KernelException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Writes a seller's ledger (all of it, or a time range) to one signed export file. Reads one
 * consistent snapshot (REPEATABLE READ), the ledger itself by binary COPY in stretches of time
 * ({@link LedgerCopy}), so ten million rows stream through in bounded memory; rows are written
 * exactly as stored, hashes included, so anything rewritten behind the kernel's back shows up
 * when the file is verified.
 */
public final class LedgerExporter {
    private static final int FETCH = 10_000;

    private final DataSource ds;
    private final long sellerId;
    private final AuditKeys keys;
    private final LedgerCopy.Settings settings;

    /**
     * Reads the ledger over two connections from {@code ds} when it has them to spare (one
     * snapshot for both); with one, the export is the same file, read on one.
     */
    public LedgerExporter(DataSource ds, long sellerId, AuditKeys keys) {
        this(ds, sellerId, keys, LedgerCopy.Settings.defaults());
    }

    LedgerExporter(DataSource ds, long sellerId, AuditKeys keys, LedgerCopy.Settings settings) {
        this.ds = ds;
        this.sellerId = sellerId;
        this.keys = keys;
        this.settings = settings;
    }

    /**
     * @param from first moment included, or null for the whole history
     * @param to   first moment excluded, or null for everything up to now
     */
    public ExportSummary export(Path out, Instant from, Instant to, AuditProgress progress) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("--from (" + from + ") must be before --to (" + to + ")");
        }
        long started = System.nanoTime();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);  // a cursor needs a transaction; the snapshot keeps every part consistent
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            String snapshot = LedgerCopy.shareSnapshot(c, settings);
            try (java.sql.Statement st = c.createStatement()) {
                st.execute("SET LOCAL jit = off");  // compiling each stretch's query would cost more than it saves
            }
            try (ExportWriter writer = new ExportWriter(out, keys)) {
                ExportSummary s = write(c, writer, out, from, to, progress, started, snapshot);
                c.rollback();
                return s;
            } catch (IOException e) {
                throw new UncheckedIOException("The export could not be written to " + out + ": " + e.getMessage(), e);
            } finally {
                if (!c.getAutoCommit()) {
                    c.rollback();
                }
            }
        } catch (SQLException e) {
            throw new KernelException("The export could not read the database: " + e.getMessage(), e.getSQLState(), e);
        }
    }

    private ExportSummary write(Connection c, ExportWriter w, Path out, Instant from, Instant requestedTo, AuditProgress progress,
                                long started, String sharedSnapshot) throws SQLException, IOException {
        String sellerName;
        String login;
        Instant snapshot;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT s.name, session_user, statement_timestamp() FROM stockroom.seller s WHERE s.seller_id = ?")) {
            ps.setLong(1, sellerId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("Seller " + sellerId + " is not visible to this login: is it a member?");
                }
                sellerName = rs.getString(1);
                login = rs.getString(2);
                snapshot = rs.getObject(3, OffsetDateTime.class).toInstant();
            }
        }
        Instant to = requestedTo == null || requestedTo.isAfter(snapshot) ? snapshot : requestedTo;
        if (from != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("--from (" + from + ") is not before the end of the range (" + to + "): nothing to export");
        }
        w.beginSkus();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT k.sku_id, k.code, k.title, k.is_kit,
                       (SELECT string_agg(b.barcode, ' ' ORDER BY b.barcode) FROM stockroom.barcode b
                         WHERE b.seller_id = k.seller_id AND b.sku_id = k.sku_id)
                  FROM stockroom.sku k WHERE k.seller_id = ? ORDER BY k.sku_id""")) {
            ps.setFetchSize(FETCH);
            ps.setLong(1, sellerId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    w.sku(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getString(5));
                }
            }
        }
        // Where each SKU's history in the file starts: the genesis, or its last row before the range.
        try (PreparedStatement ps = c.prepareStatement(from == null
                ? "SELECT s.sku_id, 0, NULL::bytea, 0, 0 FROM stockroom.stock s WHERE s.seller_id = ? ORDER BY s.sku_id"
                : """
                SELECT s.sku_id, coalesce(o.seq, 0), o.hash, coalesce(o.on_hand_after, 0), coalesce(o.reserved_after, 0)
                  FROM stockroom.stock s
                  LEFT JOIN LATERAL (SELECT l.seq, l.hash, l.on_hand_after, l.reserved_after FROM stockroom.ledger l
                                      WHERE l.seller_id = s.seller_id AND l.sku_id = s.sku_id AND l.created_at < ?
                                      ORDER BY l.created_at DESC, l.seq DESC LIMIT 1) o ON true
                 WHERE s.seller_id = ? ORDER BY s.sku_id""")) {
            ps.setFetchSize(FETCH);
            int i = 1;
            if (from != null) {
                ps.setObject(i++, utc(from));
            }
            ps.setLong(i, sellerId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byte[] hash = rs.getBytes(3);
                    w.opening(rs.getLong(1), rs.getLong(2), hash == null ? LedgerHash.GENESIS : hash, rs.getInt(4), rs.getInt(5));
                }
            }
        }

        w.beginLedger();
        LedgerCopy ledger = new LedgerCopy(c, ds, sellerId, w.skuCodes(), settings, sharedSnapshot);
        long total = ledger.plan(from, to);
        progress.update(0, total);
        long[] rows = {0};
        ledger.run(block -> {
            w.ledgerCsv(block);
            rows[0] += block.rows;
            progress.update(rows[0], Math.max(total, rows[0]));
        });
        for (Map.Entry<Long, Long> u : w.unopened().entrySet()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT l.prev_hash FROM stockroom.ledger l WHERE l.seller_id = ? AND l.sku_id = ? AND l.seq = ?")) {
                ps.setLong(1, sellerId);
                ps.setLong(2, u.getKey());
                ps.setLong(3, u.getValue() + 1);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    w.opened(u.getKey(), rs.getBytes(1));
                }
            }
        }

        w.beginReservations();
        long reservations = 0;
        // A reservation's state at the end of the range, read from the ledger rows that made and closed it.
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT r.channel, r.order_ref, r.sku_id, r.qty, r.expires_at, lr.created_at, lc.created_at, lc.kind,
                       r.movement_id, lc.movement_id
                  FROM stockroom.reservation r
                  JOIN stockroom.ledger lr ON lr.seller_id = r.seller_id AND lr.sku_id = r.sku_id AND lr.movement_id = r.movement_id
                                          AND lr.kind = 'reserve' AND lr.channel = r.channel AND lr.order_ref = r.order_ref
                  LEFT JOIN stockroom.ledger lc ON lc.seller_id = r.seller_id AND lc.sku_id = r.sku_id AND lc.movement_id = r.closed_by
                                               AND lc.kind IN ('confirm', 'release', 'expire')
                                               AND lc.channel = r.channel AND lc.order_ref = r.order_ref AND lc.created_at < ?
                 WHERE r.seller_id = ? AND lr.created_at < ?""" + (from != null ? " AND (lc.created_at IS NULL OR lc.created_at >= ?)" : "")
                + " ORDER BY lr.created_at, r.sku_id, r.channel, r.order_ref")) {
            ps.setFetchSize(FETCH);
            ps.setObject(1, utc(to));
            ps.setLong(2, sellerId);
            ps.setObject(3, utc(to));
            if (from != null) {
                ps.setObject(4, utc(from));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    OffsetDateTime closedAt = rs.getObject(7, OffsetDateTime.class);
                    String kind = rs.getString(8);
                    String status = closedAt == null ? "held" : switch (kind) {
                        case "confirm" -> "confirmed";
                        case "release" -> "released";
                        default -> "expired";
                    };
                    UUID closeMovement = rs.getObject(10, UUID.class);
                    w.reservation(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getInt(4),
                            status, rs.getObject(5, OffsetDateTime.class).toInstant(), rs.getObject(6, OffsetDateTime.class).toInstant(),
                            closedAt == null ? null : closedAt.toInstant(), rs.getObject(9, UUID.class).toString(),
                            closeMovement == null ? null : closeMovement.toString());
                    reservations++;
                }
            }
        }
        Manifest m = w.finish(sellerId, sellerName, snapshot, login, from, to);
        return new ExportSummary(out, rows[0], m.skus().size(), reservations, from, to, keys.publicKeyText(),
                AuditKeys.fingerprint(keys.publicKey()), Files.size(out), System.nanoTime() - started);
    }

    static OffsetDateTime utc(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}
