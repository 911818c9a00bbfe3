package dev.stockroom.sync.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stockroom.sync.channels.Json;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Amazon SP-API as Stockroom uses it: Login with Amazon tokens, Listings Items patch (one SKU,
 * ACCEPTED or INVALID with issues, 5/s with a burst of 10, 429 without Retry-After) and
 * Orders 2026-01-01 searchOrders, and the Feeds API for JSON_LISTINGS_FEED ({@link AmazonFeedsSpeaker}).
 */
final class AmazonSpeaker implements SimChannel.Speaker {
    private final Set<String> issued = ConcurrentHashMap.newKeySet();
    /** SKUs whose listing Amazon refuses to update (to play INVALID). */
    final Set<String> invalidSkus = ConcurrentHashMap.newKeySet();
    final AmazonFeedsSpeaker feeds = new AmazonFeedsSpeaker();

    @Override
    public boolean exempt(SimChannel.Request r) {
        return r.path().equals("/auth/o2/token") || AmazonFeedsSpeaker.isStorage(r);
    }

    @Override
    public SimChannel.Reply answer(SimChannel ch, SimChannel.Request r) {
        if (r.path().equals("/auth/o2/token") && "POST".equals(r.method())) {
            return token(ch, r);
        }
        if (AmazonFeedsSpeaker.isStorage(r)) {
            return feeds.storage(ch, r);
        }
        if (!issued.contains(String.valueOf(r.header("x-amz-access-token")))) {
            return Speakers.error(403, "Unauthorized", "Access to requested resource is denied.");
        }
        if (r.path().startsWith("/listings/2021-08-01/items/") && "PATCH".equals(r.method())) {
            return patch(ch, r);
        }
        if (feeds.speaks(r)) {
            return feeds.answer(ch, r, invalidSkus);
        }
        if (r.path().equals("/orders/2026-01-01/orders") && "GET".equals(r.method())) {
            return orders(ch, r);
        }
        return Speakers.error(404, "NotFound", "Resource not found");
    }

    private SimChannel.Reply token(SimChannel ch, SimChannel.Request r) {
        String form = r.body();
        boolean ok = form.contains("grant_type=refresh_token") && form.contains("refresh_token=" + ch.secret)
                && form.contains("client_id=") && form.contains("client_secret=");
        if (!ok) {
            return SimChannel.Reply.json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"The request has an invalid grant parameter : refresh_token\"}");
        }
        String token = "Atza|sim-" + UUID.randomUUID();
        issued.add(token);
        return SimChannel.Reply.json(200, "{\"access_token\":\"" + token + "\",\"token_type\":\"bearer\",\"expires_in\":3600}");
    }

    private SimChannel.Reply patch(SimChannel ch, SimChannel.Request r) {
        String[] parts = r.path().split("/");
        if (parts.length != 6 || r.param("marketplaceIds").isEmpty()) {
            return Speakers.error(400, "InvalidInput", "sellerId, sku and marketplaceIds are required");
        }
        String sku = URLDecoder.decode(parts[5], StandardCharsets.UTF_8);
        if (ch.overPushLimit()) {
            return Speakers.error(429, "QuotaExceeded", "You exceeded your quota for the requested resource.");
        }
        JsonNode body = Speakers.body(r).orElse(null);
        JsonNode patch = body == null ? null : body.path("patches").path(0);
        JsonNode value = patch == null ? null : patch.path("value").path(0);
        if (body == null || !body.path("productType").isTextual() || !Set.of("replace", "merge").contains(patch.path("op").asText())
                || !"/attributes/fulfillment_availability".equals(patch.path("path").asText())
                || !value.path("quantity").isInt() || !value.path("fulfillment_channel_code").isTextual()) {
            return Speakers.error(400, "InvalidInput", "Request has missing or invalid parameters and cannot be parsed.");
        }
        int qty = value.path("quantity").asInt();
        ObjectNode answer = Json.object();
        answer.put("sku", sku);
        answer.put("submissionId", UUID.randomUUID().toString().replace("-", ""));
        ArrayNode issues = Json.array();
        SimChannel.Listing l = ch.listingFor(sku, sku, 0);
        if (invalidSkus.contains(sku) || l == null || qty < 0) {
            answer.put("status", "INVALID");
            ObjectNode issue = issues.addObject();
            issue.put("code", "90220");
            issue.put("message", l == null ? "The SKU is not in your catalogue." : "'fulfillment_availability' is not valid for this product type.");
            issue.put("severity", "ERROR");
            answer.set("issues", issues);
            return SimChannel.Reply.json(200, Json.write(answer)).withHeader("x-amzn-RateLimit-Limit", "5.0");
        }
        ch.applying(List.of(sku), () -> l.qty = qty);
        answer.put("status", "ACCEPTED");
        answer.set("issues", issues);
        return SimChannel.Reply.json(200, Json.write(answer)).withHeader("x-amzn-RateLimit-Limit", "5.0").asPush(List.of(sku));
    }

    private SimChannel.Reply orders(SimChannel ch, SimChannel.Request r) {
        if (ch.overOrderLimit()) {
            return Speakers.error(429, "QuotaExceeded", "You exceeded your quota for the requested resource.");
        }
        if (r.param("marketplaceIds").isEmpty() || (r.param("lastUpdatedAfter").isEmpty() && r.param("createdAfter").isEmpty())) {
            return Speakers.error(400, "InvalidInput", "marketplaceIds and exactly one of createdAfter or lastUpdatedAfter are required");
        }
        Instant since = Speakers.instant(r.param("lastUpdatedAfter").orElse(r.param("createdAfter").orElse(null)), Instant.EPOCH);
        int start = Speakers.intOr(r.param("paginationToken").orElse("0"), 0);
        int size = Math.max(1, Math.min(100, Speakers.intOr(r.param("maxResultsPerPage").orElse("100"), 100)));
        List<SimOrder> all = Speakers.changedSince(ch, since);
        List<String> datasets = List.of(r.param("includedData").orElse("").split(","));
        ObjectNode root = Json.object();
        ArrayNode orders = root.putArray("orders");
        int end = Math.min(all.size(), start + size);
        for (int i = start; i < end; i++) {
            SimOrder o = all.get(i);
            ObjectNode n = orders.addObject();
            n.put("orderId", o.id);
            n.put("createdTime", o.createdAt.toString());
            n.put("lastUpdatedTime", o.updatedAt.toString());
            ObjectNode sales = n.putObject("salesChannel");
            sales.put("channelName", "AMAZON");
            sales.put("marketplaceId", r.param("marketplaceIds").orElse(""));
            if (datasets.contains("FULFILLMENT")) {   // a dataset: only when asked for
                ObjectNode fulfillment = n.putObject("fulfillment");
                fulfillment.put("fulfillmentStatus", switch (o.status) {
                    case OPEN -> "UNSHIPPED";
                    case SHIPPED -> "SHIPPED";
                    case CANCELLED -> "CANCELLED";
                });
                fulfillment.put("fulfilledBy", "MERCHANT");
            }
            ArrayNode items = n.putArray("orderItems");
            for (SimOrder.Line line : o.lines) {
                ObjectNode item = items.addObject();
                item.put("orderItemId", line.itemId());
                item.putObject("product").put("sellerSku", line.sku());
                item.put("quantityOrdered", line.qty());
            }
        }
        if (end < all.size()) {
            root.putObject("pagination").put("nextToken", Integer.toString(end));
        }
        return SimChannel.Reply.json(200, Json.write(root));
    }
}
