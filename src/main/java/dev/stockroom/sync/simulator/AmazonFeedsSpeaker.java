package dev.stockroom.sync.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stockroom.sync.channels.Json;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Amazon's Feeds API 2021-06-30 for JSON_LISTINGS_FEED: feed documents with an upload URL on the
 * same loopback server (standing in for S3's pre-signed URLs), createFeed within a budget of
 * feeds per window (429 beyond it), a feed's status moving IN_QUEUE, IN_PROGRESS, DONE on
 * successive looks (the quantities are applied on the DONE look; a hold keeps feeds IN_PROGRESS),
 * and a processing report with
 * an ERROR issue for each message Amazon refuses.
 */
final class AmazonFeedsSpeaker {
    static final String API = "/feeds/2021-06-30";
    static final String STORAGE = "/sim-s3/documents/";

    private static final class Document {
        final String contentType;
        volatile String content;

        Document(String contentType, String content) {
            this.contentType = contentType;
            this.content = content;
        }
    }

    private static final class Feed {
        final String id;
        final String inputDocumentId;
        final Instant createdAt;
        int looks;
        String status = "IN_QUEUE";
        String resultDocumentId;

        Feed(String id, String inputDocumentId, Instant createdAt) {
            this.id = id;
            this.inputDocumentId = inputDocumentId;
            this.createdAt = createdAt;
        }
    }

    private final Map<String, Document> documents = new ConcurrentHashMap<>();
    private final Map<String, Feed> feeds = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong(50_000_000);
    private final Deque<Instant> created = new ArrayDeque<>();
    private volatile int feedsPerWindow = 5;
    private volatile Duration window = Duration.ofMinutes(5);
    /** While set, feeds stay IN_PROGRESS however often they are looked at (Amazon taking its time). */
    private volatile boolean held;

    void limit(int feeds, Duration per) {
        this.feedsPerWindow = feeds;
        this.window = per;
    }

    void hold(boolean hold) {
        this.held = hold;
    }

    Map<String, Long> statuses() {
        Map<String, Long> out = new java.util.TreeMap<>();
        feeds.values().forEach(f -> {
            synchronized (f) {
                out.merge(f.status, 1L, Long::sum);
            }
        });
        return out;
    }

    static boolean isStorage(SimChannel.Request r) {
        return r.path().startsWith(STORAGE);
    }

    boolean speaks(SimChannel.Request r) {
        return r.path().startsWith(API + "/");
    }

    /** The pre-signed URL side: no access token, the signature is in the query. */
    SimChannel.Reply storage(SimChannel ch, SimChannel.Request r) {
        String id = URLDecoder.decode(r.path().substring(STORAGE.length()), StandardCharsets.UTF_8);
        Document d = documents.get(id);
        if (d == null || r.param("X-Amz-Signature").isEmpty()) {
            return s3Error(403, "AccessDenied", "Request has expired or the signature is not valid");
        }
        if ("PUT".equals(r.method())) {
            if (!d.contentType.equals(r.header("Content-Type"))) {
                return s3Error(403, "SignatureDoesNotMatch",
                        "The request signature we calculated does not match the signature you provided (Content-Type must be '" + d.contentType + "')");
            }
            d.content = r.body();
            return new SimChannel.Reply(200, Map.of("ETag", "\"" + Integer.toHexString(r.body().hashCode()) + "\""), "", List.of(), false);
        }
        if ("GET".equals(r.method()) && d.content != null) {
            return SimChannel.Reply.json(200, d.content);
        }
        return s3Error(404, "NoSuchKey", "The specified key does not exist.");
    }

    SimChannel.Reply answer(SimChannel ch, SimChannel.Request r, Set<String> refusedSkus) {
        String rest = r.path().substring(API.length());
        if (rest.equals("/documents") && "POST".equals(r.method())) {
            return createDocument(ch, r);
        }
        if (rest.startsWith("/documents/") && "GET".equals(r.method())) {
            String id = URLDecoder.decode(rest.substring("/documents/".length()), StandardCharsets.UTF_8);
            if (!documents.containsKey(id)) {
                return Speakers.error(404, "NotFound", "The feed document " + id + " was not found.");
            }
            ObjectNode o = Json.object();
            o.put("feedDocumentId", id);
            o.put("url", url(ch, id));
            return SimChannel.Reply.json(200, Json.write(o));
        }
        if (rest.equals("/feeds") && "POST".equals(r.method())) {
            return createFeed(ch, r);
        }
        if (rest.startsWith("/feeds/") && "GET".equals(r.method())) {
            return look(ch, URLDecoder.decode(rest.substring("/feeds/".length()), StandardCharsets.UTF_8), refusedSkus);
        }
        return Speakers.error(404, "NotFound", "Resource not found");
    }

    private SimChannel.Reply createDocument(SimChannel ch, SimChannel.Request r) {
        JsonNode body = Speakers.body(r).orElse(null);
        if (body == null || !body.path("contentType").isTextual()) {
            return Speakers.error(400, "InvalidInput", "contentType is required");
        }
        String id = "amzn1.tortuga.4.eu.sim-" + ids.incrementAndGet();
        documents.put(id, new Document(body.path("contentType").asText(), null));
        ObjectNode o = Json.object();
        o.put("feedDocumentId", id);
        o.put("url", url(ch, id));
        return SimChannel.Reply.json(201, Json.write(o));
    }

    private SimChannel.Reply createFeed(SimChannel ch, SimChannel.Request r) {
        if (!spendBudget(ch.clock.instant())) {
            ch.throttledByLimit.incrementAndGet();
            return Speakers.error(429, "QuotaExceeded", "You exceeded your quota for the requested resource.");
        }
        JsonNode body = Speakers.body(r).orElse(null);
        if (body == null || !"JSON_LISTINGS_FEED".equals(body.path("feedType").asText()) || !body.path("marketplaceIds").isArray()
                || body.path("marketplaceIds").isEmpty() || !body.path("inputFeedDocumentId").isTextual()) {
            return Speakers.error(400, "InvalidInput", "feedType, marketplaceIds and inputFeedDocumentId are required");
        }
        Document input = documents.get(body.path("inputFeedDocumentId").asText());
        if (input == null || input.content == null) {
            return Speakers.error(400, "InvalidInput", "The input feed document was not found or has no content.");
        }
        Feed feed = new Feed(Long.toString(ids.incrementAndGet()), body.path("inputFeedDocumentId").asText(), ch.clock.instant());
        feeds.put(feed.id, feed);
        return SimChannel.Reply.json(202, Json.write(Json.object().put("feedId", feed.id)));
    }

    private synchronized boolean spendBudget(Instant now) {
        while (!created.isEmpty() && !created.peekFirst().isAfter(now.minus(window))) {
            created.removeFirst();
        }
        if (created.size() >= feedsPerWindow) {
            return false;
        }
        created.addLast(now);
        return true;
    }

    private SimChannel.Reply look(SimChannel ch, String id, Set<String> refusedSkus) {
        Feed feed = feeds.get(id);
        if (feed == null) {
            return Speakers.error(404, "NotFound", "The feed " + id + " was not found.");
        }
        List<String> applied = List.of();
        synchronized (feed) {
            feed.looks++;
            if (feed.looks == 2 || (feed.looks > 2 && held && feed.resultDocumentId == null)) {
                feed.status = "IN_PROGRESS";
            } else if (feed.looks >= 3 && feed.resultDocumentId == null) {
                applied = process(ch, feed, refusedSkus);
            }
        }
        ObjectNode o = Json.object();
        o.put("feedId", feed.id);
        o.put("feedType", "JSON_LISTINGS_FEED");
        o.putArray("marketplaceIds").add("A21TJRUUN4KGV");
        o.put("createdTime", feed.createdAt.toString());
        o.put("processingStatus", feed.status);
        if (feed.resultDocumentId != null) {
            o.put("resultFeedDocumentId", feed.resultDocumentId);
        }
        SimChannel.Reply reply = SimChannel.Reply.json(200, Json.write(o));
        return applied.isEmpty() ? reply : reply.asPush(applied);
    }

    /** Applies the feed's valid messages and writes the processing report; answers the SKUs set. */
    private List<String> process(SimChannel ch, Feed feed, Set<String> refusedSkus) {
        ObjectNode report = Json.object();
        ObjectNode header = report.putObject("header");
        header.put("version", "2.0");
        header.put("feedId", feed.id);
        ArrayNode issues = report.putArray("issues");
        JsonNode input;
        try {
            input = Json.parse(documents.get(feed.inputDocumentId).content);
        } catch (Json.MalformedAnswerException e) {
            input = null;
        }
        if (input == null || !input.path("header").path("sellerId").isTextual() || !"2.0".equals(input.path("header").path("version").asText())
                || !input.path("messages").isArray()) {
            issue(issues, null, "100", "ERROR", "The feed could not be read: it needs a header with sellerId and version 2.0, and messages.");
            summary(report, 0, 0, 0, 1);
            finish(ch, feed, report, "FATAL");
            return List.of();
        }
        header.put("sellerId", input.path("header").path("sellerId").asText());
        Map<String, Integer> toSet = new LinkedHashMap<>();
        int invalid = 0;
        int processed = 0;
        for (JsonNode m : input.path("messages")) {
            processed++;
            Integer messageId = m.path("messageId").canConvertToInt() ? m.path("messageId").asInt() : null;
            JsonNode patch = m.path("patches").path(0);
            JsonNode value = patch.path("value").path(0);
            String sku = m.path("sku").asText("");
            String problem = null;
            String code = "4000001";
            if (messageId == null || sku.isEmpty() || !"PATCH".equals(m.path("operationType").asText()) || !m.path("productType").isTextual()
                    || !Set.of("replace", "merge").contains(patch.path("op").asText())
                    || !"/attributes/fulfillment_availability".equals(patch.path("path").asText())
                    || !value.path("quantity").isInt() || !value.path("fulfillment_channel_code").isTextual()) {
                problem = "The message is missing required fields or has values that cannot be read.";
            } else if (ch.listingFor(sku, sku, 0) == null) {
                problem = "The SKU is not in your catalogue.";
                code = "90220";
            } else if (refusedSkus.contains(sku) || value.path("quantity").asInt() < 0) {
                problem = "'fulfillment_availability' is not valid for this product type.";
                code = "90220";
            }
            if (problem != null) {
                invalid++;
                issue(issues, messageId, code, "ERROR", problem);
            } else {
                toSet.put(sku, value.path("quantity").asInt());
            }
        }
        List<String> keys = new ArrayList<>(toSet.keySet());
        ch.applying(keys, () -> toSet.forEach((sku, qty) -> ch.listings.get(sku).qty = qty));
        summary(report, invalid, processed, processed - invalid, invalid);
        finish(ch, feed, report, "DONE");
        return keys;
    }

    private void finish(SimChannel ch, Feed feed, ObjectNode report, String status) {
        String reportId = "amzn1.tortuga.4.eu.sim-report-" + ids.incrementAndGet();
        documents.put(reportId, new Document("application/json", Json.write(report)));
        feed.resultDocumentId = reportId;
        feed.status = status;
    }

    private static void issue(ArrayNode issues, Integer messageId, String code, String severity, String message) {
        ObjectNode i = issues.addObject();
        if (messageId != null) {
            i.put("messageId", messageId.intValue());
        }
        i.put("code", code);
        i.put("severity", severity);
        i.put("message", message);
    }

    private static void summary(ObjectNode report, int errors, int processed, int accepted, int invalid) {
        ObjectNode s = report.putObject("summary");
        s.put("errors", errors);
        s.put("warnings", 0);
        s.put("messagesProcessed", processed);
        s.put("messagesAccepted", accepted);
        s.put("messagesInvalid", invalid);
    }

    private static String url(SimChannel ch, String id) {
        return ch.baseUrl() + STORAGE + id + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=300&X-Amz-Signature=sim" + Math.abs(id.hashCode());
    }

    private static SimChannel.Reply s3Error(int status, String code, String message) {
        return new SimChannel.Reply(status, Map.of("Content-Type", "application/xml"),
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" + message + "</Message></Error>", List.of(), false);
    }
}
