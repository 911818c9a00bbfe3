package dev.stockroom.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.sync.simulator.RecordedRequest;
import dev.stockroom.sync.simulator.SimChannel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Shopify's idempotency userErrors (InventorySetQuantitiesUserErrorCode): a request still in
 * progress is sent again with the same key; a key whose earlier attempt failed is replaced by a
 * new one; neither parks the listing.
 */
class ShopifyIdempotencyTest {
    static final Pattern KEY = Pattern.compile("@idempotent\\(key: \"([^\"]+)\"\\)");
    static SyncFixture f;

    @BeforeAll
    static void setUp() {
        f = new SyncFixture("shopidem");
        f.channel("shop", "shopify", Map.of());
        f.sku("IDEM-1", 12, "shop");
        f.worker(SyncFixture.fastOptions("idem-1"));
        SyncFixture.await("first sync", Duration.ofSeconds(30), f::converged);
    }

    @AfterAll
    static void tearDown() {
        f.close();
    }

    static String key(RecordedRequest r) {
        Matcher m = KEY.matcher(AmazonFeedTest.json(r.body()).path("query").asText());
        return m.find() ? m.group(1) : null;
    }

    @Test
    void aRequestInProgressIsSentAgainAndAFailedKeyIsReplaced() {
        SimChannel shop = f.sim.channel("shop");
        shop.clearRequests();
        f.sim.failShopifyIdempotency("shop", "IDEMPOTENCY_CONCURRENT_REQUEST");
        f.sim.failShopifyIdempotency("shop", "IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED");
        f.kernel.restock("IDEM-1", 5);
        SyncFixture.await("IDEM-1 set on Shopify", Duration.ofSeconds(30), f::converged);

        List<RecordedRequest> mutations = shop.requests(r -> r.body().contains("inventorySetQuantities"));
        assertThat(mutations).hasSize(3);
        assertThat(mutations.get(0).answer()).contains("IDEMPOTENCY_CONCURRENT_REQUEST");
        assertThat(mutations.get(1).answer()).contains("IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED");
        assertThat(key(mutations.get(1))).as("still in progress: the same key again").isEqualTo(key(mutations.get(0)));
        assertThat(key(mutations.get(2))).as("the failed key is not used again").isNotEqualTo(key(mutations.get(1)));
        assertThat(mutations.get(2).answer()).doesNotContain("IDEMPOTENCY");
        assertThat(f.db.queryLong("SELECT count(*) FROM stockroom.sync_attempt WHERE outcome = 'retry' AND seller_id = " + f.seller)).isEqualTo(2);
        assertThat(f.db.queryLong("SELECT count(*) FROM stockroom.sync_attempt WHERE outcome IN ('parked', 'drift') AND seller_id = " + f.seller)).isZero();
    }
}
