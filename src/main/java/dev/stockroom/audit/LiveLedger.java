package dev.stockroom.audit;

import dev.stockroom.ledger.KernelException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The live ledger through the same chain check as an export: to take a checkpoint (only of a
 * ledger that verifies; a checkpoint must never certify a broken one) and to hold the live
 * database to an earlier checkpoint. Streams every row once in (sku, seq) order.
 */
public final class LiveLedger {
    private static final int FETCH = 10_000;

    private final DataSource ds;
    private final long sellerId;

    public LiveLedger(DataSource ds, long sellerId) {
        this.ds = ds;
        this.sellerId = sellerId;
    }

    /** What a checkpoint run found: the file written, or why none was. */
    public record CheckpointResult(Path file, Checkpoint checkpoint, VerifyReport check) {
        public boolean written() {
            return file != null;
        }
    }

    /** Verifies the live chains and, when they hold, writes a signed checkpoint of their heads. */
    public CheckpointResult checkpoint(Path out, AuditKeys keys, AuditProgress progress) {
        Snapshot s = read(null, progress);
        if (!s.report.passed()) {
            return new CheckpointResult(null, null, s.report);
        }
        Map<Long, Checkpoint.Head> heads = new LinkedHashMap<>();
        for (ChainVerifier.Chain c : s.chains) {
            heads.put(c.skuId, new Checkpoint.Head(c.skuId, c.code, c.seq, c.hash.clone(), (int) c.onHand, (int) c.reserved));
        }
        byte[] bytes = Checkpoint.sign(sellerId, s.sellerName, s.at, s.login, heads, keys);
        try {
            Path target = out.toAbsolutePath();
            if (target.getParent() != null) {
                Files.createDirectories(target.getParent());
            }
            Path partial = target.resolveSibling(target.getFileName() + ".partial");
            Files.write(partial, bytes);
            try {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("The checkpoint could not be written to " + out + ": " + e.getMessage(), e);
        }
        return new CheckpointResult(out, Checkpoint.read(out), s.report);
    }

    /** Holds the live ledger to an earlier checkpoint: every chain recomputed, and each must pass through its head. */
    public VerifyReport check(Checkpoint cp, Trust trust, AuditProgress progress) {
        return read(cp, progress, trust).report;
    }

    private record Snapshot(VerifyReport report, List<ChainVerifier.Chain> chains, String sellerName, String login, Instant at) {
    }

    private Snapshot read(Checkpoint cp, AuditProgress progress) {
        return read(cp, progress, Trust.none());
    }

    private Snapshot read(Checkpoint cp, AuditProgress progress, Trust trust) {
        long started = System.nanoTime();
        Findings findings = new Findings();
        List<String> notes = new ArrayList<>();
        if (cp != null) {
            if (!cp.signatureValid()) {
                findings.add(Finding.Kind.SIGNATURE, null, 0, "checkpoint", "the checkpoint's signature does not match it: "
                        + "the checkpoint was changed after it was signed");
            } else if (trust.anchored() && !trust.trusts(cp.signerKey())) {
                findings.add(Finding.Kind.SIGNATURE, null, 0, "checkpoint", "the checkpoint is signed by key "
                        + AuditKeys.fingerprint(cp.signerKey()) + ", which is not a key you trust (--trust)");
            } else if (!trust.anchored()) {
                notes.add("The checkpoint's signature is valid; its signer (" + AuditKeys.fingerprint(cp.signerKey())
                        + ") was not checked against a trusted key (--trust).");
            }
            if (cp.sellerId() != sellerId) {
                findings.add(Finding.Kind.CHECKPOINT, null, 0, "checkpoint", "the checkpoint is for seller " + cp.sellerId()
                        + ", not seller " + sellerId);
            }
        }
        ChainVerifier chains = new ChainVerifier(findings, null, false);
        if (cp != null) {
            chains.checkpoint(cp);
        }
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try {
                String sellerName;
                String login;
                Instant at;
                String where;
                try (PreparedStatement ps = c.prepareStatement("SELECT s.name, session_user, statement_timestamp(), current_database() "
                        + "FROM stockroom.seller s WHERE s.seller_id = ?")) {
                    ps.setLong(1, sellerId);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            throw new IllegalArgumentException("Seller " + sellerId + " is not visible to this login: is it a member?");
                        }
                        sellerName = rs.getString(1);
                        login = rs.getString(2);
                        at = rs.getObject(3, OffsetDateTime.class).toInstant();
                        where = "live database " + rs.getString(4) + " as " + login;
                    }
                }
                long total;
                try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM stockroom.ledger WHERE seller_id = ?")) {
                    ps.setLong(1, sellerId);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        total = rs.getLong(1);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT s.sku_id, k.code FROM stockroom.stock s "
                        + "JOIN stockroom.sku k ON k.seller_id = s.seller_id AND k.sku_id = s.sku_id WHERE s.seller_id = ? ORDER BY s.sku_id")) {
                    ps.setLong(1, sellerId);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            chains.start(rs.getLong(1), rs.getString(2));
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("""
                        SELECT sku_id, seq, kind, on_hand_delta, reserved_delta, on_hand_after, reserved_after,
                               channel, order_ref, reason, movement_id, actor, created_at, prev_hash, hash
                          FROM stockroom.ledger WHERE seller_id = ? ORDER BY sku_id, seq""")) {
                    ps.setFetchSize(FETCH);
                    ps.setLong(1, sellerId);
                    DatabaseRow row = new DatabaseRow();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            row.set(new LedgerRow(sellerId, rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getInt(4), rs.getInt(5),
                                    rs.getInt(6), rs.getInt(7), rs.getString(8), rs.getString(9), rs.getString(10),
                                    rs.getObject(11, UUID.class), rs.getString(12), rs.getObject(13, OffsetDateTime.class).toInstant(),
                                    rs.getBytes(14), rs.getBytes(15)));
                            chains.accept(row);
                            if (row.line % FETCH == 0) {
                                progress.update(row.line, total);
                            }
                        }
                    }
                    progress.update(row.line, total);
                }
                chains.finish();
                VerifyReport report = new VerifyReport(findings.any() ? VerifyReport.Outcome.FAILED : VerifyReport.Outcome.PASSED,
                        where, null, null, List.copyOf(notes), chains.rows(), chains.chains().size(), System.nanoTime() - started,
                        findings.ordered(), findings.total(), null);
                List<ChainVerifier.Chain> all = new ArrayList<>(chains.chains().values());
                all.sort((a, b) -> Long.compare(a.skuId, b.skuId));
                return new Snapshot(report, all, sellerName, login, at);
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new KernelException("The ledger could not be read: " + e.getMessage(), e.getSQLState(), e);
        }
    }

    /** A database row seen through the chain check. */
    private static final class DatabaseRow implements ChainRow {
        private LedgerRow r;
        private long line;

        void set(LedgerRow row) {
            this.r = row;
            line++;
        }

        @Override
        public long skuId() {
            return r.skuId();
        }

        @Override
        public long seq() {
            return r.seq();
        }

        @Override
        public String kind() {
            return r.kind();
        }

        @Override
        public int onHandDelta() {
            return r.onHandDelta();
        }

        @Override
        public int reservedDelta() {
            return r.reservedDelta();
        }

        @Override
        public int onHandAfter() {
            return r.onHandAfter();
        }

        @Override
        public int reservedAfter() {
            return r.reservedAfter();
        }

        @Override
        public long micros() {
            return LedgerHash.micros(r.createdAt());
        }

        @Override
        public byte[] storedHash() {
            return r.hash();
        }

        @Override
        public void computeHash(byte[] prev, byte[] out) {
            System.arraycopy(LedgerHash.hash(prev, r), 0, out, 0, 32);
        }

        @Override
        public long line() {
            return line;
        }

        @Override
        public String where() {
            return "ledger table, movement " + r.movementId();
        }
    }
}
