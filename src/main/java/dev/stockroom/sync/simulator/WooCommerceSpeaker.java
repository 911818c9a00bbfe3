package dev.stockroom.sync.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stockroom.sync.channels.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** WooCommerce REST v3 products batch: up to 100 updates (413 above), Basic auth with the consumer key and secret. */
final class WooCommerceSpeaker implements SimChannel.Speaker {
    @Override
    public SimChannel.Reply answer(SimChannel ch, SimChannel.Request r) {
        String auth = String.valueOf(r.header("Authorization"));
        if (!auth.startsWith("Basic ") || !new String(Base64.getDecoder().decode(auth.substring(6)), StandardCharsets.UTF_8).endsWith(":" + ch.secret)) {
            return SimChannel.Reply.json(401, "{\"code\":\"woocommerce_rest_cannot_view\",\"message\":\"Sorry, you cannot list resources.\",\"data\":{\"status\":401}}");
        }
        if (!r.path().equals("/wp-json/wc/v3/products/batch") || !"POST".equals(r.method())) {
            return SimChannel.Reply.json(404, "{\"code\":\"rest_no_route\",\"message\":\"No route was found matching the URL and request method.\",\"data\":{\"status\":404}}");
        }
        if (ch.overPushLimit()) {
            return SimChannel.Reply.json(429, "{\"code\":\"too_many_requests\",\"message\":\"Slow down\"}").withHeader("Retry-After", "1");
        }
        JsonNode body = Speakers.body(r).orElse(null);
        if (body == null || !body.path("update").isArray()) {
            return SimChannel.Reply.json(400, "{\"code\":\"rest_invalid_json\",\"message\":\"Invalid JSON body passed.\",\"data\":{\"status\":400}}");
        }
        if (body.path("update").size() > 100) {
            return SimChannel.Reply.json(413, "{\"code\":\"woocommerce_rest_request_entity_too_large\",\"message\":\"Unable to accept more than 100 items for this request.\",\"data\":{\"status\":413}}");
        }
        ObjectNode answer = Json.object();
        ArrayNode out = answer.putArray("update");
        List<String> keys = new ArrayList<>();
        List<Runnable> changes = new ArrayList<>();
        for (JsonNode u : body.path("update")) {
            String id = u.path("id").asText();
            SimChannel.Listing l = ch.listingFor(id, null, 0);
            ObjectNode item = out.addObject();
            if (l == null || !u.path("id").isIntegralNumber() || !u.path("stock_quantity").isInt() || !u.path("manage_stock").asBoolean(false)) {
                item.put("id", 0);
                ObjectNode err = item.putObject("error");
                err.put("code", "woocommerce_rest_product_invalid_id");
                err.put("message", "Invalid ID.");
                err.putObject("data").put("status", 400);
                continue;
            }
            int qty = u.path("stock_quantity").asInt();
            item.put("id", u.path("id").asLong());
            item.put("manage_stock", true);
            item.put("stock_quantity", qty);
            keys.add(id);
            changes.add(() -> l.qty = qty);
        }
        ch.applying(keys, () -> changes.forEach(Runnable::run));
        return SimChannel.Reply.json(200, Json.write(answer)).asPush(keys);
    }
}
