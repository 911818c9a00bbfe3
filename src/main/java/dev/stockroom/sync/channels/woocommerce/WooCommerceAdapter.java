package dev.stockroom.sync.channels.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stockroom.sync.channels.ChannelConfig;
import dev.stockroom.sync.channels.HttpChannel;
import dev.stockroom.sync.channels.ItemOutcome;
import dev.stockroom.sync.channels.Json;
import dev.stockroom.sync.channels.ListingPush;
import dev.stockroom.sync.channels.PushResult;
import java.io.IOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.Credentials;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/** WooCommerce REST v3 products batch: up to 100 products per call, stock managed by quantity. */
public final class WooCommerceAdapter extends HttpChannel {
    static final int CAP = 100;
    public static final String BATCH_PATH = "/wp-json/wc/v3/products/batch";

    public WooCommerceAdapter(ChannelConfig config, OkHttpClient http, Clock clock) {
        super(config, http, clock, 15_000);
    }

    @Override
    public int batchCap() {
        return config.batchCap(CAP);
    }

    @Override
    protected String realHost() {
        return config.text("store_url", "https://example.invalid");
    }

    static ObjectNode body(List<ListingPush> batch) {
        ObjectNode body = Json.object();
        ArrayNode update = body.putArray("update");
        for (ListingPush p : batch) {
            ObjectNode item = update.addObject();
            try {
                item.put("id", Long.parseLong(p.externalId()));
            } catch (NumberFormatException e) {
                item.put("id", p.externalId());
            }
            item.put("manage_stock", true);
            item.put("stock_quantity", p.quantity());
        }
        return body;
    }

    @Override
    public PushResult push(List<ListingPush> batch) {
        String key = config.credentials().get("consumer_key").orElse(null);
        String secret = config.credentials().get("consumer_secret").orElse(null);
        if (key == null || secret == null) {
            return PushResult.all(batch, 0, ItemOutcome.parked(config.name() + " needs a consumer_key and consumer_secret in this desk's channel secrets"), null, false);
        }
        Request request = request(BATCH_PATH)
                .header("Authorization", Credentials.basic(key, secret))
                .post(json(body(batch)))
                .build();
        Answer a;
        try {
            a = send(request);
        } catch (IOException e) {
            return transportFailure(batch, e);
        }
        if (!a.ok()) {
            return statusFailure(batch, a);
        }
        try {
            JsonNode updated = Json.parse(a.body()).path("update");
            if (!updated.isArray()) {
                return malformed(batch, a, "the answer has no update list");
            }
            Map<String, ListingPush> byId = new HashMap<>();
            batch.forEach(p -> byId.put(p.externalId(), p));
            Map<Long, ItemOutcome> items = new LinkedHashMap<>();
            for (int i = 0; i < updated.size(); i++) {
                JsonNode r = updated.get(i);
                ListingPush p = byId.get(r.path("id").asText());
                if (p == null && i < batch.size() && r.path("id").asLong(0) == 0) {
                    p = batch.get(i);   // an error entry may carry id 0: it answers the item in the same position
                }
                if (p == null) {
                    continue;
                }
                JsonNode error = r.path("error");
                items.put(p.skuId(), error.isObject()
                        ? ItemOutcome.parked("WooCommerce refused product " + p.externalId() + ": " + error.path("message").asText(error.path("code").asText()))
                        : ItemOutcome.pushed());
            }
            return new PushResult(a.status(), items, null, false);
        } catch (Json.MalformedAnswerException e) {
            return malformed(batch, a, e.getMessage());
        }
    }
}
