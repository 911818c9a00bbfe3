package dev.stockroom.sync.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stockroom.sync.channels.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Flipkart Marketplace Seller API as Stockroom uses it: client-credentials tokens, listings v3
 * inventory (at most 10 SKUs, per-SKU SUCCESS or FAILURE on a 200) and the shipments filter v3
 * (one filter type per request with its own states, orders by orderDate, shipments with updatedAt).
 */
final class FlipkartSpeaker implements SimChannel.Speaker {
    static final String LOCATION = "LOC-SIM-1";
    private final Set<String> issued = ConcurrentHashMap.newKeySet();

    @Override
    public boolean exempt(SimChannel.Request r) {
        return r.path().equals("/oauth-service/oauth/token");
    }

    @Override
    public SimChannel.Reply answer(SimChannel ch, SimChannel.Request r) {
        if (r.path().equals("/oauth-service/oauth/token")) {
            return token(ch, r);
        }
        String auth = String.valueOf(r.header("Authorization"));
        if (!auth.startsWith("Bearer ") || !issued.contains(auth.substring(7))) {
            return SimChannel.Reply.json(401, "{\"error\":\"invalid_token\",\"error_description\":\"Invalid access token\"}");
        }
        if (r.path().equals("/sellers/listings/v3/update/inventory") && "POST".equals(r.method())) {
            return inventory(ch, r);
        }
        if (r.path().equals("/sellers/v3/shipments/filter")) {
            return shipments(ch, r);
        }
        return Speakers.error(404, "NOT_FOUND", "Not found");
    }

    private SimChannel.Reply token(SimChannel ch, SimChannel.Request r) {
        String auth = String.valueOf(r.header("Authorization"));
        boolean ok = "client_credentials".equals(r.param("grant_type").orElse("")) && "Seller_Api".equals(r.param("scope").orElse(""))
                && auth.startsWith("Basic ")
                && new String(Base64.getDecoder().decode(auth.substring(6)), StandardCharsets.UTF_8).endsWith(":" + ch.secret);
        if (!ok) {
            return SimChannel.Reply.json(401, "{\"error\":\"unauthorized\",\"error_description\":\"Bad credentials\"}");
        }
        String token = UUID.randomUUID().toString();
        issued.add(token);
        return SimChannel.Reply.json(200, "{\"access_token\":\"" + token + "\",\"token_type\":\"bearer\",\"expires_in\":3600,\"scope\":\"Seller_Api\"}");
    }

    private SimChannel.Reply inventory(SimChannel ch, SimChannel.Request r) {
        if (ch.overPushLimit()) {
            return Speakers.error(429, "RATE_LIMITED", "Too many requests");
        }
        JsonNode body = Speakers.body(r).orElse(null);
        if (body == null || !body.isObject() || body.isEmpty()) {
            return Speakers.error(400, "INVALID_REQUEST", "body must be a map of SKUs");
        }
        if (body.size() > 10) {
            return Speakers.error(400, "LIMIT_EXCEEDED", "at most 10 SKUs can be updated in one request");
        }
        ObjectNode answer = Json.object();
        List<String> keys = new ArrayList<>();
        List<Runnable> changes = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String sku = e.getKey();
            JsonNode loc = e.getValue().path("locations").path(0);
            ObjectNode result = answer.putObject(sku);
            ArrayNode errors = result.putArray("errors");
            SimChannel.Listing l = ch.listingFor(sku, sku, 0);
            String problem = null;
            if (l == null) {
                problem = "SKU " + sku + " is not listed";
            } else if (!e.getValue().path("product_id").isTextual()) {
                problem = "product_id is required";
            } else if (l.productId != null && !l.productId.equals(e.getValue().path("product_id").asText())) {
                problem = "product_id " + e.getValue().path("product_id").asText() + " does not belong to SKU " + sku;
            } else if (!LOCATION.equals(loc.path("id").asText()) || !loc.path("inventory").isInt() || loc.path("inventory").asInt() < 0) {
                problem = "locations[0] needs id " + LOCATION + " and a whole inventory of 0 or more";
            }
            if (problem != null) {
                result.put("status", "FAILURE");
                ObjectNode err = errors.addObject();
                err.put("severity", "ERROR");
                err.put("code", "INVALID_INVENTORY");
                err.put("description", problem);
            } else {
                result.put("status", "SUCCESS");
                int qty = loc.path("inventory").asInt();
                keys.add(sku);
                changes.add(() -> l.qty = qty);
            }
        }
        ch.applying(keys, () -> changes.forEach(Runnable::run));
        return SimChannel.Reply.json(200, Json.write(answer)).asPush(keys);
    }

    /** The filter types and the states each takes (a state of another type is refused). */
    static final Map<String, Set<String>> FILTER_STATES = Map.of(
            "preDispatch", Set.of("APPROVED", "PACKING_IN_PROGRESS", "PACKED", "FORM_FAILED", "READY_TO_DISPATCH"),
            "postDispatch", Set.of("SHIPPED", "DELIVERED", "PICKUP_COMPLETE"),
            "cancelled", Set.of("CANCELLED"));

    /** Shipments filter v3: one type and its states, orders placed since orderDate.from; next pages by nextPageUrl (GET). */
    private SimChannel.Reply shipments(SimChannel ch, SimChannel.Request r) {
        if (ch.overOrderLimit()) {
            return Speakers.error(429, "RATE_LIMITED", "Too many requests");
        }
        String type;
        Set<String> states = new java.util.HashSet<>();
        Instant from;
        int start;
        if ("POST".equals(r.method())) {
            JsonNode body = Speakers.body(r).orElse(null);
            JsonNode filter = body == null ? null : body.path("filter");
            if (filter == null || !FILTER_STATES.containsKey(filter.path("type").asText()) || !filter.path("states").isArray()
                    || filter.path("states").isEmpty()) {
                return Speakers.error(400, "INVALID_REQUEST", "filter.type (preDispatch, postDispatch or cancelled) and filter.states are required");
            }
            type = filter.path("type").asText();
            for (JsonNode st : filter.path("states")) {
                if (!FILTER_STATES.get(type).contains(st.asText())) {
                    return Speakers.error(400, "INVALID_REQUEST", "state " + st.asText() + " is not valid for filter type " + type);
                }
                states.add(st.asText());
            }
            from = Speakers.instant(filter.path("orderDate").path("from").asText(null), Instant.EPOCH);
            start = 0;
        } else {
            type = r.param("type").orElse("");
            if (!FILTER_STATES.containsKey(type)) {
                return Speakers.error(400, "INVALID_REQUEST", "unknown page");
            }
            states.addAll(List.of(r.param("states").orElse("").split(",")));
            from = Speakers.instant(r.param("from").orElse(null), Instant.EPOCH);
            start = Speakers.intOr(r.param("page").orElse("0"), 0);
        }
        List<SimOrder> all = ch.orders.stream()
                .filter(o -> !o.createdAt.isBefore(from) && states.contains(state(o)))
                .sorted(java.util.Comparator.comparing((SimOrder o) -> o.createdAt).thenComparing(o -> o.id))
                .toList();
        int size = 20;
        int end = Math.min(all.size(), start + size);
        ObjectNode root = Json.object();
        ArrayNode shipments = root.putArray("shipments");
        for (int i = start; i < end; i++) {
            SimOrder o = all.get(i);
            ObjectNode s = shipments.addObject();
            s.put("shipmentId", "SH" + o.id.substring(2));
            s.put("updatedAt", o.updatedAt.toString());
            ArrayNode items = s.putArray("orderItems");
            for (SimOrder.Line line : o.lines) {
                ObjectNode item = items.addObject();
                item.put("orderItemId", line.itemId());
                item.put("orderId", o.id);
                item.put("orderDate", o.createdAt.toString());
                item.put("sku", line.sku());
                item.put("quantity", line.qty());
                item.put("status", state(o));
            }
        }
        root.put("hasMore", end < all.size());
        if (end < all.size()) {
            root.put("nextPageUrl", "/v3/shipments/filter?type=" + type + "&states=" + String.join(",", states) + "&page=" + end + "&from=" + from);
        }
        return SimChannel.Reply.json(200, Json.write(root));
    }

    private static String state(SimOrder o) {
        return switch (o.status) {
            case OPEN -> "APPROVED";
            case SHIPPED -> "SHIPPED";
            case CANCELLED -> "CANCELLED";
        };
    }
}
