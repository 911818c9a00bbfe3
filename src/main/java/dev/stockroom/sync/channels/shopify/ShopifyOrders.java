package dev.stockroom.sync.channels.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stockroom.ledger.OrderLine;
import dev.stockroom.sync.channels.ChannelConfig;
import dev.stockroom.sync.channels.HttpChannel;
import dev.stockroom.sync.channels.Json;
import dev.stockroom.sync.channels.OrderReading;
import dev.stockroom.sync.orders.ChannelOrder;
import dev.stockroom.sync.orders.OrderPage;
import dev.stockroom.sync.orders.OrderSource;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/** Shopify orders by polling the GraphQL orders connection, sorted by last update. */
public final class ShopifyOrders implements OrderSource {
    static final String QUERY = """
            query Orders($first: Int!, $after: String, $query: String!) {
              orders(first: $first, after: $after, sortKey: UPDATED_AT, query: $query) {
                edges { cursor node { id name createdAt updatedAt cancelledAt displayFulfillmentStatus
                  lineItems(first: 50) { nodes { sku quantity } } } }
                pageInfo { hasNextPage endCursor }
              }
            }""";

    private final ChannelConfig config;
    private final OkHttpClient http;

    public ShopifyOrders(ChannelConfig config, OkHttpClient shared) {
        this.config = config;
        this.http = OrderReading.client(shared, config);
    }

    @Override
    public OrderPage changedSince(Instant since, String page) throws IOException, OrderSourceException {
        String token = config.credentials().get("access_token")
                .orElseThrow(() -> new OrderSourceException(config.name() + " needs an access_token in this desk's channel secrets", false));
        ObjectNode body = Json.object();
        body.put("query", QUERY);
        ObjectNode vars = body.putObject("variables");
        vars.put("first", 50);
        if (page != null) {
            vars.put("after", page);
        } else {
            vars.putNull("after");
        }
        vars.put("query", "updated_at:>='" + since + "'");
        String base = config.baseUrl("https://" + config.text("shop", "shop") + ".myshopify.com");
        Request request = new Request.Builder()
                .url(base + "/admin/api/" + config.text("api_version", ShopifyAdapter.API_VERSION) + "/graphql.json")
                .header("X-Shopify-Access-Token", token)
                .post(RequestBody.create(Json.write(body), HttpChannel.JSON))
                .build();
        JsonNode root = OrderReading.call(http, config, request);
        for (JsonNode e : root.path("errors")) {
            boolean throttled = "THROTTLED".equals(e.path("extensions").path("code").asText());
            throw new OrderSourceException(config.name() + ": " + e.path("message").asText("GraphQL error"), throttled);
        }
        JsonNode orders = root.path("data").path("orders");
        List<ChannelOrder> out = new ArrayList<>();
        for (JsonNode edge : orders.path("edges")) {
            JsonNode n = edge.path("node");
            List<OrderLine> lines = new ArrayList<>();
            for (JsonNode li : n.path("lineItems").path("nodes")) {
                if (li.path("sku").isTextual() && !li.path("sku").asText().isBlank()) {
                    lines.add(OrderLine.of(li.path("sku").asText(), li.path("quantity").asInt()));
                }
            }
            ChannelOrder.State state = !n.path("cancelledAt").isNull() && n.hasNonNull("cancelledAt") ? ChannelOrder.State.CANCELLED
                    : "FULFILLED".equals(n.path("displayFulfillmentStatus").asText()) ? ChannelOrder.State.DISPATCHED
                    : ChannelOrder.State.OPEN;
            out.add(new ChannelOrder(n.path("name").asText(n.path("id").asText()), state, lines,
                    Instant.parse(n.path("updatedAt").asText(since.toString()))));
        }
        boolean more = orders.path("pageInfo").path("hasNextPage").asBoolean(false);
        return new OrderPage(out, more ? orders.path("pageInfo").path("endCursor").asText() : null);
    }
}
