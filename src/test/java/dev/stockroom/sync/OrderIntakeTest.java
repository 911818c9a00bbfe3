package dev.stockroom.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stockroom.sync.channels.Json;
import dev.stockroom.sync.orders.OrderIntake;
import dev.stockroom.sync.simulator.RecordedRequest;
import dev.stockroom.sync.simulator.SimOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Orders on Shopify, Amazon and Flipkart become reservations once, however often they are read. */
class OrderIntakeTest {
    static SyncFixture f;
    static OrderIntake intake;

    @BeforeAll
    static void setUp() {
        f = new SyncFixture("intake");
        Map<String, Object> fast = Map.of("order_poll_seconds", 0);
        f.channel("shop", "shopify", fast);
        f.channel("amzn", "amazon", fast);
        f.channel("fk", "flipkart", fast);
        f.sku("TEA", 20, "shop", "amzn", "fk");
        f.sku("MUG", 10, "shop", "amzn", "fk");
        f.sku("PAGE", 100, "fk");
        f.sim.channels().forEach(ch -> {
            ch.showSku("TEA", 10);
            ch.showSku("MUG", 10);
        });
        // Flipkart publishes no rate for order reads; each poll here makes three filter calls, many polls a second.
        f.sim.channel("fk").orderLimit(50, 50);
        intake = new OrderIntake(f.syncDs, f.seller, f.secrets, f.clock, "intake-test");
    }

    @AfterAll
    static void tearDown() {
        intake.close();
        f.close();
    }

    long reserved(String sku) {
        return f.db.queryLong("SELECT reserved FROM stockroom.stock s JOIN stockroom.sku k USING (seller_id, sku_id) WHERE k.code = '" + sku
                + "' AND s.seller_id = " + f.seller);
    }

    long onHand(String sku) {
        return f.db.queryLong("SELECT on_hand FROM stockroom.stock s JOIN stockroom.sku k USING (seller_id, sku_id) WHERE k.code = '" + sku
                + "' AND s.seller_id = " + f.seller);
    }

    long ledgerRows(String kind, String orderRef) {
        return f.db.queryLong("SELECT count(*) FROM stockroom.ledger WHERE seller_id = " + f.seller + " AND kind = '" + kind
                + "' AND order_ref = '" + orderRef + "'");
    }

    @Test
    void ordersOnThreeChannelsHoldStockOnceEvenWhenDeliveredTwice() throws Exception {
        intake.pollDueChannels();
        long tea = reserved("TEA");
        long mug = reserved("MUG");
        SimOrder s1 = f.sim.channel("shop").placeOrder("TEA", 2).orElseThrow();
        SimOrder a1 = f.sim.channel("amzn").placeOrder("TEA", 1).orElseThrow();
        SimOrder k1 = f.sim.channel("fk").placeOrder("MUG", 3).orElseThrow();
        intake.pollDueChannels();
        assertThat(reserved("TEA")).isEqualTo(tea + 3);
        assertThat(reserved("MUG")).isEqualTo(mug + 3);

        // The same orders come again (an overlapping poll, a replayed page): nothing more is held.
        f.sim.channel("shop").touch(s1.id());
        f.sim.channel("amzn").touch(a1.id());
        f.sim.channel("fk").touch(k1.id());
        intake.pollDueChannels();
        intake.pollDueChannels();
        assertThat(reserved("TEA")).isEqualTo(tea + 3);
        assertThat(reserved("MUG")).isEqualTo(mug + 3);
        assertThat(ledgerRows("reserve", s1.name())).isEqualTo(1);
        assertThat(ledgerRows("reserve", a1.id())).isEqualTo(1);
        assertThat(ledgerRows("reserve", k1.id())).isEqualTo(1);
    }

    @Test
    void aCancelledOrderReleasesExactlyOnceAndADispatchConfirms() throws Exception {
        SimOrder cancelled = f.sim.channel("amzn").placeOrder("MUG", 2).orElseThrow();
        SimOrder shipped = f.sim.channel("fk").placeOrder("TEA", 1).orElseThrow();
        intake.pollDueChannels();
        long heldMug = reserved("MUG");
        long teaOnHand = onHand("TEA");
        SimOrder fkCancelled = f.sim.channel("fk").placeOrder("MUG", 1).orElseThrow();
        SimOrder amznShipped = f.sim.channel("amzn").placeOrder("TEA", 1).orElseThrow();
        intake.pollDueChannels();
        heldMug = reserved("MUG");
        f.sim.channel("amzn").cancel(cancelled.id());
        f.sim.channel("fk").ship(shipped.id());
        f.sim.channel("fk").cancel(fkCancelled.id());
        f.sim.channel("amzn").ship(amznShipped.id());
        intake.pollDueChannels();
        f.sim.channel("amzn").touch(cancelled.id());
        intake.pollDueChannels();
        assertThat(reserved("MUG")).isEqualTo(heldMug - 3);
        assertThat(ledgerRows("release", cancelled.id())).isEqualTo(1);
        assertThat(ledgerRows("release", fkCancelled.id())).as("a Flipkart cancellation, read with the cancelled filter").isEqualTo(1);
        assertThat(ledgerRows("confirm", shipped.id())).as("a Flipkart dispatch, read with the postDispatch filter").isEqualTo(1);
        assertThat(ledgerRows("confirm", amznShipped.id())).as("an Amazon shipment, read from the FULFILLMENT dataset").isEqualTo(1);
        assertThat(onHand("TEA")).isEqualTo(teaOnHand - 2);
    }

    @Test
    void orderReadsFollowTheChannelsPublishedModels() throws Exception {
        intake.pollDueChannels();
        // Amazon Orders 2026-01-01: the order's fulfillmentStatus is the FULFILLMENT dataset, left out unless asked for.
        List<RecordedRequest> amazon = f.sim.channel("amzn").requests(r -> r.path().equals("/orders/2026-01-01/orders"));
        assertThat(amazon).isNotEmpty().allSatisfy(r -> {
            assertThat(r.query()).contains("includedData=FULFILLMENT").contains("lastUpdatedAfter=").contains("marketplaceIds=A21TJRUUN4KGV")
                    .doesNotContain("createdAfter");
        });
        // Flipkart shipments filter v3: one type per request, only that type's states, orders by orderDate.
        List<RecordedRequest> filters = f.sim.channel("fk").requests(r -> r.method().equals("POST") && r.path().equals("/sellers/v3/shipments/filter"));
        Map<String, Set<String>> byType = new HashMap<>();
        for (RecordedRequest r : filters) {
            JsonNode filter = Json.parse(r.body()).path("filter");
            assertThat(filter.path("orderDate").path("from").asText()).isNotBlank();
            Set<String> states = new HashSet<>();
            filter.path("states").forEach(st -> states.add(st.asText()));
            byType.merge(filter.path("type").asText(), states, (x, y) -> x);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
        }
        assertThat(byType).isEqualTo(Map.of(
                "preDispatch", Set.of("APPROVED", "PACKING_IN_PROGRESS", "PACKED", "FORM_FAILED", "READY_TO_DISPATCH"),
                "postDispatch", Set.of("SHIPPED", "DELIVERED", "PICKUP_COMPLETE"),
                "cancelled", Set.of("CANCELLED")));
    }

    @Test
    void flipkartsNextPagesAreFollowed() throws Exception {
        intake.pollDueChannels();
        List<SimOrder> placed = new ArrayList<>();
        f.sim.channel("fk").showSku("PAGE", 100);
        for (int i = 0; i < 25; i++) {
            placed.add(f.sim.channel("fk").placeOrder("PAGE", 1).orElseThrow());
        }
        intake.pollDueChannels();
        assertThat(f.sim.channel("fk").requests(r -> r.method().equals("GET") && r.path().equals("/sellers/v3/shipments/filter")))
                .as("the second page, fetched from nextPageUrl").isNotEmpty();
        for (SimOrder o : placed) {
            assertThat(ledgerRows("reserve", o.id())).as(o.id()).isEqualTo(1);
        }
    }

    @Test
    void oneDeskPollsAChannelAtATime() throws Exception {
        OrderIntake other = new OrderIntake(f.syncDs, f.seller, f.secrets, f.clock, "other-desk");
        try {
            intake.pollDueChannels();
            f.db.exec("UPDATE stockroom.order_intake SET lease_owner = 'other-desk', lease_until = now() + interval '1 minute' WHERE seller_id = "
                    + f.seller + " AND channel = 'fk'");
            SimOrder o = f.sim.channel("fk").placeOrder("MUG", 1).orElseThrow();
            int before = f.sim.channel("fk").requests().size();
            intake.pollDueChannels();
            assertThat(f.sim.channel("fk").requests().size()).as("fk is leased by another desk").isEqualTo(before);
            other.pollDueChannels();
            assertThat(ledgerRows("reserve", o.id())).isEqualTo(1);
        } finally {
            other.close();
        }
    }
}
