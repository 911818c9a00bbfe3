package dev.stockroom.sync.channels.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stockroom.sync.channels.AccessTokens;
import dev.stockroom.sync.channels.BulkChannel;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Amazon SP-API Listings Items {@code patchListingsItem}: one SKU per call, replacing
 * {@code fulfillment_availability}. A 200 may still say {@code INVALID}: its issues are the
 * seller's to fix, so the listing is parked with Amazon's own message. Many listings due at
 * once go as one JSON_LISTINGS_FEED instead ({@link AmazonFeeds}), within Amazon's feed budget.
 */
public final class AmazonAdapter extends HttpChannel implements BulkChannel {
    public static final String INDIA = "A21TJRUUN4KGV";
    /** sync_claim hands out at most this many rows at once; Amazon would take 25,000 messages. */
    private static final int MOST_PER_FEED = 1000;
    private final AccessTokens tokens;
    private final AmazonFeeds feeds;

    public AmazonAdapter(ChannelConfig config, OkHttpClient http, Clock clock) {
        super(config, http, clock, 10_000);
        this.tokens = LoginWithAmazon.tokens(config, this.http, clock);
        this.feeds = new AmazonFeeds(this, clock, new FeedBudget(config.integer("feeds_per_window", 5),
                Duration.ofSeconds(Math.max(1, config.integer("feed_window_seconds", 300)))));
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
    public int bulkThreshold() {
        return Math.max(1, config.integer("feed_threshold", 20));
    }

    @Override
    public int bulkCap() {
        return Math.max(1, Math.min(MOST_PER_FEED, config.integer("feed_size", MOST_PER_FEED)));
    }

    @Override
    public boolean bulkAllowed(Instant now) {
        return feeds.allows(now);
    }

    @Override
    public Duration pollEvery() {
        return AmazonFeeds.seconds(Math.max(0.05, config.decimal("feed_poll_seconds", 30)));
    }

    @Override
    public Duration maxWait() {
        return Duration.ofSeconds(Math.max(10, config.integer("feed_max_wait_seconds", 1800)));
    }

    @Override
    public Submission submit(List<ListingPush> batch) {
        String merchant = config.text("merchant_id", null);
        if (merchant == null) {
            return Submission.notSent(batch, config.name() + " needs a merchant_id (your selling partner id) in its settings", false);
        }
        try {
            return feeds.submit(batch, merchant, tokens.current());
        } catch (AccessTokens.RefusedException | IOException | RuntimeException e) {
            return Submission.notSent(batch, "no Amazon access token for a feed: " + e.getMessage(), e instanceof IOException);
        }
    }

    @Override
    public Progress progress(Submission accepted) {
        try {
            return feeds.progress(accepted, tokens.current());
        } catch (AccessTokens.RefusedException | IOException | RuntimeException e) {
            return Progress.waiting("no Amazon access token to ask about feed " + accepted.id() + ": " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- shared with the feeds

    String marketplace() {
        return config.text("marketplace_id", INDIA);
    }

    String productType() {
        return config.text("product_type", "PRODUCT");
    }

    String fulfillmentChannel() {
        return config.text("fulfillment_channel_code", "DEFAULT");
    }

    String sellerSku(ListingPush p) {
        return "external_id".equals(config.text("sku_source", "code")) ? p.externalId() : p.skuCode();
    }

    Request.Builder api(String path, String token) {
        return request(path).header("x-amz-access-token", token).header("accept", "application/json");
    }

    Answer call(Request r) throws IOException {
        Answer a = send(r);
        if (a.status() == 401 || a.status() == 403) {
            tokens.forget();
        }
        return a;
    }

    OkHttpClient client() {
        return http;
    }

    static RequestBody jsonBody(ObjectNode body) {
        return json(body);
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
        Request request = api(path(merchant, sellerSku(p), marketplace()), token)
                .patch(json(body(productType(), fulfillmentChannel(), p.quantity())))
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
