package dev.stockroom.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.stockroom.testing.CuttingProxy;
import dev.stockroom.testing.CuttingProxy.Cut;
import dev.stockroom.testing.Eventually;
import dev.stockroom.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A movement id applies once, whatever happens to the caller: the same id again answers as
 * before and changes nothing; the same id for another request is refused; a connection cut
 * while the commit is in flight is retried and counted once.
 */
class IdempotencyTest {
    static TestDatabase db;
    static Shop shop;
    static StockKernel kernel;
    static final AtomicInteger ORDERS = new AtomicInteger();

    @BeforeAll
    static void setUp() {
        db = TestDatabase.fresh();
        shop = new Shop(db, "Once", "once_seller");
        kernel = shop.kernel;
        kernel.addChannel("web", "shopify", "Web shop");
        kernel.addSku("A", "A", List.of(), 0);
        kernel.addSku("B", "B", List.of(), 0);
        kernel.addKit("K", "A and two B", List.of(OrderLine.of("A", 1), OrderLine.of("B", 2)), List.of());
        kernel.addListing("A", "web", "web-a");
        kernel.addListing("K", "web", "web-k");
        kernel.restock("A", 1000);
        kernel.restock("B", 1000);
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    /** One kernel function: the call under test with a given movement id, and a different request. */
    record Call(Function<UUID, Outcome> call, Function<UUID, Outcome> other) {
    }

    static Stream<Named<Call>> everyKernelFunction() {
        Supplier<String> toConfirm = once(IdempotencyTest::held);
        Supplier<String> toRelease = once(IdempotencyTest::held);
        Supplier<Instant> expireAt = once(IdempotencyTest::expiredHold);
        Supplier<Instant> holdUntil = once(IdempotencyTest::later);
        return Stream.of(
                Named.of("restock", new Call(id -> kernel.restock(id, "A", 5, "delivery"), id -> kernel.restock(id, "A", 6, "delivery"))),
                Named.of("return", new Call(id -> kernel.returnStock(id, "A", 2, "web", "r-1", "damaged box"),
                        id -> kernel.returnStock(id, "B", 2, "web", "r-1", "damaged box"))),
                Named.of("adjust", new Call(id -> kernel.adjust(id, "B", 900, "cycle count"),
                        id -> kernel.adjust(id, "B", 901, "cycle count"))),
                Named.of("sell", new Call(id -> kernel.sell(id, List.of(OrderLine.of("K", 1), OrderLine.of("A", 2)), "web", "s-1"),
                        id -> kernel.sell(id, List.of(OrderLine.of("A", 2), OrderLine.of("K", 2)), "web", "s-1"))),
                Named.of("reserve", new Call(id -> kernel.reserve(id, "web", "o-" + id, List.of(OrderLine.of("K", 1)), holdUntil.get()),
                        id -> kernel.reserve(id, "web", "o-" + id, List.of(OrderLine.of("K", 2)), holdUntil.get()))),
                Named.of("confirm", new Call(id -> kernel.confirm(id, "web", toConfirm.get()), id -> kernel.confirm(id, "desk", toConfirm.get()))),
                Named.of("release", new Call(id -> kernel.release(id, "web", toRelease.get()), id -> kernel.release(id, "desk", toRelease.get()))),
                Named.of("expire", new Call(id -> kernel.expire(id, expireAt.get()), id -> kernel.expire(id, Instant.now().minusSeconds(60)))),
                Named.of("sell_batch", new Call(id -> batch(id, 1), id -> batch(id, 2))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyKernelFunction")
    void theSameMovementAgainAppliesOnceAndAnotherRequestWithItIsRefused(Call c) {
        UUID id = UUID.randomUUID();
        Outcome first = c.call().apply(id);
        assertThat(first.ok()).as(first.message()).isTrue();
        assertThat(first.replayed()).isFalse();
        assertThat(first.code()).isEqualTo("ok");
        Shop.State after = shop.state();
        long rejections = shop.count("rejection");

        Outcome again = c.call().apply(id);
        assertThat(again.ok()).as(again.message()).isTrue();
        assertThat(again.replayed()).isTrue();
        assertThat(again.message()).isEqualTo(first.message());
        assertThat(shop.state()).isEqualTo(after);

        Outcome other = c.other().apply(id);
        assertThat(other.ok()).isFalse();
        assertThat(other.code()).isEqualTo("movement_id_reused");
        assertThat(other.message()).contains(id.toString()).contains("different request");
        assertThat(shop.state()).isEqualTo(after);
        assertThat(shop.count("rejection")).isEqualTo(rejections);
        shop.assertChecksClean();
    }

    @Test
    void aMovementIdIsOneRequestWhateverTheFunction() {
        UUID id = UUID.randomUUID();
        assertThat(kernel.restock(id, "A", 1, null).ok()).isTrue();
        Shop.State after = shop.state();
        assertThat(kernel.sell(id, List.of(OrderLine.of("A", 1)), null, null).code()).isEqualTo("movement_id_reused");
        assertThat(kernel.adjust(id, "A", 3, "count").code()).isEqualTo("movement_id_reused");
        assertThat(kernel.reserve(id, "web", "x-" + id, List.of(OrderLine.of("A", 1)), later()).code()).isEqualTo("movement_id_reused");
        assertThat(kernel.sellBatch("A", List.of(new BatchOrder(id, 1, null, null))).get(0).code()).isEqualTo("movement_id_reused");
        // a request that would be refused anyway says the same: this id is taken
        assertThat(kernel.restock(id, "A", -1, null).code()).isEqualTo("movement_id_reused");
        assertThat(kernel.sell(id, List.of(OrderLine.of("NO-SUCH-SKU", 1)), null, null).code()).isEqualTo("movement_id_reused");
        assertThat(shop.state()).isEqualTo(after);
    }

    @Test
    void aReservationRetriedAfterItsExpiryStillAnswersAsApplied() {
        UUID id = UUID.randomUUID();
        String ref = "short-" + id;
        Instant expiry = Instant.now().plusMillis(300);
        Outcome first = kernel.reserve(id, "web", ref, List.of(OrderLine.of("A", 1)), expiry);
        assertThat(first.ok()).as(first.message()).isTrue();
        Eventually.await("the hold to pass its expiry", Duration.ofSeconds(10),
                () -> db.queryLong("SELECT count(*) FROM stockroom.reservation WHERE order_ref = '" + ref + "' AND expires_at < now()") == 1);
        Shop.State after = shop.state();
        // the caller never heard the answer and asks again, now that the expiry is in the past
        Outcome retry = kernel.reserve(id, "web", ref, List.of(OrderLine.of("A", 1)), expiry);
        assertThat(retry.ok()).as(retry.message()).isTrue();
        assertThat(retry.replayed()).isTrue();
        assertThat(shop.state()).isEqualTo(after);
    }

    @Test
    void aReservationWithTheDefaultExpiryReplays() {
        UUID id = UUID.randomUUID();
        Outcome first = kernel.reserve(id, "web", "default-" + id, List.of(OrderLine.of("B", 1)), null);
        assertThat(first.ok()).as(first.message()).isTrue();
        Shop.State after = shop.state();
        Outcome again = kernel.reserve(id, "web", "default-" + id, List.of(OrderLine.of("B", 1)), null);
        assertThat(again.ok()).as(again.message()).isTrue();
        assertThat(again.replayed()).isTrue();
        assertThat(shop.state()).isEqualTo(after);
    }

    @Test
    void anExpiryWithNoTimeGivenReplays() {
        expiredHold();
        UUID id = UUID.randomUUID();
        assertThat(rawExpire(id, "UTC")).isEqualTo("t|f");
        assertThat(rawExpire(id, "Asia/Kolkata")).as("asked again, from another time zone").isEqualTo("t|t");
    }

    @Test
    void theSameRequestFromDesksInDifferentTimeZonesIsOneMovement() throws SQLException {
        UUID id = UUID.randomUUID();
        String ref = "tz-" + id;
        OffsetDateTime expiry = OffsetDateTime.now(ZoneOffset.UTC).plusHours(2).withNano(123_456_000);
        try (Connection c = db.as(shop.login, 1).getConnection(); Statement st = c.createStatement();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT ok, replayed, code FROM stockroom.reserve(?, ?, 'web', ?, ARRAY['A'], ARRAY[1], ?)")) {
            ps.setLong(1, shop.seller);
            ps.setObject(2, id);
            ps.setString(3, ref);
            ps.setObject(4, expiry);
            List<String> answers = new ArrayList<>();
            for (String zone : List.of("UTC", "Asia/Kolkata", "America/Los_Angeles")) {
                st.execute("SET TIME ZONE '" + zone + "'");
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    answers.add(rs.getBoolean(1) + "|" + rs.getBoolean(2) + "|" + rs.getString(3));
                }
            }
            assertThat(answers).containsExactly("true|false|ok", "true|true|ok", "true|true|ok");
        }
    }

    @Test
    void manyDesksSendingTheSameMovementAtOnceCountItOnce() throws Exception {
        for (int round = 0; round < 5; round++) {
            UUID id = UUID.randomUUID();
            long rows = shop.ledgerRows("A", "restock");
            int onHand = shop.onHand("A");
            List<Outcome> outcomes = together(8, i -> kernel.restock(id, "A", 7, "delivery"));
            assertThat(outcomes).allSatisfy(o -> assertThat(o.ok()).as(o.message()).isTrue());
            assertThat(outcomes.stream().filter(o -> !o.replayed())).hasSize(1);
            assertThat(shop.ledgerRows("A", "restock")).isEqualTo(rows + 1);
            assertThat(shop.onHand("A")).isEqualTo(onHand + 7);
        }
        shop.assertChecksClean();
    }

    @Test
    void oneMovementIdForTwoDifferentRequestsAtOnceAppliesOneAndRefusesTheOther() throws Exception {
        for (int round = 0; round < 10; round++) {
            UUID id = UUID.randomUUID();
            Shop.State before = shop.state();
            List<Outcome> outcomes = together(2, i -> kernel.restock(id, i == 0 ? "A" : "B", 3, null));
            assertThat(outcomes.stream().filter(Outcome::ok)).as("%s", outcomes).hasSize(1);
            assertThat(outcomes.stream().filter(Outcome::refused))
                    .allSatisfy(o -> assertThat(o.code()).isEqualTo("movement_id_reused"));
            assertThat(shop.state().ledgerRows()).isEqualTo(before.ledgerRows() + 1);
            assertThat(shop.state().onHand()).isEqualTo(before.onHand() + 3);
        }
        shop.assertChecksClean();
    }

    // ------------------------------------------------- connection cut during commit

    @Test
    void aConnectionCutAfterTheCommitIsRetriedAndCountedOnce() throws Exception {
        try (CuttingProxy proxy = new CuttingProxy(db.port()); HikariDataSource pool = throughProxy(proxy)) {
            StockKernel cut = new StockKernel(pool, shop.seller);
            long rows = shop.ledgerRows("A", "restock");
            int onHand = shop.onHand("A");

            CountDownLatch done = proxy.arm(Cut.AFTER_COMMIT, "stockroom.restock");
            Outcome o = cut.restock("A", 4);
            CuttingProxy.awaitCut(done);

            assertThat(o.ok()).as(o.message()).isTrue();
            assertThat(o.replayed()).as("the first attempt committed; the retry found it").isTrue();
            assertThat(shop.ledgerRows("A", "restock")).isEqualTo(rows + 1);
            assertThat(shop.onHand("A")).isEqualTo(onHand + 4);
            assertThat(shop.value("SELECT count(*) FROM stockroom.movement WHERE seller_id = ? AND movement_id = ?", o.movementId()))
                    .isEqualTo(1);
        }
        shop.assertChecksClean();
    }

    @Test
    void aSaleAndABatchCutAfterTheCommitAreCountedOnce() throws Exception {
        try (CuttingProxy proxy = new CuttingProxy(db.port()); HikariDataSource pool = throughProxy(proxy)) {
            StockKernel cut = new StockKernel(pool, shop.seller);
            int a = shop.onHand("A");
            int b = shop.onHand("B");

            CountDownLatch sale = proxy.arm(Cut.AFTER_COMMIT, "stockroom.sell(");
            Outcome sold = cut.sell(List.of(OrderLine.of("B", 1), OrderLine.of("K", 1)), "web", "cut-1");
            CuttingProxy.awaitCut(sale);
            assertThat(sold.ok()).as(sold.message()).isTrue();
            assertThat(sold.replayed()).isTrue();

            CountDownLatch batch = proxy.arm(Cut.AFTER_COMMIT, "stockroom.sell_batch");
            List<Outcome> batchOutcomes = cut.sellBatch("A", List.of(BatchOrder.of(2, "web", "b-1"), BatchOrder.of(3, null, "b-2")));
            CuttingProxy.awaitCut(batch);
            assertThat(batchOutcomes).allSatisfy(o -> assertThat(o.ok() && o.replayed()).as("%s", o).isTrue());

            assertThat(shop.onHand("A")).isEqualTo(a - 1 - 5);
            assertThat(shop.onHand("B")).isEqualTo(b - 1 - 2);
        }
        shop.assertChecksClean();
    }

    @Test
    void aConnectionCutBeforeTheQueryArrivedIsRetriedAndAppliedOnce() throws Exception {
        try (CuttingProxy proxy = new CuttingProxy(db.port()); HikariDataSource pool = throughProxy(proxy)) {
            StockKernel cut = new StockKernel(pool, shop.seller);
            long rows = shop.ledgerRows("B", "restock");
            int onHand = shop.onHand("B");

            CountDownLatch done = proxy.arm(Cut.BEFORE_QUERY, "stockroom.restock");
            Outcome o = cut.restock("B", 9);
            CuttingProxy.awaitCut(done);

            assertThat(o.ok()).as(o.message()).isTrue();
            assertThat(o.replayed()).as("nothing had reached the server").isFalse();
            assertThat(shop.ledgerRows("B", "restock")).isEqualTo(rows + 1);
            assertThat(shop.onHand("B")).isEqualTo(onHand + 9);
        }
        shop.assertChecksClean();
    }

    // ----------------------------------------------------------------- helpers

    /** expire as psql would call it, with no time given: "ok|replayed". */
    private static String rawExpire(UUID id, String zone) {
        try (Connection c = db.as(shop.login, 1).getConnection(); Statement st = c.createStatement();
             PreparedStatement ps = c.prepareStatement("SELECT ok, replayed FROM stockroom.expire(?, ?)")) {
            st.execute("SET TIME ZONE '" + zone + "'");
            ps.setLong(1, shop.seller);
            ps.setObject(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return (rs.getBoolean(1) ? "t" : "f") + "|" + (rs.getBoolean(2) ? "t" : "f");
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The value of {@code make}, made on first use: a case's fixture, the same for every call of the case. */
    private static <T> Supplier<T> once(Supplier<T> make) {
        AtomicReference<T> value = new AtomicReference<>();
        return () -> value.updateAndGet(v -> v == null ? make.get() : v);
    }

    private static HikariDataSource throughProxy(CuttingProxy proxy) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + db.name() + "?sslmode=disable&gssEncMode=disable");
        config.setUsername(shop.login);
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(0);
        return new HikariDataSource(config);
    }

    private static Instant later() {
        return Instant.now().plus(Duration.ofHours(1));
    }

    /** A fresh held order on the web channel, to confirm or release. */
    private static String held() {
        String ref = "h-" + ORDERS.incrementAndGet();
        Outcome o = kernel.reserve("web", ref, List.of(OrderLine.of("A", 1), OrderLine.of("B", 1)), later());
        assertThat(o.ok()).as(o.message()).isTrue();
        return ref;
    }

    /** Holds an order that expires at once and waits until it is past due; returns the moment to expire at. */
    private static Instant expiredHold() {
        String ref = "e-" + ORDERS.incrementAndGet();
        Outcome o = kernel.reserve("web", ref, List.of(OrderLine.of("K", 1)), Instant.now().plusMillis(200));
        assertThat(o.ok()).as(o.message()).isTrue();
        Eventually.await("hold " + ref + " to pass its expiry", Duration.ofSeconds(10),
                () -> db.queryLong("SELECT count(*) FROM stockroom.reservation WHERE order_ref = '" + ref + "' AND expires_at < now()") > 0);
        return Instant.now();
    }

    private static Outcome batch(UUID id, int qty) {
        List<Outcome> out = kernel.sellBatch("A", List.of(new BatchOrder(id, qty, null, "bo-1")));
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    interface Desk {
        Outcome call(int index);
    }

    private static List<Outcome> together(int n, Desk desk) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Outcome>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    go.await();
                    return desk.call(index);
                }));
            }
            go.countDown();
            List<Outcome> out = new ArrayList<>();
            for (Future<Outcome> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
