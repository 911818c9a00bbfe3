package dev.stockroom.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.audit.LedgerHash;
import dev.stockroom.audit.LedgerRow;
import dev.stockroom.testing.Eventually;
import dev.stockroom.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ledger's canonical bytes, computed by the kernel (stockroom.ledger_canonical) and by the
 * offline verifier (LedgerHash.canonical), are the same bytes for every kind of row and for
 * awkward values: NULLs, unicode, separators and line breaks inside text, negative numbers.
 */
class CanonicalEncodingTest {
    static final String AWKWARD = "Ünïcödé ✓ 🚚 | pipe\nnew line\r\ncrlf ~ 3:x\t";

    static TestDatabase db;
    static Shop shop;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.fresh();
        shop = new Shop(db, "Encoding", "encoding_seller");
        db.member(shop.seller, "désk_ü", "seller");  // a login with non-ASCII letters: the actor field
        StockKernel k = new StockKernel(db.as("désk_ü", 2), shop.seller);
        k.addChannel("web", "shopify", "Web");
        k.addSku("MUG", "Mug", List.of(), 0);
        k.addSku("LID", "Lid", List.of(), 0);
        k.addKit("SET", "Set", List.of(OrderLine.of("MUG", 1), OrderLine.of("LID", 2)), List.of());
        ok(k.restock("MUG", 40));
        ok(k.restock(UUID.randomUUID(), "LID", 40, AWKWARD));
        ok(k.returnStock("MUG", 2, "web", "ret|1\nline two", AWKWARD));
        ok(k.adjust("MUG", 30, "cycle count: 12 broken | see note\n— Ω"));
        ok(k.sell(List.of(OrderLine.of("SET", 2)), "web", "sale|ü|\n"));
        ok(k.sell(List.of(OrderLine.of("LID", 1)), null, null));
        ok(k.reserve("web", "hold|1", List.of(OrderLine.of("MUG", 1)), Instant.now().plusSeconds(3600)));
        ok(k.confirm("web", "hold|1"));
        ok(k.reserve("desk", "hold 2 ✓", List.of(OrderLine.of("SET", 1)), Instant.now().plusSeconds(3600)));
        ok(k.release("desk", "hold 2 ✓"));
        ok(k.reserve("web", "soon", List.of(OrderLine.of("LID", 3)), Instant.now().plusMillis(200)));
        Eventually.await("the hold to pass its expiry", Duration.ofSeconds(10),
                () -> db.queryLong("SELECT count(*) FROM stockroom.reservation WHERE order_ref = 'soon' AND expires_at < now()") == 1);
        ok(k.expire(Instant.now()));
        k.sellBatch("LID", List.of(BatchOrder.of(1, "web", "batch|1"), BatchOrder.of(2, null, null)));
    }

    private static void ok(Outcome o) {
        assertThat(o.ok()).as(o.message()).isTrue();
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    @Test
    void kernelRowsOfEveryKindEncodeTheSameInSqlAndJava() throws SQLException {
        Set<String> kinds = new TreeSet<>();
        int rows = 0;
        try (Connection c = db.admin().getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT seller_id, sku_id, seq, kind, on_hand_delta, reserved_delta, on_hand_after, reserved_after,
                       channel, order_ref, reason, movement_id, actor, created_at, prev_hash, hash,
                       stockroom.ledger_canonical(seller_id, sku_id, seq, kind, on_hand_delta, reserved_delta, on_hand_after,
                           reserved_after, channel, order_ref, reason, movement_id, actor, created_at) AS canonical
                  FROM stockroom.ledger WHERE seller_id = ? ORDER BY sku_id, seq""")) {
            ps.setLong(1, shop.seller);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    LedgerRow row = LedgerCheck.row(rs);
                    byte[] sql = rs.getBytes("canonical");
                    assertThat(new String(LedgerHash.canonical(row), StandardCharsets.UTF_8))
                            .as("%s seq %s", row.kind(), row.seq())
                            .isEqualTo(new String(sql, StandardCharsets.UTF_8));
                    assertThat(LedgerHash.canonical(row)).isEqualTo(sql);
                    assertThat(LedgerHash.hash(row.prevHash(), row)).as("the stored hash").isEqualTo(row.hash());
                    kinds.add(row.kind());
                    rows++;
                }
            }
        }
        assertThat(kinds).containsExactlyInAnyOrder("restock", "return", "count", "sale", "reserve", "confirm", "release", "expire");
        assertThat(rows).isGreaterThan(12);
        assertThat(shop.value("SELECT count(*) FROM stockroom.ledger WHERE seller_id = ? AND on_hand_delta < 0 AND kind = 'count'"))
                .as("a negative count is among them").isPositive();
        assertThat(shop.value("SELECT count(*) FROM stockroom.ledger WHERE seller_id = ? AND actor = 'désk_ü'")).isPositive();
        shop.assertChecksClean();
    }

    @Test
    void awkwardValuesEncodeTheSameInSqlAndJava() throws SQLException {
        UUID movement = UUID.fromString("0b6f6c1e-2f8a-4c1b-9d4e-5a7f0e3b2c11");
        List<LedgerRow> rows = new ArrayList<>();
        rows.add(row(1, 7, 1, "restock", 5, 0, 5, 0, null, null, null, movement, "desk", Instant.ofEpochSecond(1_764_100_000L)));
        rows.add(row(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, "count", Integer.MIN_VALUE, Integer.MIN_VALUE,
                Integer.MAX_VALUE, 0, "", "", "", movement, "x", Instant.parse("2026-01-17T10:11:12.123456Z")));
        rows.add(row(2, 3, 4, "sale", -12, 0, 0, 0, "web", AWKWARD, AWKWARD, movement, "désk_ü",
                Instant.parse("1969-12-31T23:59:59.999999Z")));
        rows.add(row(2, 3, 5, "reserve", 0, 3, 10, 3, "~", "~", "~", movement, "~", Instant.parse("1900-01-01T00:00:00Z")));
        rows.add(row(2, 3, 6, "confirm", -3, -3, 7, 0, "a\nb", "1:x\n2:yy", "\n", movement, "a b", Instant.parse("2262-04-11T23:47:16.854775Z")));
        rows.add(row(2, 3, 7, "expire", 0, -1, 7, 0, null, "😀😀", null, UUID.randomUUID(), "z", Instant.parse("2026-06-30T00:00:00.000001Z")));

        try (Connection c = db.admin().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT stockroom.ledger_canonical(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (LedgerRow r : rows) {
                ps.setLong(1, r.sellerId());
                ps.setLong(2, r.skuId());
                ps.setLong(3, r.seq());
                ps.setString(4, r.kind());
                ps.setInt(5, r.onHandDelta());
                ps.setInt(6, r.reservedDelta());
                ps.setInt(7, r.onHandAfter());
                ps.setInt(8, r.reservedAfter());
                text(ps, 9, r.channel());
                text(ps, 10, r.orderRef());
                text(ps, 11, r.reason());
                ps.setObject(12, r.movementId());
                ps.setString(13, r.actor());
                ps.setObject(14, OffsetDateTime.ofInstant(r.createdAt(), ZoneOffset.UTC));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    byte[] sql = rs.getBytes(1);
                    assertThat(new String(LedgerHash.canonical(r), StandardCharsets.UTF_8)).isEqualTo(new String(sql, StandardCharsets.UTF_8));
                    assertThat(LedgerHash.canonical(r)).isEqualTo(sql);
                }
            }
        }
    }

    @Test
    void theSpecExampleIsWhatBothProduce() {
        LedgerRow example = row(1, 7, 1, "restock", 5, 0, 5, 0, null, null, null,
                UUID.fromString("0b6f6c1e-2f8a-4c1b-9d4e-5a7f0e3b2c11"), "desk", LedgerHash.fromMicros(1_764_100_000_000_000L));
        assertThat(new String(LedgerHash.canonical(example), StandardCharsets.UTF_8)).isEqualTo(String.join("\n",
                "stockroom-ledger-v1", "1:1", "1:7", "1:1", "7:restock", "1:5", "1:0", "1:5", "1:0", "~", "~", "~",
                "36:0b6f6c1e-2f8a-4c1b-9d4e-5a7f0e3b2c11", "4:desk", "16:1764100000000000"));
        LedgerRow nullVersusTilde = row(1, 7, 1, "restock", 5, 0, 5, 0, "~", "", null, example.movementId(), "desk", example.createdAt());
        assertThat(new String(LedgerHash.canonical(nullVersusTilde), StandardCharsets.UTF_8))
                .contains("\n1:~\n0:\n~\n").as("NULL, an empty text and a text \"~\" all differ");
    }

    private static LedgerRow row(long seller, long sku, long seq, String kind, int onDelta, int resDelta, int onAfter, int resAfter,
                                 String channel, String orderRef, String reason, UUID movement, String actor, Instant at) {
        return new LedgerRow(seller, sku, seq, kind, onDelta, resDelta, onAfter, resAfter, channel, orderRef, reason, movement,
                actor, at, LedgerHash.GENESIS, new byte[32]);
    }

    private static void text(PreparedStatement ps, int at, String value) throws SQLException {
        if (value == null) {
            ps.setNull(at, Types.VARCHAR);
        } else {
            ps.setString(at, value);
        }
    }
}
