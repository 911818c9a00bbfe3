package dev.stockroom.sync.channels.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stockroom.sync.channels.BulkChannel.Progress;
import dev.stockroom.sync.channels.BulkChannel.Submission;
import dev.stockroom.sync.channels.HttpChannel.Answer;
import dev.stockroom.sync.channels.ItemOutcome;
import dev.stockroom.sync.channels.Json;
import dev.stockroom.sync.channels.ListingPush;
import dev.stockroom.sync.channels.PushResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Amazon Feeds API 2021-06-30 with a JSON_LISTINGS_FEED: create a feed document, upload the
 * feed to its pre-signed URL, create the feed; later read the feed's status and, once it is
 * DONE, its processing report, whose per-message issues become per-listing outcomes.
 */
final class AmazonFeeds {
    static final String CONTENT_TYPE = "application/json; charset=UTF-8";
    static final String FEED_TYPE = "JSON_LISTINGS_FEED";
    private static final String API = "/feeds/2021-06-30";

    private final AmazonAdapter amazon;
    private final Clock clock;
    private final FeedBudget budget;

    AmazonFeeds(AmazonAdapter amazon, Clock clock, FeedBudget budget) {
        this.amazon = amazon;
        this.clock = clock;
        this.budget = budget;
    }

    boolean allows(Instant now) {
        return budget.allows(now);
    }

    /** The feed document: one PATCH message per listing, messageId its place in the batch (from 1). */
    static ObjectNode feed(String sellerId, String productType, String fulfillmentChannel, List<String> skus, List<Integer> quantities) {
        ObjectNode root = Json.object();
        ObjectNode header = root.putObject("header");
        header.put("sellerId", sellerId);
        header.put("version", "2.0");
        header.put("issueLocale", "en_US");
        ArrayNode messages = root.putArray("messages");
        for (int i = 0; i < skus.size(); i++) {
            ObjectNode m = messages.addObject();
            m.put("messageId", i + 1);
            m.put("sku", skus.get(i));
            m.put("operationType", "PATCH");
            m.put("productType", productType);
            m.set("patches", AmazonAdapter.body(productType, fulfillmentChannel, quantities.get(i)).get("patches"));
        }
        return root;
    }

    Submission submit(List<ListingPush> batch, String merchant, String token) {
        String marketplace = amazon.marketplace();
        try {
            ObjectNode docRequest = Json.object().put("contentType", CONTENT_TYPE);
            Answer doc = amazon.call(amazon.api(API + "/documents", token).post(AmazonAdapter.jsonBody(docRequest)).build());
            if (!doc.ok()) {
                return refused(batch, "creating a feed document", doc);
            }
            JsonNode d = Json.parse(doc.body());
            String documentId = d.path("feedDocumentId").asText("");
            String url = d.path("url").asText("");
            if (documentId.isEmpty() || url.isEmpty()) {
                return Submission.notSent(batch, "Amazon's feed document answer has no feedDocumentId or url", true);
            }
            ObjectNode feed = feed(merchant, amazon.productType(), amazon.fulfillmentChannel(),
                    batch.stream().map(amazon::sellerSku).toList(), batch.stream().map(ListingPush::quantity).toList());
            // The pre-signed URL carries its own authorisation: the access token is not sent there.
            Request upload = new Request.Builder().url(url)
                    .put(RequestBody.create(Json.write(feed).getBytes(StandardCharsets.UTF_8), MediaType.get(CONTENT_TYPE)))
                    .build();
            Answer put = amazon.call(upload);
            if (!put.ok()) {
                return refused(batch, "uploading the feed", put);
            }
            if (!budget.allows(clock.instant())) {
                return Submission.notSent(batch, "Amazon's feed budget is spent for now", false);
            }
            budget.spend(clock.instant());
            ObjectNode create = Json.object();
            create.put("feedType", FEED_TYPE);
            create.putArray("marketplaceIds").add(marketplace);
            create.put("inputFeedDocumentId", documentId);
            Answer created = amazon.call(amazon.api(API + "/feeds", token).post(AmazonAdapter.jsonBody(create)).build());
            if (created.status() == 429) {
                budget.spentByAmazon(clock.instant());
                return Submission.notSent(batch, "Amazon refused another feed for now (HTTP 429)", false);
            }
            if (!created.ok()) {
                return refused(batch, "creating the feed", created);
            }
            String feedId = Json.parse(created.body()).path("feedId").asText("");
            if (feedId.isEmpty()) {
                return Submission.notSent(batch, "Amazon's createFeed answer has no feedId", true);
            }
            return Submission.accepted(feedId, batch);
        } catch (IOException e) {
            return Submission.notSent(batch, "Amazon could not be reached while sending a feed (" + e.getClass().getSimpleName() + ")", true);
        } catch (Json.MalformedAnswerException e) {
            return Submission.notSent(batch, "Amazon's feeds answer: " + e.getMessage(), true);
        }
    }

    private static Submission refused(List<ListingPush> batch, String step, Answer a) {
        return Submission.notSent(batch, "Amazon answered HTTP " + a.status() + " when " + step, a.status() >= 500);
    }

    Progress progress(Submission s, String token) {
        try {
            Answer a = amazon.call(amazon.api(API + "/feeds/" + AmazonAdapter.encode(s.id()), token).get().build());
            if (!a.ok()) {
                return Progress.waiting("Amazon answered HTTP " + a.status() + " about feed " + s.id());
            }
            JsonNode feed = Json.parse(a.body());
            String status = feed.path("processingStatus").asText("");
            switch (status) {
                case "IN_QUEUE", "IN_PROGRESS" -> {
                    return Progress.waiting(status);
                }
                case "CANCELLED" -> {
                    return Progress.failed("Amazon cancelled feed " + s.id());
                }
                case "DONE", "FATAL" -> {
                    String resultId = feed.path("resultFeedDocumentId").asText("");
                    JsonNode report = resultId.isEmpty() ? null : report(resultId, token);
                    if ("FATAL".equals(status)) {
                        budget.spentByAmazon(clock.instant());   // a feed Amazon cannot read: send single updates for a while
                        return Progress.failed("Amazon could not process feed " + s.id() + (report == null ? "" : ": " + feedIssues(report)));
                    }
                    if (report == null) {
                        return Progress.waiting("feed " + s.id() + " is done but its processing report is not there yet");
                    }
                    return Progress.done(outcomes(s, report));
                }
                default -> {
                    return Progress.waiting("feed " + s.id() + " has status '" + status + "'");
                }
            }
        } catch (IOException e) {
            return Progress.waiting("Amazon could not be reached about feed " + s.id());
        } catch (Json.MalformedAnswerException e) {
            return Progress.waiting("Amazon's answer about feed " + s.id() + ": " + e.getMessage());
        }
    }

    /** The processing report, or null when it cannot be read yet. */
    private JsonNode report(String documentId, String token) throws IOException, Json.MalformedAnswerException {
        Answer a = amazon.call(amazon.api(API + "/documents/" + AmazonAdapter.encode(documentId), token).get().build());
        if (!a.ok()) {
            return null;
        }
        JsonNode doc = Json.parse(a.body());
        String url = doc.path("url").asText("");
        if (url.isEmpty()) {
            return null;
        }
        try (Response r = amazon.client().newCall(new Request.Builder().url(url).get().build()).execute()) {
            if (!r.isSuccessful()) {
                return null;
            }
            byte[] bytes = r.body().bytes();
            if ("GZIP".equalsIgnoreCase(doc.path("compressionAlgorithm").asText(""))) {
                try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                    bytes = in.readAllBytes();
                }
            }
            return Json.parse(new String(bytes, StandardCharsets.UTF_8));
        }
    }

    /** ERROR issues park their listing with Amazon's words; feed-wide errors send everything again; the rest was applied. */
    static PushResult outcomes(Submission s, JsonNode report) {
        Map<Integer, List<String>> errors = new HashMap<>();
        List<String> feedWide = new ArrayList<>();
        for (JsonNode issue : report.path("issues")) {
            if (!"ERROR".equalsIgnoreCase(issue.path("severity").asText(""))) {
                continue;
            }
            String text = issue.path("message").asText("") + " (" + issue.path("code").asText("") + ")";
            if (issue.path("messageId").canConvertToInt()) {
                errors.computeIfAbsent(issue.path("messageId").asInt(), k -> new ArrayList<>()).add(text);
            } else {
                feedWide.add(text);
            }
        }
        Map<Long, ItemOutcome> items = new LinkedHashMap<>();
        for (int i = 0; i < s.batch().size(); i++) {
            ListingPush p = s.batch().get(i);
            List<String> mine = errors.get(i + 1);
            if (mine != null) {
                items.put(p.skuId(), ItemOutcome.parked("Amazon refused the update in feed " + s.id() + ": " + String.join("; ", mine)));
            } else if (!feedWide.isEmpty()) {
                items.put(p.skuId(), ItemOutcome.retry("Amazon reported on feed " + s.id() + ": " + String.join("; ", feedWide)));
            } else {
                items.put(p.skuId(), ItemOutcome.pushed());
            }
        }
        return new PushResult(200, items, null, false);
    }

    private static String feedIssues(JsonNode report) {
        List<String> out = new ArrayList<>();
        for (JsonNode issue : report.path("issues")) {
            out.add(issue.path("message").asText("") + " (" + issue.path("code").asText("") + ", " + issue.path("severity").asText("") + ")");
            if (out.size() == 5) {
                break;
            }
        }
        return out.isEmpty() ? "no issues given" : String.join("; ", out);
    }

    static Duration seconds(double s) {
        return Duration.ofMillis((long) (s * 1000));
    }
}
