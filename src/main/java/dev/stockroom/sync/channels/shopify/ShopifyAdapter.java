package dev.stockroom.sync.channels.shopify;

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
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * Shopify Admin GraphQL {@code inventorySetQuantities}: absolute "available" quantities with a
 * compare-and-set ({@code changeFromQuantity}: what Stockroom last set; null when unknown) and
 * the {@code @idempotent} key (the same key for the same push, so a retry applies once).
 * A compare mismatch is drift: someone changed the quantity on Shopify.
 */
public final class ShopifyAdapter extends HttpChannel {
    public static final String API_VERSION = "2026-04";
    static final int CAP = 100;

    static final String MUTATION_TEMPLATE = """
            mutation inventorySetQuantities($input: InventorySetQuantitiesInput!) {
              inventorySetQuantities(input: $input) @idempotent(key: "%s") {
                inventoryAdjustmentGroup { createdAt reason changes { name delta } }
                userErrors { code field message }
              }
            }""";

    /** Keys whose attempt Shopify reported failed, and how many times: the next try gets a new key. */
    private final Map<String, Integer> burnedKeys = new java.util.concurrent.ConcurrentHashMap<>();

    public ShopifyAdapter(ChannelConfig config, OkHttpClient http, Clock clock) {
        super(config, http, clock, 10_000);
    }

    @Override
    public int batchCap() {
        return config.batchCap(CAP);
    }

    @Override
    protected String realHost() {
        return "https://" + config.text("shop", "shop") + ".myshopify.com";
    }

    String graphqlPath() {
        return "/admin/api/" + config.text("api_version", API_VERSION) + "/graphql.json";
    }

    @Override
    public PushResult push(List<ListingPush> batch) {
        String token = config.credentials().get("access_token").orElse(null);
        String location = config.text("location_id", null);
        if (token == null || location == null) {
            return PushResult.all(batch, 0, ItemOutcome.parked(config.name() + " needs "
                    + (token == null ? "an access_token in this desk's channel secrets" : "a location_id in its settings")), null, false);
        }
        String key = idempotencyKey(batch);
        ObjectNode input = Json.object();
        input.put("name", "available");
        input.put("reason", "correction");
        input.put("referenceDocumentUri", "stockroom://sync/" + config.channel() + "/" + key);
        ArrayNode quantities = input.putArray("quantities");
        for (ListingPush p : batch) {
            ObjectNode q = quantities.addObject();
            q.put("inventoryItemId", gid("InventoryItem", p.externalId()));
            q.put("locationId", gid("Location", location));
            q.put("quantity", p.quantity());
            if (p.believed() == null) {
                q.putNull("changeFromQuantity");   // explicit null: we do not know what Shopify has, so no compare
            } else {
                q.put("changeFromQuantity", p.believed().intValue());
            }
        }
        ObjectNode body = Json.object();
        body.put("query", MUTATION_TEMPLATE.formatted(key));
        body.putObject("variables").set("input", input);
        Request request = request(graphqlPath())
                .header("X-Shopify-Access-Token", token)
                .post(json(body))
                .build();
        Answer a;
        try {
            a = send(request);
        } catch (IOException e) {
            return transportFailure(batch, e);
        }
        if (a.status() == 429 || !a.ok()) {
            PushResult r = throttledAnswer(batch, a);
            return r != null ? r : statusFailure(batch, a);
        }
        try {
            return read(batch, a);
        } catch (Json.MalformedAnswerException e) {
            return malformed(batch, a, e.getMessage());
        }
    }

    private PushResult read(List<ListingPush> batch, Answer a) throws Json.MalformedAnswerException {
        JsonNode root = Json.parse(a.body());
        PushResult throttled = throttledAnswer(batch, a);
        if (throttled != null) {
            return throttled;
        }
        JsonNode errors = root.path("errors");
        if (errors.isArray() && errors.size() > 0) {
            return PushResult.all(batch, a.status(), ItemOutcome.parked(config.name() + " refused the request: "
                    + Json.abbreviate(errors.get(0).path("message").asText("GraphQL error"), 300)), null, false);
        }
        JsonNode payload = root.path("data").path("inventorySetQuantities");
        if (!payload.isObject()) {
            throw new Json.MalformedAnswerException("the answer has no data.inventorySetQuantities");
        }
        JsonNode userErrors = payload.path("userErrors");
        Map<Long, ItemOutcome> items = new LinkedHashMap<>();
        if (!userErrors.isArray() || userErrors.isEmpty()) {
            batch.forEach(p -> items.put(p.skuId(), ItemOutcome.pushed()));
            return new PushResult(a.status(), items, null, false);
        }
        boolean applied = payload.path("inventoryAdjustmentGroup").isObject();
        for (JsonNode e : userErrors) {
            int index = quantityIndex(e.path("field"));
            ItemOutcome outcome = userError(e, baseKey(batch));
            if (index >= 0 && index < batch.size()) {
                items.put(batch.get(index).skuId(), outcome);
            } else {
                batch.forEach(p -> items.putIfAbsent(p.skuId(), outcome));
            }
        }
        for (ListingPush p : batch) {
            // Shopify applies a mutation whole or not at all: the others were not set because of the errors.
            items.putIfAbsent(p.skuId(), applied ? ItemOutcome.pushed()
                    : ItemOutcome.deferred("not applied: another listing in the same call was refused"));
        }
        return new PushResult(a.status(), items, null, false);
    }

    /**
     * One userError as Shopify's InventorySetQuantitiesUserErrorCode names it: a stale
     * changeFromQuantity is drift; an idempotent request still in progress is tried again; a key
     * whose earlier attempt failed is tried again under a new key; the rest are the seller's to fix.
     */
    private ItemOutcome userError(JsonNode e, String key) {
        String code = e.path("code").asText("");
        String message = e.path("message").asText("refused");
        String field = e.path("field").toString();
        if (code.equals("CHANGE_FROM_QUANTITY_STALE") || code.equals("COMPARE_QUANTITY_STALE")
                || (code.isEmpty() && field.contains("changeFromQuantity"))) {
            return ItemOutcome.drift("Shopify holds a different quantity than Stockroom last set (" + message + ")", null);
        }
        if (code.equals("IDEMPOTENCY_CONCURRENT_REQUEST")) {
            return ItemOutcome.retry("Shopify is still working on the same update (" + code + ")");
        }
        if (code.equals("IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED")) {
            burnedKeys.merge(key, 1, Integer::sum);
            return ItemOutcome.retry("Shopify's earlier attempt at this update failed; sending it again (" + code + ")");
        }
        return ItemOutcome.parked("Shopify refused: " + message + (code.isEmpty() ? "" : " (" + code + ")"));
    }

    /** THROTTLED (HTTP 200 or 429): come back when the cost bucket has refilled enough. */
    private PushResult throttledAnswer(List<ListingPush> batch, Answer a) {
        JsonNode root;
        try {
            root = Json.parse(a.body());
        } catch (Json.MalformedAnswerException e) {
            return null;
        }
        boolean throttled = false;
        for (JsonNode e : root.path("errors")) {
            if ("THROTTLED".equals(e.path("extensions").path("code").asText())) {
                throttled = true;
            }
        }
        if (!throttled) {
            return null;
        }
        Instant now = clock.instant();
        Instant at = dev.stockroom.sync.channels.RetryAfter.parse(a.retryAfter(), now).orElse(null);
        JsonNode cost = root.path("extensions").path("cost");
        JsonNode status = cost.path("throttleStatus");
        if (at == null && status.isObject()) {
            double needed = cost.path("requestedQueryCost").asDouble(10) - status.path("currentlyAvailable").asDouble(0);
            double rate = Math.max(1, status.path("restoreRate").asDouble(100));
            at = now.plusMillis((long) Math.ceil(Math.max(needed, 1) / rate * 1000));
        }
        return PushResult.all(batch, a.status(), ItemOutcome.throttled(config.name() + " is throttling (THROTTLED)"), at, false);
    }

    private static int quantityIndex(JsonNode field) {
        if (field.isArray()) {
            for (int i = 0; i + 1 < field.size(); i++) {
                if ("quantities".equals(field.get(i).asText())) {
                    try {
                        return Integer.parseInt(field.get(i + 1).asText());
                    } catch (NumberFormatException e) {
                        return -1;
                    }
                }
            }
        }
        return -1;
    }

    /**
     * A retry of the same push gets the same key; a later push is a new one even with the same
     * numbers, because the listing's last push time has moved on. A key Shopify said failed
     * before (IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED) is replaced by a new one for the next try.
     */
    String idempotencyKey(List<ListingPush> batch) {
        String base = baseKey(batch);
        int generation = burnedKeys.getOrDefault(base, 0);
        return generation == 0 ? base : UUID.nameUUIDFromBytes((base + "#" + generation).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private String baseKey(List<ListingPush> batch) {
        StringBuilder sb = new StringBuilder("stockroom-shopify:").append(config.sellerId()).append(':').append(config.channel());
        batch.stream().sorted(java.util.Comparator.comparingLong(ListingPush::skuId)).forEach(p ->
                sb.append('|').append(p.externalId()).append('=').append(p.quantity()).append('/').append(p.believed())
                        .append('@').append(p.lastPushedAt()));
        return UUID.nameUUIDFromBytes(sb.toString().getBytes(StandardCharsets.UTF_8)).toString();
    }

    static String gid(String type, String id) {
        return id.startsWith("gid://") ? id : "gid://shopify/" + type + "/" + id;
    }
}
