package dev.stockroom.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SyncSmokeTest {
    static SyncFixture f;

    @BeforeAll
    static void setUp() {
        f = new SyncFixture("smoke");
        f.channel("shop", "shopify", Map.of());
        f.channel("amzn", "amazon", Map.of());
        f.channel("fk", "flipkart", Map.of());
        for (int i = 0; i < 12; i++) {
            f.sku("SKU-" + i, 10 + i, "shop", "amzn", "fk");
        }
    }

    @AfterAll
    static void tearDown() {
        f.close();
    }

    @Test
    void quantitiesFlowOutToEveryChannel() {
        f.worker(SyncFixture.fastOptions("smoke-1"));
        SyncFixture.await("channels converge", Duration.ofSeconds(30), f::converged);
        f.kernel.restock("SKU-3", 5);
        f.kernel.adjust("SKU-4", 2, "count");
        SyncFixture.await("channels converge again", Duration.ofSeconds(30), f::converged);
        assertThat(f.sim.channel("fk").quantitiesBySku()).containsEntry("SKU-3", 18).containsEntry("SKU-4", 2);
        assertThat(f.sim.channel("shop").overlaps()).isZero();
    }
}
