package dev.stockroom.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.ledger.StockKernel;
import dev.stockroom.ledger.StockQueries;
import dev.stockroom.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint, more trade, a new export: consistent. Then history rewritten behind the
 * kernel's back (a superuser with the append-only triggers off): caught in a new export and
 * in the live database, even when the forger recomputes every hash after the change.
 */
class AuditCheckpointTest {
    TestDatabase db;
    long seller;
    StockKernel kernel;
    StockQueries queries;
    AuditKeys keys = AuditKeys.generate();
    Trust trust = Trust.of(keys.publicKey());
    @TempDir
    Path dir;

    @BeforeEach
    void setUp() {
        db = TestDatabase.fresh();
        seller = db.newSeller("Checkpoint Teas", "cp_seller");
        kernel = db.kernel("cp_seller", seller);
        queries = new StockQueries(DSL.using(db.as("cp_seller", 1), SQLDialect.POSTGRES), seller);
        AuditFixtures.catalog(kernel);
        AuditFixtures.history(kernel, queries, new Random(3), 80);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    LiveLedger live() {
        return new LiveLedger(db.as("cp_seller", 1), seller);
    }

    Path export(String name) {
        Path f = dir.resolve(name);
        new LedgerExporter(db.as("cp_seller", 1), seller, keys).export(f, null, null, AuditProgress.NONE);
        return f;
    }

    Checkpoint checkpointThenMoreTrade() {
        LiveLedger.CheckpointResult cp = live().checkpoint(dir.resolve("cp.txt"), keys, AuditProgress.NONE);
        assertThat(cp.written()).isTrue();
        assertThat(cp.checkpoint().signatureValid()).isTrue();
        assertThat(cp.checkpoint().heads()).hasSize(AuditFixtures.SKUS.size());
        AuditFixtures.history(kernel, queries, new Random(4), 60);
        return Checkpoint.read(dir.resolve("cp.txt"));
    }

    @Test
    void aLaterExportAndTheLiveLedgerPassThroughTheCheckpoint() {
        Checkpoint cp = checkpointThenMoreTrade();
        VerifyReport file = ExportVerifier.verify(export("later.zip"), VerifyOptions.defaults().trust(trust).checkpoint(cp));
        assertThat(file.findings()).isEmpty();
        VerifyReport db = live().check(cp, trust, AuditProgress.NONE);
        assertThat(db.findings()).isEmpty();
        assertThat(db.passed()).isTrue();
    }

    @Test
    void anOldRowEditedInPlaceIsFoundInANewExportAndInTheLiveLedger() {
        Checkpoint cp = checkpointThenMoreTrade();
        Row victim = oldRow(cp);
        db.exec("ALTER TABLE stockroom.ledger DISABLE TRIGGER USER");
        db.exec("UPDATE stockroom.ledger SET on_hand_delta = on_hand_delta + 1, on_hand_after = on_hand_after + 1"
                + " WHERE seller_id = " + seller + " AND sku_id = " + victim.skuId + " AND seq = " + victim.seq);
        db.exec("ALTER TABLE stockroom.ledger ENABLE TRIGGER USER");

        VerifyReport file = ExportVerifier.verify(export("edited.zip"), VerifyOptions.defaults().trust(trust).checkpoint(cp));
        assertThat(file.outcome()).isEqualTo(VerifyReport.Outcome.FAILED);
        Finding first = file.firstProblem().orElseThrow();
        assertThat(first.sku()).isEqualTo(victim.code);
        assertThat(first.seq()).isEqualTo(victim.seq);
        assertThat(first.what()).contains("changed after it was written");

        VerifyReport liveReport = live().check(cp, trust, AuditProgress.NONE);
        assertThat(liveReport.outcome()).isEqualTo(VerifyReport.Outcome.FAILED);
        assertThat(liveReport.firstProblem().orElseThrow().sku()).isEqualTo(victim.code);
        assertThat(liveReport.firstProblem().orElseThrow().seq()).isEqualTo(victim.seq);
        // and a checkpoint of the broken ledger is refused
        assertThat(live().checkpoint(dir.resolve("cp2.txt"), keys, AuditProgress.NONE).written()).isFalse();
    }

    @Test
    void anOldRowRewrittenWithEveryLaterHashRecomputedIsCaughtOnlyByTheCheckpoint() throws Exception {
        Checkpoint cp = checkpointThenMoreTrade();
        Row victim = oldRow(cp);
        rewriteChainFrom(victim);

        // the forgery is internally consistent: without a checkpoint, nothing in the file betrays it
        Path forged = export("forged.zip");
        VerifyReport plain = ExportVerifier.verify(forged, VerifyOptions.defaults().trust(trust));
        assertThat(plain.findings()).isEmpty();

        Checkpoint.Head head = cp.heads().get(victim.skuId);
        VerifyReport file = ExportVerifier.verify(forged, VerifyOptions.defaults().trust(trust).checkpoint(cp));
        assertThat(file.outcome()).isEqualTo(VerifyReport.Outcome.FAILED);
        assertThat(file.findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Finding.Kind.CHECKPOINT);
            assertThat(f.sku()).isEqualTo(victim.code);
            assertThat(f.seq()).isEqualTo(head.seq());
            assertThat(f.what()).contains("rewritten after the checkpoint");
        });

        VerifyReport liveReport = live().check(cp, trust, AuditProgress.NONE);
        assertThat(liveReport.findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Finding.Kind.CHECKPOINT);
            assertThat(f.seq()).isEqualTo(head.seq());
        });
    }

    @Test
    void aTamperedCheckpointIsRefused() throws Exception {
        checkpointThenMoreTrade();
        Path cpFile = dir.resolve("cp.txt");
        String text = java.nio.file.Files.readString(cpFile);
        java.nio.file.Files.writeString(cpFile, text.replaceFirst("sku: (\\d+) (\\d+) ", "sku: $1 1$2 "));
        VerifyReport r = ExportVerifier.verify(export("any.zip"), VerifyOptions.defaults().checkpoint(Checkpoint.read(cpFile)));
        assertThat(r.findings()).anySatisfy(f -> assertThat(f.what()).contains("checkpoint's signature does not match"));
    }

    record Row(long skuId, String code, long seq) {
    }

    /** A restock or return before the checkpoint (a change a forger would inflate), of a plain SKU. */
    Row oldRow(Checkpoint cp) {
        for (Checkpoint.Head h : cp.heads().values()) {
            if (h.seq() >= 3 && !h.code().contains("\"")) {
                long seq = db.queryLong("SELECT coalesce(max(seq), 0) FROM stockroom.ledger WHERE seller_id = " + seller
                        + " AND sku_id = " + h.skuId() + " AND seq < " + h.seq() + " AND kind IN ('restock', 'return')");
                if (seq > 0) {
                    return new Row(h.skuId(), h.code(), seq);
                }
            }
        }
        throw new AssertionError("no SKU with history");
    }

    /** What a careful forger does: change a row, recompute every later hash of that SKU, fix the stock row. */
    void rewriteChainFrom(Row victim) throws Exception {
        List<LedgerRow> rows = new ArrayList<>();
        try (Connection c = db.admin().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT seller_id, sku_id, seq, kind, on_hand_delta, reserved_delta,"
                     + " on_hand_after, reserved_after, channel, order_ref, reason, movement_id, actor, created_at, prev_hash, hash"
                     + " FROM stockroom.ledger WHERE seller_id = ? AND sku_id = ? ORDER BY seq")) {
            ps.setLong(1, seller);
            ps.setLong(2, victim.skuId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new LedgerRow(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getInt(5), rs.getInt(6),
                            rs.getInt(7), rs.getInt(8), rs.getString(9), rs.getString(10), rs.getString(11),
                            rs.getObject(12, UUID.class), rs.getString(13), rs.getObject(14, OffsetDateTime.class).toInstant(),
                            rs.getBytes(15), rs.getBytes(16)));
                }
            }
        }
        db.exec("ALTER TABLE stockroom.ledger DISABLE TRIGGER USER");
        byte[] prev = LedgerHash.GENESIS;
        int extra = 0;
        try (Connection c = db.admin().getConnection();
             PreparedStatement up = c.prepareStatement("UPDATE stockroom.ledger SET on_hand_delta = ?, on_hand_after = ?, prev_hash = ?,"
                     + " hash = ? WHERE seller_id = ? AND sku_id = ? AND seq = ?")) {
            for (LedgerRow r : rows) {
                if (r.seq() == victim.seq) {
                    extra = 1;  // one more unit "arrived" than really did
                }
                LedgerRow changed = new LedgerRow(r.sellerId(), r.skuId(), r.seq(), r.kind(), r.onHandDelta() + (r.seq() == victim.seq ? 1 : 0),
                        r.reservedDelta(), r.onHandAfter() + extra, r.reservedAfter(), r.channel(), r.orderRef(), r.reason(),
                        r.movementId(), r.actor(), r.createdAt(), prev, null);
                byte[] hash = LedgerHash.hash(prev, changed);
                up.setInt(1, changed.onHandDelta());
                up.setInt(2, changed.onHandAfter());
                up.setBytes(3, prev);
                up.setBytes(4, hash);
                up.setLong(5, seller);
                up.setLong(6, victim.skuId);
                up.setLong(7, r.seq());
                up.executeUpdate();
                prev = hash;
            }
            try (PreparedStatement st = c.prepareStatement("UPDATE stockroom.stock SET on_hand = on_hand + 1, head_hash = ?"
                    + " WHERE seller_id = ? AND sku_id = ?")) {
                st.setBytes(1, prev);
                st.setLong(2, seller);
                st.setLong(3, victim.skuId);
                st.executeUpdate();
            }
        }
        db.exec("ALTER TABLE stockroom.ledger ENABLE TRIGGER USER");
    }
}
