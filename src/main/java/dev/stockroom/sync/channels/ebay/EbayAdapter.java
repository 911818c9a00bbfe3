package dev.stockroom.sync.channels.ebay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.OkHttpClient;

/**
 * eBay Sell Inventory {@code bulkUpdatePriceQuantity}: up to 25 SKUs per call, each with its
 * offer; answered per SKU (HTTP 200 or 207). The listing id kept for eBay is the offer id.
 * The user token is refreshed from the desk's refresh token (two-hour tokens); a desk that
 * holds only a pasted access_token uses that until eBay refuses it. eBay revises a listing at
 * most {@value #REVISIONS_PER_DAY} times a day: the worker counts (see {@link #revisionsPerDay()}).
 */
public final class EbayAdapter extends HttpChannel {
    static final int CAP = 25;
    static final int REVISIONS_PER_DAY = 250;
    public static final String BULK_PATH = "/sell/inventory/v1/bulk_update_price_quantity";
    private static final Set<Integer> TOKEN_EXPIRED = Set.of(401);
    private final AccessTokens tokens;

    public EbayAdapter(ChannelConfig config, OkHttpClient http, Clock clock) {
        super(config, http, clock, 15_000);
        this.tokens = config.credentials().get("refresh_token").isPresent() || config.credentials().get("access_token").isEmpty()
                ? EbayAuth.tokens(config, this.http, clock)
                : AccessTokens.fixed(config.credentials().get("access_token").orElseThrow(), clock);
    }

    @Override
    public int batchCap() {
        return config.batchCap(CAP);
    }

    /** eBay's 250 revisions per listing per calendar day; the settings may lower it (never raise it). */
    @Override
    public int revisionsPerDay() {
        return Math.max(1, Math.min(REVISIONS_PER_DAY, config.integer("revisions_per_day", REVISIONS_PER_DAY)));
    }

    @Override
    protected String realHost() {
        return "https://api.ebay.com";
    }

    static ObjectNode body(List<ListingPush> batch) {
        ObjectNode body = Json.object();
        ArrayNode requests = body.putArray("requests");
        for (ListingPush p : batch) {
            ObjectNode r = requests.addObject();
            r.put("sku", p.skuCode());
            r.putObject("shipToLocationAvailability").put("quantity", p.quantity());
            ObjectNode offer = r.putArray("offers").addObject();
            offer.put("offerId", p.externalId());
            offer.put("availableQuantity", p.quantity());
        }
        return body;
    }

    @Override
    public PushResult push(List<ListingPush> batch) {
        Answer a;
        try {
            a = sendWithToken(tokens, TOKEN_EXPIRED, token -> request(BULK_PATH)
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Language", "en-US")
                    .post(json(body(batch)))
                    .build());
        } catch (AccessTokens.RefusedException | RuntimeException e) {
            return PushResult.all(batch, 0, ItemOutcome.parked(e.getMessage()), null, false);
        } catch (IOException e) {
            return transportFailure(batch, e);
        }
        if (!a.ok()) {
            return statusFailure(batch, a);
        }
        try {
            JsonNode responses = Json.parse(a.body()).path("responses");
            if (!responses.isArray()) {
                return malformed(batch, a, "the answer has no responses list");
            }
            Map<Long, ItemOutcome> items = new LinkedHashMap<>();
            for (JsonNode r : responses) {
                for (ListingPush p : batch) {
                    if (p.skuCode().equals(r.path("sku").asText()) || p.externalId().equals(r.path("offerId").asText())) {
                        int code = r.path("statusCode").asInt(0);
                        String message = r.path("errors").path(0).path("message").asText("status " + code);
                        items.put(p.skuId(), code >= 200 && code < 300 ? ItemOutcome.pushed()
                                : code >= 500 || code == 429 ? ItemOutcome.retry("eBay could not update " + p.skuCode() + ": " + message)
                                : ItemOutcome.parked("eBay refused " + p.skuCode() + ": " + message));
                    }
                }
            }
            return new PushResult(a.status(), items, null, false);
        } catch (Json.MalformedAnswerException e) {
            return malformed(batch, a, e.getMessage());
        }
    }
}
