package dev.stockroom.sync.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stockroom.sync.channels.webhook.WebhookAdapter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A seller's own shop receiving the signed generic webhook. */
final class WebhookSpeaker implements SimChannel.Speaker {
    @Override
    public SimChannel.Reply answer(SimChannel ch, SimChannel.Request r) {
        String expected = WebhookAdapter.signature(ch.secret, r.body().getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(r.header(WebhookAdapter.SIGNATURE_HEADER))) {
            return SimChannel.Reply.json(401, "{\"error\":\"bad signature\"}");
        }
        if (ch.overPushLimit()) {
            return SimChannel.Reply.json(429, "{\"error\":\"slow down\"}").withHeader("Retry-After", "1");
        }
        JsonNode body = Speakers.body(r).orElse(null);
        if (body == null || !body.isArray()) {
            return SimChannel.Reply.json(400, "{\"error\":\"expected a JSON array\"}");
        }
        List<String> keys = new ArrayList<>();
        List<Runnable> changes = new ArrayList<>();
        for (JsonNode u : body) {
            SimChannel.Listing l = ch.listingFor(u.path("sku").asText(), u.path("sku").asText(), 0);
            if (l != null) {
                int qty = u.path("quantity").asInt();
                keys.add(l.key);
                changes.add(() -> l.qty = qty);
            }
        }
        ch.applying(keys, () -> changes.forEach(Runnable::run));
        return SimChannel.Reply.json(200, "{\"ok\":true}").asPush(keys);
    }
}
