package dev.stockroom.sync.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stockroom.sync.channels.Json;
import java.util.ArrayList;
import java.util.List;

/** eBay Sell Inventory bulkUpdatePriceQuantity: at most 25 requests, answered per SKU (207 when some failed). */
final class EbaySpeaker implements SimChannel.Speaker {
    @Override
    public SimChannel.Reply answer(SimChannel ch, SimChannel.Request r) {
        if (!("Bearer " + ch.secret).equals(r.header("Authorization"))) {
            return Speakers.error(401, "1001", "Invalid access token");
        }
        if (!r.path().equals("/sell/inventory/v1/bulk_update_price_quantity") || !"POST".equals(r.method())) {
            return Speakers.error(404, "2002", "Resource not found");
        }
        if (ch.overPushLimit()) {
            return Speakers.error(429, "2001", "Too many requests").withHeader("Retry-After", "1");
        }
        JsonNode body = Speakers.body(r).orElse(null);
        if (body == null || !body.path("requests").isArray()) {
            return Speakers.error(400, "25709", "Invalid value for requests");
        }
        if (body.path("requests").size() > 25) {
            return Speakers.error(400, "25709", "A maximum of 25 SKUs may be updated in one call");
        }
        ObjectNode answer = Json.object();
        ArrayNode responses = answer.putArray("responses");
        List<String> keys = new ArrayList<>();
        List<Runnable> changes = new ArrayList<>();
        boolean partial = false;
        for (JsonNode req : body.path("requests")) {
            String sku = req.path("sku").asText();
            JsonNode offer = req.path("offers").path(0);
            int qty = req.path("shipToLocationAvailability").path("quantity").asInt(-1);
            SimChannel.Listing l = ch.listingFor(sku, sku, 0);
            ObjectNode resp = responses.addObject();
            resp.put("sku", sku);
            resp.put("offerId", offer.path("offerId").asText());
            if (l == null || qty < 0 || offer.path("availableQuantity").asInt(-1) != qty) {
                partial = true;
                resp.put("statusCode", 400);
                ObjectNode err = resp.putArray("errors").addObject();
                err.put("errorId", 25001);
                err.put("message", l == null ? "The SKU is not in your inventory." : "shipToLocationAvailability and the offer's availableQuantity must agree.");
                continue;
            }
            resp.put("statusCode", 200);
            resp.putArray("warnings");
            keys.add(sku);
            changes.add(() -> l.qty = qty);
        }
        ch.applying(keys, () -> changes.forEach(Runnable::run));
        return SimChannel.Reply.json(partial ? 207 : 200, Json.write(answer)).asPush(keys);
    }
}
