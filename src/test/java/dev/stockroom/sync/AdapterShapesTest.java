package dev.stockroom.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stockroom.sync.channels.Json;
import dev.stockroom.sync.channels.webhook.WebhookAdapter;
import dev.stockroom.sync.simulator.MarketplaceSimulator;
import dev.stockroom.sync.simulator.RecordedRequest;
import dev.stockroom.sync.simulator.SimChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every adapter's requests, as the simulated channel received them, against CHANNELS.md. */
class AdapterShapesTest {
    static SyncFixture f;

    @BeforeAll
    static void setUp() {
        f = new SyncFixture("shapes");
        f.channel("shop", "shopify", Map.of());
        f.channel("amzn", "amazon", Map.of());
        f.channel("fk", "flipkart", Map.of());
        f.channel("woo", "woocommerce", Map.of("rate_per_second", 10));
        f.channel("bay", "ebay", Map.of("rate_per_second", 10));
        f.channel("hook", "webhook", Map.of());
        for (int i = 0; i < 130; i++) {
            String code = String.format("S-%03d", i);
            if (i < 6) {
                f.sku(code, 5 + i, "shop", "amzn", "fk", "woo", "bay", "hook");
            } else {
                f.sku(code, 5 + i, "shop", "fk", "woo", "bay", "hook");
            }
        }
        f.worker(SyncFixture.fastOptions("shapes-1"));
        SyncFixture.await("all channels converge", Duration.ofSeconds(60), f::converged);
    }

    @AfterAll
    static void tearDown() {
        f.close();
    }

    static JsonNode json(RecordedRequest r) {
        try {
            return Json.parse(r.body());
        } catch (Json.MalformedAnswerException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void shopifySetsAvailableWithCompareAndAnIdempotencyKey() {
        List<RecordedRequest> pushes = f.sim.channel("shop").pushes();
        assertThat(pushes).isNotEmpty();
        for (RecordedRequest r : pushes) {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/admin/api/2026-04/graphql.json");
            assertThat(r.header("X-Shopify-Access-Token")).isEqualTo(MarketplaceSimulator.SECRET);
            JsonNode body = json(r);
            assertThat(body.path("query").asText())
                    .contains("inventorySetQuantities(input: $input) @idempotent(key: \"")
                    .contains("inventoryAdjustmentGroup { createdAt reason changes { name delta } }")
                    .contains("userErrors { code field message }");
            JsonNode input = body.path("variables").path("input");
            assertThat(input.path("name").asText()).isEqualTo("available");
            assertThat(input.path("reason").asText()).isEqualTo("correction");
            assertThat(input.path("referenceDocumentUri").asText()).startsWith("stockroom://sync/shop/");
            assertThat(input.path("quantities").size()).isBetween(1, 100);
            for (JsonNode q : input.path("quantities")) {
                assertThat(q.path("inventoryItemId").asText()).startsWith("gid://shopify/InventoryItem/");
                assertThat(q.path("locationId").asText()).isEqualTo("gid://shopify/Location/1");
                assertThat(q.path("quantity").isInt()).isTrue();
                assertThat(q.has("changeFromQuantity")).as("changeFromQuantity is required from 2026-04").isTrue();
            }
        }
        // First push of a listing: Stockroom does not know what Shopify has, so the compare is skipped with an explicit null.
        assertThat(json(pushes.get(0)).path("variables").path("input").path("quantities").get(0).get("changeFromQuantity").isNull()).isTrue();
    }

    @Test
    void shopifyComparesAgainstWhatStockroomLastSetAndReportsDrift() {
        SimChannel shop = f.sim.channel("shop");
        String key = shop.listings().stream().filter(l -> l.sku().equals("S-050")).map(l -> keyOf(shop, "S-050")).findFirst().orElseThrow();
        int before = shop.listing(key).orElseThrow().qty();
        shop.editQuantity(key, before + 7);   // someone changes it in the Shopify admin
        f.kernel.restock("S-050", 1);
        SyncFixture.await("drift is found and corrected", Duration.ofSeconds(30),
                () -> f.converged("shop") && f.db.queryLong("SELECT count(*) FROM stockroom.sync_drift WHERE seller_id = " + f.seller) > 0);
        List<JsonNode> quantities = shop.pushes().stream().map(AdapterShapesTest::json)
                .flatMap(b -> java.util.stream.StreamSupport.stream(b.path("variables").path("input").path("quantities").spliterator(), false))
                .filter(q -> q.path("inventoryItemId").asText().equals(key)).toList();
        JsonNode compared = quantities.stream().filter(q -> q.path("changeFromQuantity").asInt(-1) == before).findFirst().orElseThrow();
        assertThat(compared.path("quantity").asInt()).isEqualTo(before + 1);
        assertThat(quantities.get(quantities.size() - 1).get("changeFromQuantity").isNull()).as("after drift the next push sets without compare").isTrue();
        assertThat(shop.listing(key).orElseThrow().qty()).isEqualTo(before + 1);
        assertThat(f.db.queryLong("SELECT count(*) FROM stockroom.sync_attempt WHERE outcome = 'drift' AND channel = 'shop'")).isPositive();
    }

    static String keyOf(SimChannel ch, String sku) {
        return ch.listings().stream().filter(l -> l.sku().equals(sku)).findFirst().map(l -> {
            for (var e : ch.listingKeys().entrySet()) {
                if (e.getValue() == l) {
                    return e.getKey();
                }
            }
            throw new AssertionError();
        }).orElseThrow();
    }

    @Test
    void amazonPatchesOneSkuWithAnAccessToken() {
        SimChannel amzn = f.sim.channel("amzn");
        List<RecordedRequest> token = amzn.requests(r -> r.path().equals("/auth/o2/token"));
        assertThat(token).isNotEmpty();
        assertThat(token.get(0).body()).contains("grant_type=refresh_token").contains("refresh_token=").contains("client_id=").contains("client_secret=");
        List<RecordedRequest> pushes = amzn.pushes();
        assertThat(pushes).hasSize(6);
        for (RecordedRequest r : pushes) {
            assertThat(r.method()).isEqualTo("PATCH");
            assertThat(r.path()).matches("/listings/2021-08-01/items/A1SIMSELLER/S-00[0-5]");
            assertThat(r.query()).isEqualTo("marketplaceIds=A21TJRUUN4KGV");
            assertThat(r.header("x-amz-access-token")).startsWith("Atza|");
            JsonNode body = json(r);
            assertThat(body.path("productType").asText()).isEqualTo("PRODUCT");
            JsonNode patch = body.path("patches").get(0);
            assertThat(patch.path("op").asText()).isEqualTo("replace");
            assertThat(patch.path("path").asText()).isEqualTo("/attributes/fulfillment_availability");
            assertThat(patch.path("value").get(0).path("fulfillment_channel_code").asText()).isEqualTo("DEFAULT");
            assertThat(patch.path("value").get(0).path("quantity").isInt()).isTrue();
        }
    }

    @Test
    void flipkartSendsAtMostTenSkusKeyedBySellerSku() {
        List<RecordedRequest> pushes = f.sim.channel("fk").pushes();
        assertThat(pushes.size()).isGreaterThanOrEqualTo(13);
        for (RecordedRequest r : pushes) {
            assertThat(r.path()).isEqualTo("/sellers/listings/v3/update/inventory");
            assertThat(r.header("Authorization")).startsWith("Bearer ");
            JsonNode body = json(r);
            assertThat(body.size()).isBetween(1, 10);
            body.fields().forEachRemaining(e -> {
                assertThat(e.getKey()).startsWith("S-");
                assertThat(e.getValue().path("product_id").asText()).startsWith("FSN");
                assertThat(e.getValue().path("locations").get(0).path("id").asText()).isEqualTo(MarketplaceSimulator.FLIPKART_LOCATION);
                assertThat(e.getValue().path("locations").get(0).path("inventory").isInt()).isTrue();
            });
        }
        assertThat(f.sim.channel("fk").requests(r -> r.path().startsWith("/oauth-service/oauth/token")).get(0).query())
                .contains("grant_type=client_credentials").contains("scope=Seller_Api");
    }

    @Test
    void wooCommerceBatchesAtMostAHundredWithBasicAuth() {
        List<RecordedRequest> pushes = f.sim.channel("woo").pushes();
        assertThat(pushes.size()).isGreaterThanOrEqualTo(2);
        for (RecordedRequest r : pushes) {
            assertThat(r.path()).isEqualTo("/wp-json/wc/v3/products/batch");
            assertThat(new String(Base64.getDecoder().decode(r.header("Authorization").substring(6)), StandardCharsets.UTF_8))
                    .isEqualTo("ck_sim:" + MarketplaceSimulator.SECRET);
            JsonNode update = json(r).path("update");
            assertThat(update.size()).isBetween(1, 100);
            for (JsonNode u : update) {
                assertThat(u.path("id").isIntegralNumber()).isTrue();
                assertThat(u.path("manage_stock").asBoolean()).isTrue();
                assertThat(u.path("stock_quantity").isInt()).isTrue();
            }
        }
    }

    @Test
    void ebayBatchesAtMostTwentyFiveWithOffers() {
        List<RecordedRequest> pushes = f.sim.channel("bay").pushes();
        assertThat(pushes.size()).isGreaterThanOrEqualTo(6);
        for (RecordedRequest r : pushes) {
            assertThat(r.path()).isEqualTo("/sell/inventory/v1/bulk_update_price_quantity");
            assertThat(r.header("Authorization")).as("a user token from the refresh grant").startsWith("Bearer v^1.1#i^1#sim-");
            assertThat(r.header("Content-Type")).startsWith("application/json");
            JsonNode requests = json(r).path("requests");
            assertThat(requests.size()).isBetween(1, 25);
            for (JsonNode q : requests) {
                int qty = q.path("shipToLocationAvailability").path("quantity").asInt(-1);
                assertThat(qty).isGreaterThanOrEqualTo(0);
                assertThat(q.path("offers").get(0).path("offerId").asText()).startsWith("OFFER");
                assertThat(q.path("offers").get(0).path("availableQuantity").asInt()).isEqualTo(qty);
            }
        }
    }

    @Test
    void webhookBodiesAreSignedArrays() {
        List<RecordedRequest> pushes = f.sim.channel("hook").pushes();
        assertThat(pushes).isNotEmpty();
        for (RecordedRequest r : pushes) {
            assertThat(r.header(WebhookAdapter.SIGNATURE_HEADER))
                    .isEqualTo(WebhookAdapter.signature(MarketplaceSimulator.SECRET, r.body().getBytes(StandardCharsets.UTF_8)));
            JsonNode body = json(r);
            assertThat(body.isArray()).isTrue();
            assertThat(body.size()).isBetween(1, 100);
            Set<String> fields = java.util.stream.StreamSupport.stream(
                    java.util.Spliterators.spliteratorUnknownSize(body.get(0).fieldNames(), 0), false).collect(Collectors.toSet());
            assertThat(fields).containsExactlyInAnyOrder("sku", "channel", "quantity", "version", "sent_at");
        }
    }

    @Test
    void permanentRefusalsParkTheListingWithTheChannelsMessage() {
        f.sim.refuseOnAmazon("amzn", "S-002");
        f.kernel.restock("S-002", 3);
        SyncFixture.await("S-002 parked on amazon", Duration.ofSeconds(30), () -> f.db.queryLong(
                "SELECT count(*) FROM stockroom.sync_outbox o JOIN stockroom.sku s USING (seller_id, sku_id) WHERE s.code = 'S-002' "
                        + "AND o.channel = 'amzn' AND o.parked AND o.last_error LIKE '%INVALID%'") == 1);
        // The other channels got the new quantity all the same.
        SyncFixture.await("others converge", Duration.ofSeconds(30),
                () -> f.sim.channel("fk").quantitiesBySku().get("S-002").equals(f.expected("fk").get("S-002")));
    }
}
