package dev.stockroom.sync.channels.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stockroom.ledger.OrderLine;
import dev.stockroom.sync.channels.AccessTokens;
import dev.stockroom.sync.channels.ChannelConfig;
import dev.stockroom.sync.channels.OrderReading;
import dev.stockroom.sync.orders.ChannelOrder;
import dev.stockroom.sync.orders.OrderPage;
import dev.stockroom.sync.orders.OrderSource;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * Amazon orders from the Orders API 2026-01-01 (searchOrders by last update; v0 getOrders is
 * going away): orderId, lastUpdatedTime, orderItems[].product.sellerSku and quantityOrdered,
 * and fulfillment.fulfillmentStatus (asked for with includedData=FULFILLMENT), as in Amazon's
 * published model (selling-partner-api-models, orders_2026-01-01.json).
 */
public final class AmazonOrders implements OrderSource {
    private final ChannelConfig config;
    private final OkHttpClient http;
    private final AccessTokens tokens;

    public AmazonOrders(ChannelConfig config, OkHttpClient shared, Clock clock) {
        this.config = config;
        this.http = OrderReading.client(shared, config);
        this.tokens = LoginWithAmazon.tokens(config, this.http, clock);
    }

    @Override
    public OrderPage changedSince(Instant since, String page) throws IOException, OrderSourceException {
        String token;
        try {
            token = tokens.current();
        } catch (AccessTokens.RefusedException e) {
            throw new OrderSourceException(e.getMessage(), false);
        } catch (RuntimeException e) {
            throw new OrderSourceException(e.getMessage(), false);
        }
        HttpUrl.Builder url = HttpUrl.get(config.baseUrl("https://sellingpartnerapi-eu.amazon.com") + "/orders/2026-01-01/orders").newBuilder()
                .addQueryParameter("lastUpdatedAfter", since.toString())
                .addQueryParameter("marketplaceIds", config.text("marketplace_id", AmazonAdapter.INDIA))
                .addQueryParameter("maxResultsPerPage", "50")
                // The order's fulfillmentStatus (cancelled, shipped) is a dataset Amazon leaves out unless asked for.
                .addQueryParameter("includedData", "FULFILLMENT");
        if (page != null) {
            url.addQueryParameter("paginationToken", page);
        }
        JsonNode root = OrderReading.call(http, config, new Request.Builder().url(url.build()).header("x-amz-access-token", token).get().build());
        List<ChannelOrder> out = new ArrayList<>();
        for (JsonNode o : root.path("orders")) {
            List<OrderLine> lines = new ArrayList<>();
            for (JsonNode item : o.path("orderItems")) {
                String sku = item.path("product").path("sellerSku").asText(item.path("sellerSku").asText(""));
                if (!sku.isBlank()) {
                    lines.add(OrderLine.of(sku, item.path("quantityOrdered").asInt(item.path("quantity").asInt(1))));
                }
            }
            String status = o.path("fulfillment").path("fulfillmentStatus").asText(o.path("orderStatus").asText("")).toUpperCase();
            ChannelOrder.State state = status.contains("CANCEL") ? ChannelOrder.State.CANCELLED
                    : status.equals("SHIPPED") || status.equals("DELIVERED") ? ChannelOrder.State.DISPATCHED
                    : ChannelOrder.State.OPEN;
            out.add(new ChannelOrder(o.path("orderId").asText(), state, lines, Instant.parse(o.path("lastUpdatedTime").asText(since.toString()))));
        }
        JsonNode next = root.path("pagination").path("nextToken");
        return new OrderPage(out, next.isTextual() && !next.asText().isBlank() ? next.asText() : null);
    }
}
