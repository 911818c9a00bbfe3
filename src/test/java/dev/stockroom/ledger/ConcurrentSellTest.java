package dev.stockroom.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Far more buyers than units, all at once: the lock sells each unit exactly once. */
class ConcurrentSellTest {
    static final int THREADS = 64;
    static final int UNITS = 40;
    static final int ROUNDS = 3;

    static TestDatabase db;
    static Shop shop;
    static StockKernel kernel;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.fresh();
        shop = new Shop(db, "Rush", "rush_seller");
        kernel = new StockKernel(db.as("rush_seller", THREADS), shop.seller);
        kernel.addSku("HOT", "The one everybody wants", List.of(), 0);
        kernel.addSku("HOT-BATCH", "The one the order stream wants", List.of(), 0);
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    @Test
    void sixtyFourBuyersNeverOversellOneSku() throws Exception {
        int attemptsPerThread = 2;
        for (int round = 1; round <= ROUNDS; round++) {
            assertThat(kernel.restock("HOT", UNITS).ok()).isTrue();
            List<Outcome> outcomes = race(buyer -> {
                List<Outcome> mine = new ArrayList<>();
                for (int i = 0; i < attemptsPerThread; i++) {
                    mine.add(kernel.sell(List.of(OrderLine.of("HOT", 1)), null, null));
                }
                return mine;
            });
            assertThat(outcomes).hasSize(THREADS * attemptsPerThread);
            assertThat(outcomes.stream().filter(Outcome::ok)).as("round %s sales", round).hasSize(UNITS);
            assertThat(outcomes.stream().filter(Outcome::refused))
                    .allSatisfy(o -> assertThat(o.code()).isEqualTo("insufficient_stock"));
            assertThat(shop.onHand("HOT")).isZero();
            assertThat(shop.ledgerRows("HOT", "sale")).isEqualTo((long) UNITS * round);
        }
        assertThat(shop.rejections("insufficient_stock")).isGreaterThanOrEqualTo((long) (THREADS * attemptsPerThread - UNITS) * ROUNDS);
        shop.assertChecksClean();
    }

    @Test
    void batchesAndSingleSalesRacingForOneSkuNeverOversell() throws Exception {
        int ordersPerBatch = 3;
        assertThat(kernel.restock("HOT-BATCH", UNITS).ok()).isTrue();
        long rejectedBefore = shop.rejections("insufficient_stock");
        List<Outcome> outcomes = race(buyer -> {
            if (buyer % 4 == 0) {  // a quarter of the buyers come one at a time
                return List.of(kernel.sell(List.of(OrderLine.of("HOT-BATCH", 1)), "desk", null));
            }
            List<BatchOrder> batch = new ArrayList<>();
            for (int i = 0; i < ordersPerBatch; i++) {
                batch.add(BatchOrder.of(1, null, "o-" + buyer + "-" + i));
            }
            return kernel.sellBatch("HOT-BATCH", batch);
        });
        assertThat(outcomes.size()).isGreaterThan(2 * UNITS);
        assertThat(outcomes.stream().filter(Outcome::ok)).hasSize(UNITS);
        assertThat(outcomes.stream().filter(Outcome::refused))
                .allSatisfy(o -> assertThat(o.code()).isEqualTo("insufficient_stock"));
        assertThat(shop.onHand("HOT-BATCH")).isZero();
        assertThat(shop.ledgerRows("HOT-BATCH", "sale")).isEqualTo(UNITS);
        assertThat(shop.rejections("insufficient_stock") - rejectedBefore).isEqualTo(outcomes.size() - UNITS);
        shop.assertChecksClean();
    }

    interface Buyer {
        List<Outcome> buy(int index) throws Exception;
    }

    /** Starts every thread at the same moment and gathers what each got. */
    private static List<Outcome> race(Buyer buyer) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch ready = new CountDownLatch(THREADS);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<List<Outcome>>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int index = t;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return buyer.buy(index);
                }));
            }
            ready.await();
            go.countDown();
            List<Outcome> all = new ArrayList<>();
            for (Future<List<Outcome>> f : futures) {
                all.addAll(f.get());
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }
}
