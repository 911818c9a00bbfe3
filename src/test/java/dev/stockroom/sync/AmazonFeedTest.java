package dev.stockroom.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stockroom.sync.channels.Json;
import dev.stockroom.sync.simulator.RecordedRequest;
import dev.stockroom.sync.simulator.SimChannel;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Many Amazon listings due at once go as one JSON_LISTINGS_FEED (document, upload, createFeed,
 * status, report) instead of one PATCH each; the report's ERROR issues park exactly their
 * listings; a spent feed budget sends single PATCHes instead, losing nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AmazonFeedTest {
    static final String FEEDS = "/feeds/2021-06-30";
    static SyncFixture f;

    @BeforeAll
    static void setUp() {
        f = new SyncFixture("feeds");
        f.channel("amzn", "amazon", Map.of());
        f.channel("amzb", "amazon", Map.of("feeds_per_window", 1));     // our own budget runs out after one feed
        f.channel("amzc", "amazon", Map.of("feeds_per_window", 50));    // Amazon's runs out first: it answers 429
        f.sim.amazonFeedLimit("amzc", 1, Duration.ofMinutes(5));
        for (int i = 0; i < 200; i++) {
            String code = String.format("F-%03d", i);
            if (i < 30) {
                f.sku(code, 3 + i % 17, "amzn", "amzb", "amzc");
            } else {
                f.sku(code, 3 + i % 17, "amzn");
            }
        }
        f.worker(SyncFixture.fastOptions("feeds-1"));
        SyncFixture.await("first sync of 200 listings", Duration.ofSeconds(60), f::converged);
    }

    @AfterAll
    static void tearDown() {
        f.close();
    }

    static JsonNode json(String body) {
        try {
            return Json.parse(body);
        } catch (Json.MalformedAnswerException e) {
            throw new AssertionError(e);
        }
    }

    static List<RecordedRequest> calls(SimChannel ch, String method, String pathPrefix) {
        return ch.requests(r -> r.method().equals(method) && r.path().startsWith(pathPrefix));
    }

    static void holdPushes(String channel, boolean hold) {
        f.exec("SELECT stockroom.set_sync_paused(?, ?, ?)", channel, hold);
    }

    @Test
    @Order(1)
    void twoHundredListingsGoAsOneFeedInAmazonsShapes() {
        SimChannel amzn = f.sim.channel("amzn");
        assertThat(calls(amzn, "PATCH", "/listings/")).as("single PATCH calls").isEmpty();
        List<RecordedRequest> documents = calls(amzn, "POST", FEEDS + "/documents");
        List<RecordedRequest> uploads = calls(amzn, "PUT", "/sim-s3/documents/");
        List<RecordedRequest> feeds = calls(amzn, "POST", FEEDS + "/feeds");
        assertThat(documents).hasSize(1);
        assertThat(uploads).hasSize(1);
        assertThat(feeds).hasSize(1);

        RecordedRequest doc = documents.get(0);
        assertThat(doc.header("x-amz-access-token")).startsWith("Atza|");
        assertThat(json(doc.body())).isEqualTo(json("{\"contentType\":\"application/json; charset=UTF-8\"}"));
        String documentId = json(doc.answer()).path("feedDocumentId").asText();

        RecordedRequest upload = uploads.get(0);
        assertThat(upload.header("Content-Type")).isEqualTo("application/json; charset=UTF-8");
        assertThat(upload.header("x-amz-access-token")).as("the token is not sent to the pre-signed URL").isNull();
        JsonNode feed = json(upload.body());
        assertThat(feed.path("header")).isEqualTo(json("{\"sellerId\":\"A1SIMSELLER\",\"version\":\"2.0\",\"issueLocale\":\"en_US\"}"));
        JsonNode messages = feed.path("messages");
        assertThat(messages.size()).isEqualTo(200);
        Map<String, Integer> expected = f.expected("amzn");
        Set<Integer> ids = new HashSet<>();
        Set<String> skus = new HashSet<>();
        for (JsonNode m : messages) {
            ids.add(m.path("messageId").asInt());
            skus.add(m.path("sku").asText());
            assertThat(m.path("operationType").asText()).isEqualTo("PATCH");
            assertThat(m.path("productType").asText()).isEqualTo("PRODUCT");
            JsonNode patch = m.path("patches").get(0);
            assertThat(m.path("patches").size()).isEqualTo(1);
            assertThat(patch.path("op").asText()).isEqualTo("replace");
            assertThat(patch.path("path").asText()).isEqualTo("/attributes/fulfillment_availability");
            assertThat(patch.path("value").size()).isEqualTo(1);
            assertThat(patch.path("value").get(0).path("fulfillment_channel_code").asText()).isEqualTo("DEFAULT");
            assertThat(patch.path("value").get(0).path("quantity").asInt()).isEqualTo(expected.get(m.path("sku").asText()));
        }
        assertThat(ids).hasSize(200).allMatch(id -> id >= 1 && id <= 200);
        assertThat(skus).isEqualTo(expected.keySet());

        RecordedRequest create = feeds.get(0);
        assertThat(create.header("x-amz-access-token")).startsWith("Atza|");
        assertThat(json(create.body())).isEqualTo(json("{\"feedType\":\"JSON_LISTINGS_FEED\",\"marketplaceIds\":[\"A21TJRUUN4KGV\"],"
                + "\"inputFeedDocumentId\":\"" + documentId + "\"}"));
        String feedId = json(create.answer()).path("feedId").asText();
        List<String> statuses = calls(amzn, "GET", FEEDS + "/feeds/" + feedId).stream()
                .map(r -> json(r.answer()).path("processingStatus").asText()).toList();
        assertThat(statuses).containsExactly("IN_QUEUE", "IN_PROGRESS", "DONE");
        assertThat(calls(amzn, "GET", FEEDS + "/documents/")).hasSize(1);

        assertThat(amzn.quantitiesBySku()).isEqualTo(expected);
        assertThat(f.db.queryLong("SELECT count(*) FROM stockroom.sync_attempt WHERE channel = 'amzn' AND outcome = 'pushed' AND seller_id = "
                + f.seller)).isEqualTo(200);
        assertThat(amzn.overlaps()).isZero();
    }

    @Test
    @Order(2)
    void anErrorInTheReportParksExactlyThatListingWithAmazonsWords() {
        SimChannel amzn = f.sim.channel("amzn");
        f.sim.refuseOnAmazon("amzn", "F-150");
        amzn.clearRequests();
        holdPushes("amzn", true);
        for (int i = 100; i < 200; i++) {
            f.kernel.restock(String.format("F-%03d", i), 2);
        }
        holdPushes("amzn", false);
        SyncFixture.await("the feed is settled", Duration.ofSeconds(60), () -> f.converged("amzn") || parked("amzn") == 1
                && f.db.queryLong("SELECT count(*) FROM stockroom.sync_outbox WHERE NOT parked AND seller_id = " + f.seller) == 0);
        assertThat(parked("amzn")).isEqualTo(1);
        String error = text("SELECT o.last_error FROM stockroom.sync_outbox o JOIN stockroom.sku s USING (seller_id, sku_id) "
                + "WHERE o.parked AND o.channel = 'amzn' AND s.code = 'F-150' AND o.seller_id = " + f.seller);
        assertThat(error).startsWith("Amazon refused the update in feed ")
                .contains("'fulfillment_availability' is not valid for this product type. (90220)");
        Map<String, Integer> shown = amzn.quantitiesBySku();
        Map<String, Integer> expected = f.expected("amzn");
        for (String sku : expected.keySet()) {
            if (sku.equals("F-150")) {
                assertThat(shown.get(sku)).as("the refused listing keeps its old quantity").isEqualTo(expected.get(sku) - 2);
            } else {
                assertThat(shown.get(sku)).as(sku).isEqualTo(expected.get(sku));
            }
        }
        assertThat(calls(amzn, "POST", FEEDS + "/feeds")).hasSize(1);
        assertThat(calls(amzn, "PATCH", "/listings/")).isEmpty();
    }

    @Test
    @Order(3)
    void aSpentFeedBudgetFallsBackToSinglePatchesAndLosesNothing() {
        SimChannel ours = f.sim.channel("amzb");
        SimChannel theirs = f.sim.channel("amzc");
        ours.clearRequests();
        theirs.clearRequests();
        holdPushes("amzb", true);
        holdPushes("amzc", true);
        for (int i = 0; i < 30; i++) {
            f.kernel.adjust(String.format("F-%03d", i), 40 + i, "count");
        }
        holdPushes("amzb", false);
        holdPushes("amzc", false);
        SyncFixture.await("both catch up one listing at a time", Duration.ofSeconds(60),
                () -> f.converged("amzb") && f.converged("amzc"));
        assertThat(parked("amzb") + parked("amzc")).isZero();

        // Our own budget (one feed per five minutes) was spent by the first sync: no feed was even tried.
        assertThat(calls(ours, "POST", FEEDS + "/feeds")).isEmpty();
        assertThat(calls(ours, "PATCH", "/listings/")).hasSize(30);
        // Amazon refused the second feed with 429: the same listings went as PATCHes.
        List<RecordedRequest> refused = calls(theirs, "POST", FEEDS + "/feeds");
        assertThat(refused).hasSize(1);
        assertThat(refused.get(0).status()).isEqualTo(429);
        assertThat(calls(theirs, "PATCH", "/listings/")).hasSize(30);
        assertThat(ours.quantitiesBySku()).isEqualTo(f.expected("amzb"));
        assertThat(theirs.quantitiesBySku()).isEqualTo(f.expected("amzc"));
    }

    static String text(String sql) {
        return f.queryText(sql);
    }

    static long parked(String channel) {
        return f.db.queryLong("SELECT count(*) FROM stockroom.sync_outbox WHERE parked AND channel = '" + channel + "' AND seller_id = " + f.seller);
    }
}
