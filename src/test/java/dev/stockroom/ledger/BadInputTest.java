package dev.stockroom.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stockroom.testing.Fingerprint;
import dev.stockroom.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input for every kernel and catalog function: each gets a clear sentence (a refusal with a
 * code and a rejection row, or a readable error for catalog calls) and nothing else changes.
 */
class BadInputTest {
    static final String LONG_TEXT = "x".repeat(501);

    static TestDatabase db;
    static Shop shop;
    static StockKernel kernel;
    static DataSource raw;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.fresh();
        shop = new Shop(db, "Careful", "careful_seller");
        kernel = shop.kernel;
        raw = db.as("careful_seller", 2);
        kernel.addChannel("web", "shopify", "Web shop");
        kernel.addSku("A", "A", List.of("111"), 0);
        kernel.addSku("B", "B", List.of(), 0);
        kernel.addKit("K", "A and two B", List.of(OrderLine.of("A", 1), OrderLine.of("B", 2)), List.of("999"));
        kernel.addListing("A", "web", "web-a");
        kernel.restock("A", 10);
        kernel.restock("B", 10);
        kernel.reserve("web", "held-1", List.of(OrderLine.of("A", 2)), Instant.now().plusSeconds(3600));
        kernel.reserve("web", "done-1", List.of(OrderLine.of("B", 1)), Instant.now().plusSeconds(3600));
        kernel.confirm("web", "done-1");
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    static Arguments refused(String name, String code, Function<UUID, Outcome> call) {
        return Arguments.of(Named.of(name, call), code);
    }

    static Stream<Arguments> badKernelCalls() {
        List<OrderLine> tooMany = Collections.nCopies(501, OrderLine.of("A", 1));
        Instant later = Instant.now().plusSeconds(3600);
        return Stream.of(
                refused("restock zero", "bad_quantity", id -> kernel.restock(id, "A", 0, null)),
                refused("restock negative", "bad_quantity", id -> kernel.restock(id, "A", -5, null)),
                refused("restock absurd", "bad_quantity", id -> kernel.restock(id, "A", 1_000_001, null)),
                refused("restock max int", "bad_quantity", id -> kernel.restock(id, "A", Integer.MAX_VALUE, null)),
                refused("restock null SKU", "unknown_sku", id -> kernel.restock(id, null, 1, null)),
                refused("restock empty SKU", "unknown_sku", id -> kernel.restock(id, "", 1, null)),
                refused("restock unknown SKU", "unknown_sku", id -> kernel.restock(id, "NOPE", 1, null)),
                refused("restock by barcode is not a SKU code", "unknown_sku", id -> kernel.restock(id, "111", 1, null)),
                refused("restock a kit", "kit_has_no_stock", id -> kernel.restock(id, "K", 1, null)),
                refused("restock reason too long", "bad_text", id -> kernel.restock(id, "A", 1, LONG_TEXT)),
                refused("return zero", "bad_quantity", id -> kernel.returnStock(id, "A", 0, null, null, null)),
                refused("return negative", "bad_quantity", id -> kernel.returnStock(id, "A", -1, null, null, null)),
                refused("return absurd", "bad_quantity", id -> kernel.returnStock(id, "A", 5_000_000, null, null, null)),
                refused("return unknown SKU", "unknown_sku", id -> kernel.returnStock(id, "NOPE", 1, null, null, null)),
                refused("return unknown channel", "unknown_channel", id -> kernel.returnStock(id, "A", 1, "mars", "r1", null)),
                refused("return a kit", "kit_has_no_stock", id -> kernel.returnStock(id, "K", 1, null, null, null)),
                refused("return order ref too long", "bad_text", id -> kernel.returnStock(id, "A", 1, "web", LONG_TEXT, null)),
                refused("count negative", "bad_quantity", id -> kernel.adjust(id, "A", -1, "count")),
                refused("count absurd", "bad_quantity", id -> kernel.adjust(id, "A", 2_000_000_000, "count")),
                refused("count without reason", "reason_required", id -> kernel.adjust(id, "A", 5, null)),
                refused("count with blank reason", "reason_required", id -> kernel.adjust(id, "A", 5, "   ")),
                refused("count below reserved", "count_below_reserved", id -> kernel.adjust(id, "A", 1, "count")),
                refused("count unknown SKU", "unknown_sku", id -> kernel.adjust(id, "NOPE", 1, "count")),
                refused("count a kit", "kit_has_no_stock", id -> kernel.adjust(id, "K", 1, "count")),
                refused("sell no lines", "no_lines", id -> kernel.sell(id, List.of(), null, null)),
                refused("sell zero", "bad_quantity", id -> kernel.sell(id, List.of(OrderLine.of("A", 0)), null, null)),
                refused("sell negative", "bad_quantity", id -> kernel.sell(id, List.of(OrderLine.of("A", 1), OrderLine.of("B", -1)), null, null)),
                refused("sell absurd", "bad_quantity", id -> kernel.sell(id, List.of(OrderLine.of("A", 1_000_001)), null, null)),
                refused("sell absurd kits", "bad_quantity", id -> kernel.sell(id, List.of(OrderLine.of("K", 600_000)), null, null)),
                refused("sell unknown SKU", "unknown_sku", id -> kernel.sell(id, List.of(OrderLine.of("A", 1), OrderLine.of("NOPE", 1)), null, null)),
                refused("sell null SKU", "unknown_sku", id -> kernel.sell(id, List.of(new OrderLine(null, 1)), null, null)),
                refused("sell unknown channel", "unknown_channel", id -> kernel.sell(id, List.of(OrderLine.of("A", 1)), "mars", null)),
                refused("sell more than available", "insufficient_stock", id -> kernel.sell(id, List.of(OrderLine.of("A", 9)), null, null)),
                refused("sell kit beyond a component", "insufficient_stock", id -> kernel.sell(id, List.of(OrderLine.of("K", 5)), null, null)),
                refused("sell 501 lines", "bad_lines", id -> kernel.sell(id, tooMany, null, null)),
                refused("sell order ref too long", "bad_text", id -> kernel.sell(id, List.of(OrderLine.of("A", 1)), null, LONG_TEXT)),
                refused("reserve past expiry", "bad_expiry", id -> kernel.reserve(id, "web", "r-past", List.of(OrderLine.of("A", 1)), Instant.now().minusSeconds(1))),
                refused("reserve no channel", "order_required", id -> kernel.reserve(id, null, "r-1", List.of(OrderLine.of("A", 1)), later)),
                refused("reserve no order ref", "order_required", id -> kernel.reserve(id, "web", "", List.of(OrderLine.of("A", 1)), later)),
                refused("reserve unknown channel", "unknown_channel", id -> kernel.reserve(id, "mars", "r-2", List.of(OrderLine.of("A", 1)), later)),
                refused("reserve an order already held", "duplicate_order", id -> kernel.reserve(id, "web", "held-1", List.of(OrderLine.of("B", 1)), later)),
                refused("reserve more than available", "insufficient_stock", id -> kernel.reserve(id, "web", "r-3", List.of(OrderLine.of("A", 9)), later)),
                refused("reserve no lines", "no_lines", id -> kernel.reserve(id, "web", "r-4", List.of(), later)),
                refused("reserve zero", "bad_quantity", id -> kernel.reserve(id, "web", "r-5", List.of(OrderLine.of("K", 0)), later)),
                refused("reserve unknown SKU", "unknown_sku", id -> kernel.reserve(id, "web", "r-6", List.of(OrderLine.of("NOPE", 1)), later)),
                refused("confirm unknown order", "unknown_reservation", id -> kernel.confirm(id, "web", "nobody")),
                refused("confirm no channel", "order_required", id -> kernel.confirm(id, null, "held-1")),
                refused("confirm no order ref", "order_required", id -> kernel.confirm(id, "web", "")),
                refused("confirm on the wrong channel", "unknown_reservation", id -> kernel.confirm(id, "desk", "held-1")),
                refused("confirm twice", "not_held", id -> kernel.confirm(id, "web", "done-1")),
                refused("release unknown order", "unknown_reservation", id -> kernel.release(id, "web", "nobody")),
                refused("release a dispatched order", "not_held", id -> kernel.release(id, "web", "done-1")),
                refused("release no order ref", "order_required", id -> kernel.release(id, "web", null)),
                refused("expire in the future", "bad_time", id -> kernel.expire(id, Instant.now().plusSeconds(86_400))),
                refused("batch zero", "bad_quantity", id -> batch("A", new BatchOrder(id, 0, null, null))),
                refused("batch negative", "bad_quantity", id -> batch("A", new BatchOrder(id, -3, null, null))),
                refused("batch absurd", "bad_quantity", id -> batch("A", new BatchOrder(id, 1_000_001, null, null))),
                refused("batch unknown SKU", "unknown_sku", id -> batch("NOPE", new BatchOrder(id, 1, null, null))),
                refused("batch empty SKU", "unknown_sku", id -> batch("", new BatchOrder(id, 1, null, null))),
                refused("batch a kit", "bad_lines", id -> batch("K", new BatchOrder(id, 1, null, null))),
                refused("batch unknown channel", "unknown_channel", id -> batch("A", new BatchOrder(id, 1, "mars", null))),
                refused("batch more than available", "insufficient_stock", id -> batch("A", new BatchOrder(id, 9, null, null))),
                refused("batch order ref too long", "bad_text", id -> batch("A", new BatchOrder(id, 1, null, LONG_TEXT))),
                refused("sell mismatched arrays", "bad_lines",
                        id -> rawOutcome("SELECT * FROM stockroom.sell(?, ?, ARRAY['A', 'B'], ARRAY[1])", id)),
                refused("sell null arrays", "no_lines",
                        id -> rawOutcome("SELECT * FROM stockroom.sell(?, ?, NULL, NULL)", id)),
                refused("reserve mismatched arrays", "bad_lines",
                        id -> rawOutcome("SELECT * FROM stockroom.reserve(?, ?, 'web', 'r-7', ARRAY['A'], ARRAY[1, 2])", id)),
                refused("restock null quantity", "bad_quantity",
                        id -> rawOutcome("SELECT * FROM stockroom.restock(?, ?, 'A', NULL)", id)),
                refused("sell null quantity", "bad_quantity",
                        id -> rawOutcome("SELECT * FROM stockroom.sell(?, ?, ARRAY['A'], ARRAY[NULL]::int[])", id)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badKernelCalls")
    void badInputIsRefusedClearlyAndChangesNothing(Function<UUID, Outcome> call, String code) {
        String before = Fingerprint.of(db, Set.of("rejection"));
        long rejections = shop.count("rejection");
        UUID id = UUID.randomUUID();

        Outcome o = call.apply(id);

        assertThat(o.ok()).as(o.message()).isFalse();
        assertThat(o.code()).as(o.message()).isEqualTo(code);
        assertThat(o.movementId()).isEqualTo(id);
        assertReadable(o.message());
        assertThat(Fingerprint.of(db, Set.of("rejection"))).as("nothing but the rejection log changes").isEqualTo(before);
        assertThat(shop.count("rejection")).isEqualTo(rejections + 1);
        assertThat(shop.value("SELECT count(*) FROM stockroom.rejection WHERE seller_id = ? AND movement_id = ? AND code = ?", id, code))
                .as("the refusal is recorded").isEqualTo(1);
    }

    static Stream<Arguments> badCallsThatRaise() {
        return Stream.of(
                raises("sell_batch mismatched arrays", "got 2 movement ids, 1 quantities", () -> rawQuery(
                        "SELECT * FROM stockroom.sell_batch(" + shop.seller + ", 'A', ARRAY[gen_random_uuid(), gen_random_uuid()], ARRAY[1])")),
                raises("sell_batch missing movement id", "movement id 2 is missing", () -> rawQuery(
                        "SELECT * FROM stockroom.sell_batch(" + shop.seller + ", 'A', ARRAY[gen_random_uuid(), NULL], ARRAY[1, 1])")),
                raises("restock missing movement id", "movement id is missing", () -> rawQuery(
                        "SELECT * FROM stockroom.restock(" + shop.seller + ", NULL, 'A', 1)")),
                raises("sell missing movement id", "movement id is missing", () -> rawQuery(
                        "SELECT * FROM stockroom.sell(" + shop.seller + ", NULL, ARRAY['A'], ARRAY[1])")),
                raises("confirm missing movement id", "movement id is missing", () -> rawQuery(
                        "SELECT * FROM stockroom.confirm(" + shop.seller + ", NULL, 'web', 'held-1')")),
                raises("missing seller", "seller is missing", () -> rawQuery(
                        "SELECT * FROM stockroom.restock(NULL, gen_random_uuid(), 'A', 1)")),
                raises("SKU code empty", "SKU code is missing", () -> kernel.addSku("", "Nameless", List.of(), 0)),
                raises("SKU code with a space", "must be 1 to 64 characters with no spaces", () -> kernel.addSku("MY SKU", "x", List.of(), 0)),
                raises("SKU code too long", "must be 1 to 64 characters", () -> kernel.addSku("S".repeat(65), "x", List.of(), 0)),
                raises("SKU code taken", "SKU \"A\" already exists", () -> kernel.addSku("A", "Again", List.of(), 0)),
                raises("barcode taken", "barcode 111 already belongs to a SKU", () -> kernel.addSku("C", "C", List.of("111"), 0)),
                raises("barcode twice in one SKU", "barcode 222 already belongs to a SKU", () -> kernel.addSku("D", "D", List.of("222", "222"), 0)),
                raises("barcode empty", "barcode is missing", () -> kernel.addSku("E", "E", List.of(""), 0)),
                raises("negative low-stock level", "low-stock level must be 0 or more", () -> kernel.addSku("F", "F", List.of(), -1)),
                raises("kit code taken", "SKU \"K\" already exists", () -> kernel.addKit("K", "K", List.of(OrderLine.of("A", 1)), List.of())),
                raises("kit with no components", "needs one or more components", () -> kernel.addKit("K2", "K2", List.of(), List.of())),
                raises("kit of an unknown SKU", "kit component \"NOPE\" is not a known SKU",
                        () -> kernel.addKit("K3", "K3", List.of(OrderLine.of("NOPE", 1)), List.of())),
                raises("kit of a kit", "is itself a kit", () -> kernel.addKit("K4", "K4", List.of(OrderLine.of("K", 1)), List.of())),
                raises("kit component quantity zero", "needs a quantity from 1 to 10,000",
                        () -> kernel.addKit("K5", "K5", List.of(OrderLine.of("A", 0)), List.of())),
                raises("kit barcode taken", "barcode 999 already belongs to a SKU",
                        () -> kernel.addKit("K6", "K6", List.of(OrderLine.of("A", 1)), List.of("999"))),
                raises("channel named desk", "\"desk\" is reserved", () -> kernel.addChannel("desk", "shopify", "Desk")),
                raises("channel of unknown kind", "channel kind must be one of", () -> kernel.addChannel("new", "myspace", "New")),
                raises("channel code empty", "channel code is missing", () -> kernel.addChannel("", "shopify", "x")),
                raises("listing of unknown SKU", "unknown SKU \"NOPE\"", () -> kernel.addListing("NOPE", "web", "x")),
                raises("listing on unknown channel", "unknown channel \"mars\"", () -> kernel.addListing("A", "mars", "x")),
                raises("listing without an id", "needs the channel's id", () -> kernel.addListing("B", "web", " ")),
                raises("member with unknown role", "role must be seller, staff, auditor or sync", () -> kernel.addMember("careful_seller", "boss")),
                raises("member with no login", "the login to add is missing", () -> kernel.addMember(null, "staff")),
                raises("member that is no login", "there is no database login \"ghost\"", () -> kernel.addMember("ghost", "staff")));
    }

    static Arguments raises(String name, String message, Runnable call) {
        return Arguments.of(Named.of(name, call), message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCallsThatRaise")
    void badCatalogAndMalformedCallsRaiseAReadableErrorAndChangeNothing(Runnable call, String message) {
        String before = Fingerprint.of(db, Set.of());
        assertThatThrownBy(call::run)
                .isInstanceOf(KernelException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertReadable(e.getMessage()));
        assertThat(Fingerprint.of(db, Set.of())).as("nothing changed, not even the rejection log").isEqualTo(before);
    }

    // ----------------------------------------------------------------- helpers

    private static void assertReadable(String message) {
        assertThat(message).isNotBlank()
                .doesNotContainIgnoringCase("ERROR:")
                .doesNotContainIgnoringCase("violates")
                .doesNotContainIgnoringCase("duplicate key")
                .doesNotContainIgnoringCase("null value in column")
                .doesNotContainIgnoringCase("PL/pgSQL")
                .doesNotContain("<NULL>")
                .doesNotContain("\"\"");
    }

    private static Outcome batch(String sku, BatchOrder order) {
        List<Outcome> out = kernel.sellBatch(sku, List.of(order));
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    /** A call the typed API cannot make (mismatched arrays, NULLs), as a script or psql would. */
    private static Outcome rawOutcome(String sql, UUID id) {
        try (Connection c = raw.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, shop.seller);
            ps.setObject(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Outcome(rs.getBoolean("ok"), rs.getString("code"), rs.getString("message"),
                        rs.getObject("movement_id", UUID.class), rs.getBoolean("replayed"));
            }
        } catch (SQLException e) {
            throw new KernelException(KernelCall.readable(e), e.getSQLState(), e);
        }
    }

    private static void rawQuery(String sql) {
        try (Connection c = raw.getConnection(); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
            throw new AssertionError("accepted: " + sql + " -> " + rows);
        } catch (SQLException e) {
            throw new KernelException(KernelCall.readable(e), e.getSQLState(), e);
        }
    }
}
