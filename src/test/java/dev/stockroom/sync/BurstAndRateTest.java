package dev.stockroom.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.sync.simulator.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A burst of 1,000 stock changes on 50 SKUs: every channel ends right, with far fewer calls, inside its limits. */
class BurstAndRateTest {
    static SyncFixture f;

    @BeforeAll
    static void setUp() {
        f = new SyncFixture("burst");
        f.channel("shop", "shopify", Map.of());
        f.channel("amzn", "amazon", Map.of());
        f.channel("fk", "flipkart", Map.of());
        for (int i = 0; i < 50; i++) {
            f.sku(String.format("B-%02d", i), 100, "shop", "amzn", "fk");
        }
    }

    @AfterAll
    static void tearDown() {
        f.close();
    }

    @Test
    void aThousandChangesBecomeFewCallsAndEveryListingEndsRight() {
        f.worker(SyncFixture.fastOptions("burst-1"));
        SyncFixture.await("first sync", Duration.ofSeconds(60), f::converged);
        f.sim.channels().forEach(ch -> ch.clearRequests());

        Random random = new Random(7);
        for (int i = 0; i < 1000; i++) {
            String sku = String.format("B-%02d", random.nextInt(50));
            switch (random.nextInt(3)) {
                case 0 -> f.kernel.restock(sku, 1 + random.nextInt(5));
                case 1 -> f.kernel.adjust(sku, 50 + random.nextInt(100), "count");
                default -> f.kernel.sell(List.of(dev.stockroom.ledger.OrderLine.of(sku, 1)), null, null);
            }
        }
        SyncFixture.await("every (SKU, channel) converges", Duration.ofSeconds(90), f::converged);
        f.assertConverged();

        int shopCalls = f.sim.channel("shop").pushes().size();
        int amazonCalls = f.sim.channel("amzn").pushes().size();
        int flipkartCalls = f.sim.channel("fk").pushes().size();
        assertThat(shopCalls).as("Shopify calls for 1,000 changes").isLessThan(100);
        assertThat(flipkartCalls).as("Flipkart calls for 1,000 changes").isLessThan(250);
        assertThat(amazonCalls).as("Amazon calls (one SKU each) for 1,000 changes").isLessThan(400);

        // The channels' own limits (the simulator's token buckets) never refused a call. The worker's
        // bucket (rate r, burst 2) sends at most r + 1 calls in any second; one more is allowed for
        // loopback arrival jitter (a request recorded late makes the next ones look closer).
        f.sim.channels().forEach(ch -> assertThat(ch.throttledByLimit()).as("calls refused by " + ch.name() + "'s limit").isZero());
        // Amazon also takes feed submissions beside single patches (their own budget), so its bound
        // is the channel's published burst rather than the worker's single-call bucket.
        assertThat(maxPerSecond(f.sim.channel("amzn").pushes())).as("Amazon calls in any one second (5/s, burst 10)").isLessThanOrEqualTo(10);
        assertThat(maxPerSecond(f.sim.channel("fk").pushes())).as("Flipkart calls in any one second (4/s)").isLessThanOrEqualTo(4 + 2);
        assertThat(maxPerSecond(f.sim.channel("shop").pushes())).as("Shopify calls in any one second (4/s)").isLessThanOrEqualTo(4 + 2);
        f.sim.channels().forEach(ch -> assertThat(ch.overlaps()).isZero());
    }

    /** The most requests that arrived within any one-second window. */
    static int maxPerSecond(List<RecordedRequest> requests) {
        long[] t = requests.stream().mapToLong(RecordedRequest::arrivedNanos).sorted().toArray();
        int max = 0;
        int from = 0;
        for (int to = 0; to < t.length; to++) {
            while (t[to] - t[from] >= 1_000_000_000L) {
                from++;
            }
            max = Math.max(max, to - from + 1);
        }
        return max;
    }
}
