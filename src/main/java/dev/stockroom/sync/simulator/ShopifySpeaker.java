package dev.stockroom.sync.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stockroom.sync.channels.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shopify Admin GraphQL as far as Stockroom uses it: {@code inventorySetQuantities} (2026-04:
 * changeFromQuantity and @idempotent required, compare-and-set, all-or-nothing) and the orders
 * connection; a cost bucket of 1,000 points refilling 100 per second, THROTTLED when empty.
 */
final class ShopifySpeaker implements SimChannel.Speaker {
    static final int MUTATION_COST = 10;
    static final int QUERY_COST = 5;
    private static final Pattern KEY = Pattern.compile("@idempotent\\(\\s*key:\\s*\"([^\"]+)\"\\s*\\)");
    private static final Pattern SINCE = Pattern.compile("updated_at:>=['\"]?([^'\"\\s]+)");
    private final Map<String, SimChannel.Reply> answered = new ConcurrentHashMap<>();
    private final Map<String, String> answeredInput = new ConcurrentHashMap<>();
    /** Idempotency failures to play on the next mutations (IDEMPOTENCY_CONCURRENT_REQUEST, IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED). */
    final java.util.Queue<String> idempotencyFaults = new java.util.concurrent.ConcurrentLinkedQueue<>();
    final TokenBucket cost = new TokenBucket(100, 1000);

    @Override
    public SimChannel.Reply answer(SimChannel ch, SimChannel.Request r) {
        if (!r.path().matches("/admin/api/[0-9]{4}-[0-9]{2}/graphql\\.json") || !"POST".equals(r.method())) {
            return Speakers.error(404, "NOT_FOUND", "Not Found");
        }
        if (!ch.secret.equals(r.header("X-Shopify-Access-Token"))) {
            return SimChannel.Reply.json(401, "{\"errors\":\"[API] Invalid API key or access token (unrecognized login or wrong password)\"}");
        }
        JsonNode body = Speakers.body(r).orElse(null);
        if (body == null || !body.path("query").isTextual()) {
            return Speakers.error(400, "BAD_REQUEST", "body must be JSON with a query");
        }
        String query = body.path("query").asText();
        boolean mutation = query.contains("inventorySetQuantities");
        int price = mutation ? MUTATION_COST : QUERY_COST;
        if (!cost.take(price)) {
            ch.throttledByLimit.incrementAndGet();
            ObjectNode t = Json.object();
            ObjectNode e = t.putArray("errors").addObject();
            e.put("message", "Throttled");
            e.putObject("extensions").put("code", "THROTTLED");
            t.set("extensions", costExtension(price));
            return SimChannel.Reply.json(200, Json.write(t));
        }
        return mutation ? setQuantities(ch, query, body.path("variables").path("input"), price) : orders(ch, body.path("variables"), price);
    }

    private SimChannel.Reply setQuantities(SimChannel ch, String query, JsonNode input, int price) {
        Matcher m = KEY.matcher(query);
        if (!m.find()) {
            return Speakers.error(200, "BAD_REQUEST", "The @idempotent directive is required for this mutation as of API version 2026-04.");
        }
        String key = m.group(1);
        SimChannel.Reply cached = answered.get(key);
        if (cached != null) {
            if (!Json.write(input).equals(answeredInput.get(key))) {
                return idempotencyError("IDEMPOTENCY_KEY_PARAMETER_MISMATCH",
                        "The same idempotency key cannot be used with different operation parameters.", price);
            }
            return cached;   // the same key again: the first answer, nothing applied twice
        }
        String fault = idempotencyFaults.poll();
        if (fault != null) {
            SimChannel.Reply failed = idempotencyError(fault, fault.equals("IDEMPOTENCY_CONCURRENT_REQUEST")
                    ? "This request is currently in progress, please try again."
                    : "A previous request with this idempotency key failed. Retry with a new idempotency key.", price);
            if (!fault.equals("IDEMPOTENCY_CONCURRENT_REQUEST")) {
                answered.put(key, failed);   // that key stays failed: only a new key goes through
                answeredInput.put(key, Json.write(input));
            }
            return failed;
        }
        ArrayNode userErrors = Json.array();
        if (!"available".equals(input.path("name").asText()) || input.path("reason").asText().isEmpty()
                || input.path("referenceDocumentUri").asText().isEmpty()) {
            addError(userErrors, "INVALID_NAME", List.of("input", "name"), "name must be available, with a reason and a referenceDocumentUri");
        }
        JsonNode quantities = input.path("quantities");
        List<String> keys = new ArrayList<>();
        List<SimChannel.Listing> targets = new ArrayList<>();
        for (int i = 0; i < quantities.size(); i++) {
            JsonNode q = quantities.get(i);
            String item = q.path("inventoryItemId").asText();
            List<String> field = List.of("input", "quantities", Integer.toString(i));
            if (!item.startsWith("gid://shopify/InventoryItem/") || !q.path("locationId").asText().startsWith("gid://shopify/Location/")
                    || !q.path("quantity").isInt()) {
                addError(userErrors, "INVALID_INVENTORY_ITEM", field, "inventoryItemId, locationId and quantity are required");
                targets.add(null);
                continue;
            }
            if (!q.has("changeFromQuantity")) {
                addError(userErrors, "INVALID_QUANTITY", List.of("input", "quantities", Integer.toString(i), "changeFromQuantity"),
                        "changeFromQuantity is required as of API version 2026-04 (pass null to skip the check).");
                targets.add(null);
                continue;
            }
            JsonNode from = q.get("changeFromQuantity");
            SimChannel.Listing l = ch.listingFor(item, null, from.isInt() ? from.asInt() : 0);
            if (l == null) {
                addError(userErrors, "INVALID_INVENTORY_ITEM", field, "The specified inventory item could not be found.");
                targets.add(null);
                continue;
            }
            if (from.isInt() && from.asInt() != l.qty) {
                addError(userErrors, "CHANGE_FROM_QUANTITY_STALE",
                        List.of("input", "quantities", Integer.toString(i), "changeFromQuantity"),
                        "The specified compare quantity does not match the current quantity.");
            }
            targets.add(l);
            keys.add(item);
        }
        ObjectNode root = Json.object();
        ObjectNode payload = root.putObject("data").putObject("inventorySetQuantities");
        ch.applying(keys, () -> {
            if (userErrors.isEmpty()) {
                ObjectNode group = payload.putObject("inventoryAdjustmentGroup");
                group.put("createdAt", ch.clock.instant().toString());
                group.put("reason", "correction");
                ArrayNode changes = group.putArray("changes");
                for (int i = 0; i < targets.size(); i++) {
                    SimChannel.Listing l = targets.get(i);
                    int to = quantities.get(i).path("quantity").asInt();
                    synchronized (l) {
                        ObjectNode c = changes.addObject();
                        c.put("name", "available");
                        c.put("delta", to - l.qty);
                        l.qty = to;
                    }
                }
            } else {
                payload.putNull("inventoryAdjustmentGroup");
            }
        });
        payload.set("userErrors", userErrors);
        root.set("extensions", costExtension(price));
        SimChannel.Reply reply = SimChannel.Reply.json(200, Json.write(root)).asPush(keys);
        answered.put(key, reply);
        answeredInput.put(key, Json.write(input));
        return reply;
    }

    private SimChannel.Reply idempotencyError(String code, String message, int price) {
        ObjectNode root = Json.object();
        ObjectNode payload = root.putObject("data").putObject("inventorySetQuantities");
        payload.putNull("inventoryAdjustmentGroup");
        addError(payload.putArray("userErrors"), code, List.of("input"), message);
        root.set("extensions", costExtension(price));
        return SimChannel.Reply.json(200, Json.write(root));
    }

    private SimChannel.Reply orders(SimChannel ch, JsonNode vars, int price) {
        Matcher m = SINCE.matcher(vars.path("query").asText(""));
        Instant since = m.find() ? Speakers.instant(m.group(1), Instant.EPOCH) : Instant.EPOCH;
        int first = Math.max(1, Math.min(250, vars.path("first").asInt(50)));
        int start = vars.path("after").isTextual() ? Speakers.intOr(vars.path("after").asText(), 0) : 0;
        List<SimOrder> all = Speakers.changedSince(ch, since);
        ObjectNode root = Json.object();
        ObjectNode conn = root.putObject("data").putObject("orders");
        ArrayNode edges = conn.putArray("edges");
        int end = Math.min(all.size(), start + first);
        for (int i = start; i < end; i++) {
            SimOrder o = all.get(i);
            ObjectNode edge = edges.addObject();
            edge.put("cursor", Integer.toString(i + 1));
            ObjectNode node = edge.putObject("node");
            node.put("id", o.id);
            node.put("name", o.name);
            node.put("createdAt", o.createdAt.toString());
            node.put("updatedAt", o.updatedAt.toString());
            if (o.status == SimOrder.Status.CANCELLED) {
                node.put("cancelledAt", o.updatedAt.toString());
            } else {
                node.putNull("cancelledAt");
            }
            node.put("displayFulfillmentStatus", o.status == SimOrder.Status.SHIPPED ? "FULFILLED" : "UNFULFILLED");
            ArrayNode lines = node.putObject("lineItems").putArray("nodes");
            for (SimOrder.Line line : o.lines) {
                ObjectNode li = lines.addObject();
                li.put("sku", line.sku());
                li.put("quantity", line.qty());
            }
        }
        ObjectNode page = conn.putObject("pageInfo");
        page.put("hasNextPage", end < all.size());
        page.put("endCursor", Integer.toString(end));
        root.set("extensions", costExtension(price));
        return SimChannel.Reply.json(200, Json.write(root));
    }

    private ObjectNode costExtension(int price) {
        ObjectNode c = Json.object();
        ObjectNode cost = c.putObject("cost");
        cost.put("requestedQueryCost", price);
        cost.put("actualQueryCost", price);
        ObjectNode t = cost.putObject("throttleStatus");
        t.put("maximumAvailable", 1000.0);
        t.put("currentlyAvailable", (int) this.cost.available());
        t.put("restoreRate", 100.0);
        return c;
    }

    private static void addError(ArrayNode errors, String code, List<String> field, String message) {
        ObjectNode e = errors.addObject();
        e.put("code", code);
        ArrayNode f = e.putArray("field");
        field.forEach(f::add);
        e.put("message", message);
    }
}
