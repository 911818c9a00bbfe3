package dev.stockroom.sync.channels.flipkart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stockroom.sync.channels.AccessTokens;
import dev.stockroom.sync.channels.ChannelConfig;
import dev.stockroom.sync.channels.HttpChannel;
import dev.stockroom.sync.channels.ItemOutcome;
import dev.stockroom.sync.channels.Json;
import dev.stockroom.sync.channels.ListingPush;
import dev.stockroom.sync.channels.PushResult;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * Flipkart Marketplace listings v3 inventory update: at most 10 SKUs per call, a map keyed by
 * seller SKU; the answer is 200 even when some SKUs fail, each with its own status and errors.
 */
public final class FlipkartAdapter extends HttpChannel {
    static final int CAP = 10;
    public static final String INVENTORY_PATH = "/sellers/listings/v3/update/inventory";
    private final AccessTokens tokens;

    public FlipkartAdapter(ChannelConfig config, OkHttpClient http, Clock clock) {
        super(config, http, clock, 10_000);
        this.tokens = FlipkartAuth.tokens(config, this.http, clock);
    }

    @Override
    public int batchCap() {
        return config.batchCap(CAP);
    }

    @Override
    protected String realHost() {
        return "https://api.flipkart.net";
    }

    static ObjectNode body(List<ListingPush> batch, String location) {
        ObjectNode body = Json.object();
        for (ListingPush p : batch) {
            ObjectNode item = body.putObject(p.skuCode());
            item.put("product_id", p.externalId());
            ObjectNode loc = item.putArray("locations").addObject();
            loc.put("id", location);
            loc.put("inventory", p.quantity());
        }
        return body;
    }

    @Override
    public PushResult push(List<ListingPush> batch) {
        if (batch.size() > CAP) {
            throw new IllegalArgumentException("Flipkart takes at most " + CAP + " SKUs per call, got " + batch.size());
        }
        String location = config.text("location_id", null);
        if (location == null) {
            return PushResult.all(batch, 0, ItemOutcome.parked(config.name() + " needs a location_id (your Flipkart warehouse) in its settings"), null, false);
        }
        String token;
        try {
            token = tokens.current();
        } catch (AccessTokens.RefusedException e) {
            return PushResult.all(batch, 0, ItemOutcome.parked(e.getMessage()), null, false);
        } catch (IOException e) {
            return transportFailure(batch, e);
        } catch (RuntimeException e) {
            return PushResult.all(batch, 0, ItemOutcome.parked(e.getMessage()), null, false);
        }
        Request request = request(INVENTORY_PATH)
                .header("Authorization", "Bearer " + token)
                .post(json(body(batch, location)))
                .build();
        Answer a;
        try {
            a = send(request);
        } catch (IOException e) {
            return transportFailure(batch, e);
        }
        if (a.status() == 401) {
            tokens.forget();
        }
        if (!a.ok()) {
            return statusFailure(batch, a);
        }
        try {
            JsonNode root = Json.parse(a.body());
            if (!root.isObject()) {
                return malformed(batch, a, "the answer is not a map of SKUs");
            }
            Map<Long, ItemOutcome> items = new LinkedHashMap<>();
            for (ListingPush p : batch) {
                JsonNode r = root.get(p.skuCode());
                if (r == null) {
                    continue;   // PushResult.outcome treats an unmentioned SKU as unknown: retried
                }
                String status = r.path("status").asText("");
                if ("SUCCESS".equalsIgnoreCase(status)) {
                    items.put(p.skuId(), ItemOutcome.pushed());
                } else {
                    items.put(p.skuId(), ItemOutcome.parked("Flipkart refused " + p.skuCode() + ": " + errors(r)));
                }
            }
            return new PushResult(a.status(), items, null, false);
        } catch (Json.MalformedAnswerException e) {
            return malformed(batch, a, e.getMessage());
        }
    }

    private static String errors(JsonNode r) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : r.path("errors")) {
            out.add(e.path("description").asText(e.path("message").asText("")) + " (" + e.path("code").asText("") + ")");
        }
        return out.isEmpty() ? r.path("status").asText("FAILURE") : String.join("; ", out);
    }
}
