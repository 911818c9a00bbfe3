package dev.stockroom.sync.channels.amazon;

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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * Amazon SP-API Listings Items {@code patchListingsItem}: one SKU per call, replacing
 * {@code fulfillment_availability}. A 200 may still say {@code INVALID}: its issues are the
 * seller's to fix, so the listing is parked with Amazon's own message.
 */
public final class AmazonAdapter extends HttpChannel {
    public static final String INDIA = "A21TJRUUN4KGV";
    private final AccessTokens tokens;

    public AmazonAdapter(ChannelConfig config, OkHttpClient http, Clock clock) {
        super(config, http, clock, 10_000);
        this.tokens = LoginWithAmazon.tokens(config, this.http, clock);
    }

    @Override
    public int batchCap() {
        return 1;
    }

    @Override
    protected String realHost() {
        return "https://sellingpartnerapi-eu.amazon.com";
    }

    static String path(String merchantId, String sku, String marketplace) {
        return "/listings/2021-08-01/items/" + encode(merchantId) + "/" + encode(sku) + "?marketplaceIds=" + encode(marketplace);
    }

    static ObjectNode body(String productType, String fulfillmentChannel, int quantity) {
        ObjectNode body = Json.object();
        body.put("productType", productType);
        ObjectNode patch = body.putArray("patches").addObject();
        patch.put("op", "replace");
        patch.put("path", "/attributes/fulfillment_availability");
        ObjectNode value = patch.putArray("value").addObject();
        value.put("fulfillment_channel_code", fulfillmentChannel);
        value.put("quantity", quantity);
        return body;
    }

    @Override
    public PushResult push(List<ListingPush> batch) {
        if (batch.size() != 1) {
            throw new IllegalArgumentException("Amazon takes one SKU per listings call, got " + batch.size());
        }
        ListingPush p = batch.get(0);
        String merchant = config.text("merchant_id", null);
        if (merchant == null) {
            return PushResult.all(batch, 0, ItemOutcome.parked(config.name() + " needs a merchant_id (your selling partner id) in its settings"), null, false);
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
        String sku = "external_id".equals(config.text("sku_source", "code")) ? p.externalId() : p.skuCode();
        Request request = request(path(merchant, sku, config.text("marketplace_id", INDIA)))
                .header("x-amz-access-token", token)
                .header("accept", "application/json")
                .patch(json(body(config.text("product_type", "PRODUCT"), config.text("fulfillment_channel_code", "DEFAULT"), p.quantity())))
                .build();
        Answer a;
        try {
            a = send(request);
        } catch (IOException e) {
            return transportFailure(batch, e);
        }
        if (a.status() == 401 || a.status() == 403) {
            tokens.forget();
        }
        if (!a.ok()) {
            return statusFailure(batch, a);
        }
        try {
            JsonNode root = Json.parse(a.body());
            String status = root.path("status").asText("");
            if ("ACCEPTED".equals(status)) {
                return new PushResult(a.status(), Map.of(p.skuId(), ItemOutcome.pushed()), null, false);
            }
            if ("INVALID".equals(status)) {
                return new PushResult(a.status(), Map.of(p.skuId(), ItemOutcome.parked("Amazon marked the update INVALID: " + issues(root))), null, false);
            }
            return malformed(batch, a, "the answer has no ACCEPTED or INVALID status");
        } catch (Json.MalformedAnswerException e) {
            return malformed(batch, a, e.getMessage());
        }
    }

    private static String issues(JsonNode root) {
        List<String> out = new ArrayList<>();
        for (JsonNode issue : root.path("issues")) {
            out.add(issue.path("message").asText("") + " (" + issue.path("code").asText("") + ", " + issue.path("severity").asText("") + ")");
        }
        return out.isEmpty() ? "no issues given" : String.join("; ", out);
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
