package dev.stockroom.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.testing.Eventually;
import dev.stockroom.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Races around one order, and a deadlock forced on a kernel call: each ends in one clear, whole outcome. */
class KernelRacesTest {
    static TestDatabase db;
    static Shop shop;
    static StockKernel kernel;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.fresh();
        shop = new Shop(db, "Races", "races_seller");
        db.member(shop.seller, "races_desk", "seller");
        kernel = new StockKernel(db.as("races_desk", 16), shop.seller);
        kernel.addChannel("web", "shopify", "Web");
        for (String sku : List.of("A", "B", "C", "D")) {
            kernel.addSku(sku, sku, List.of(), 0);
            kernel.addListing(sku, "web", "web-" + sku);
            kernel.restock(sku, 10_000);
        }
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    @Test
    void oneOrderReservedTwiceAtOnceOnDifferentSkusHoldsStockOnce() throws Exception {
        for (int round = 0; round < 50; round++) {
            String ref = "twice-" + round;
            List<Outcome> outcomes = together(
                    () -> kernel.reserve("web", ref, List.of(OrderLine.of("A", 1)), Instant.now().plusSeconds(600)),
                    () -> kernel.reserve("web", ref, List.of(OrderLine.of("B", 1)), Instant.now().plusSeconds(600)));
            assertThat(outcomes.stream().filter(Outcome::ok)).as("%s", outcomes).hasSize(1);
            assertThat(outcomes.stream().filter(Outcome::refused)).singleElement()
                    .satisfies(o -> assertThat(o.code()).isEqualTo("duplicate_order"));
            assertThat(shop.value("SELECT count(DISTINCT movement_id) FROM stockroom.reservation WHERE seller_id = ? AND order_ref = ?", ref))
                    .isEqualTo(1);
        }
        shop.assertChecksClean();
    }

    @Test
    void aDispatchRacingItsOrdersHoldEitherFindsNothingOrDispatchesTheWholeOrder() throws Exception {
        for (int round = 0; round < 50; round++) {
            String ref = "race-" + round;
            List<Outcome> outcomes = together(
                    () -> kernel.reserve("web", ref, List.of(OrderLine.of("D", 1), OrderLine.of("A", 2), OrderLine.of("C", 1)),
                            Instant.now().plusSeconds(600)),
                    () -> kernel.confirm("web", ref));
            assertThat(outcomes.get(0).ok()).as(outcomes.get(0).message()).isTrue();
            Set<String> states = Set.copyOf(statuses(ref));
            if (outcomes.get(1).ok()) {
                assertThat(states).containsExactly("confirmed");
            } else {
                assertThat(outcomes.get(1).code()).isEqualTo("unknown_reservation");
                assertThat(states).containsExactly("held");
            }
        }
        shop.assertChecksClean();
    }

    @Test
    void expiryClosesOrdersWholeWhileNewHoldsKeepArriving() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        AtomicInteger desksAtWork = new AtomicInteger(4);
        try {
            List<Future<?>> work = new ArrayList<>();
            List<String> refs = new ArrayList<>();
            for (int desk = 0; desk < 4; desk++) {
                int d = desk;
                for (int i = 0; i < 40; i++) {
                    refs.add("exp-" + d + "-" + i);
                }
                work.add(pool.submit(() -> {
                    try {
                        for (int i = 0; i < 40; i++) {
                            List<OrderLine> lines = i % 2 == 0
                                    ? List.of(OrderLine.of("C", 1), OrderLine.of("A", 1), OrderLine.of("D", 1))
                                    : List.of(OrderLine.of("B", 2), OrderLine.of("D", 1));
                            // holds that expire almost at once; on a busy machine one may arrive already past due
                            Outcome o = kernel.reserve("web", "exp-" + d + "-" + i, lines, Instant.now().plusMillis(20 + i % 7 * 20));
                            assertThat(o.ok() || o.code().equals("bad_expiry")).as(o.message()).isTrue();
                        }
                    } finally {
                        desksAtWork.decrementAndGet();
                    }
                }));
            }
            for (int expirer = 0; expirer < 2; expirer++) {
                work.add(pool.submit(() -> {
                    do {
                        Outcome o = kernel.expire(Instant.now());
                        assertThat(o.ok()).as(o.message()).isTrue();
                    } while (desksAtWork.get() > 0);
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
            for (String ref : refs) {
                assertThat(Set.copyOf(statuses(ref))).as(ref).hasSizeLessThanOrEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
        shop.assertChecksClean();
    }

    @Test
    void expireNeverReleasesAHoldBeforeItsTimeEvenIfTheDeskClockIsAhead() {
        String ref = "later-" + UUID.randomUUID();
        assertThat(kernel.reserve("web", ref, List.of(OrderLine.of("A", 1)), Instant.now().plusSeconds(20)).ok()).isTrue();
        Outcome o = kernel.expire(Instant.now().plusSeconds(40));  // a desk clock 40 s fast
        assertThat(o.ok()).isTrue();
        assertThat(statuses(ref)).containsExactly("held");
        assertThat(kernel.release("web", ref).ok()).isTrue();
    }

    @Test
    void aDeadlockForcedOnAKernelCallIsRetriedWithTheSameMovementAndCountsOnce() throws Exception {
        // The server looks for a deadlock once, deadlock_timeout after a wait begins. The sale waits first; its
        // look must come after this test's transaction closes the cycle, and before this transaction's own look.
        db.exec("ALTER DATABASE " + db.name() + " SET deadlock_timeout = '500ms'");
        db.member(shop.seller, "races_victim", "seller");
        StockKernel victim = new StockKernel(db.as("races_victim", 2), shop.seller);
        long a = db.queryLong("SELECT sku_id FROM stockroom.sku WHERE code = 'A' AND seller_id = " + shop.seller);
        long b = db.queryLong("SELECT sku_id FROM stockroom.sku WHERE code = 'B' AND seller_id = " + shop.seller);
        int onHandA = shop.onHand("A");
        int onHandB = shop.onHand("B");
        UUID id = UUID.randomUUID();

        try (Connection other = db.admin().getConnection(); Statement st = other.createStatement()) {
            other.setAutoCommit(false);
            st.execute("SET deadlock_timeout = '60s'");
            st.execute("SELECT 1 FROM stockroom.stock WHERE seller_id = " + shop.seller + " AND sku_id = " + b + " FOR UPDATE");
            // the kernel locks A, then waits for B
            CompletableFuture<Outcome> sale = CompletableFuture.supplyAsync(
                    () -> victim.sell(id, List.of(OrderLine.of("A", 1), OrderLine.of("B", 1)), null, "deadlock"));
            Eventually.await("the sale to wait for B", Duration.ofSeconds(10), () -> db.queryLong(
                    "SELECT count(*) FROM pg_stat_activity WHERE usename = 'races_victim' AND wait_event_type = 'Lock'") == 1);
            // now this transaction wants A: a cycle. The sale has waited longest, so the server aborts it.
            st.execute("SELECT 1 FROM stockroom.stock WHERE seller_id = " + shop.seller + " AND sku_id = " + a + " FOR UPDATE");
            assertThat(sale).as("the sale was the deadlock's victim and is waiting to retry").isNotDone();
            other.rollback();
            Outcome o = sale.get(30, TimeUnit.SECONDS);
            assertThat(o.ok()).as(o.message()).isTrue();
            assertThat(o.replayed()).isFalse();
            assertThat(o.movementId()).isEqualTo(id);
        } catch (SQLException e) {
            throw new AssertionError("the test's own transaction was chosen as the victim: " + e.getMessage(), e);
        }
        assertThat(shop.onHand("A")).isEqualTo(onHandA - 1);
        assertThat(shop.onHand("B")).isEqualTo(onHandB - 1);
        assertThat(shop.value("SELECT count(*) FROM stockroom.ledger WHERE seller_id = ? AND movement_id = ?", id)).isEqualTo(2);
        shop.assertChecksClean();
    }

    // ----------------------------------------------------------------- helpers

    private static List<String> statuses(String ref) {
        List<String> out = new ArrayList<>();
        try (Connection c = db.admin().getConnection(); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT status FROM stockroom.reservation WHERE seller_id = " + shop.seller
                     + " AND order_ref = '" + ref + "'")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    interface Call {
        Outcome run();
    }

    private static List<Outcome> together(Call... calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.length);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Outcome>> futures = new ArrayList<>();
            for (Call call : calls) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return call.run();
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
