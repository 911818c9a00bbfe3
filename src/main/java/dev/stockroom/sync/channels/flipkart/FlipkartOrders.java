package dev.stockroom.sync.channels.flipkart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stockroom.ledger.OrderLine;
import dev.stockroom.sync.channels.AccessTokens;
import dev.stockroom.sync.channels.ChannelConfig;
import dev.stockroom.sync.channels.HttpChannel;
import dev.stockroom.sync.channels.Json;
import dev.stockroom.sync.channels.OrderReading;
import dev.stockroom.sync.orders.ChannelOrder;
import dev.stockroom.sync.orders.OrderPage;
import dev.stockroom.sync.orders.OrderSource;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/** Flipkart orders from the shipments filter (order items with their states), next pages by nextPageUrl. */
public final class FlipkartOrders implements OrderSource {
    static final String[] STATES = {"APPROVED", "PACKING_IN_PROGRESS", "PACKED", "FORM_FAILED", "READY_TO_DISPATCH", "SHIPPED", "CANCELLED"};
    private final ChannelConfig config;
    private final OkHttpClient http;
    private final AccessTokens tokens;

    public FlipkartOrders(ChannelConfig config, OkHttpClient shared, Clock clock) {
        this.config = config;
        this.http = OrderReading.client(shared, config);
        this.tokens = FlipkartAuth.tokens(config, this.http, clock);
    }

    @Override
    public OrderPage changedSince(Instant since, String page) throws IOException, OrderSourceException {
        String token;
        try {
            token = tokens.current();
        } catch (AccessTokens.RefusedException | RuntimeException e) {
            throw new OrderSourceException(e.getMessage(), false);
        }
        String base = config.baseUrl("https://api.flipkart.net");
        Request.Builder request = new Request.Builder().header("Authorization", "Bearer " + token);
        if (page == null) {
            ObjectNode body = Json.object();
            ObjectNode filter = body.putObject("filter");
            filter.put("type", "preDispatch");
            var states = filter.putArray("states");
            for (String s : STATES) {
                states.add(s);
            }
            filter.putObject("modifiedDate").put("from", since.toString());
            body.putObject("pagination").put("pageSize", 20);
            request.url(base + "/sellers/v3/shipments/filter").post(RequestBody.create(Json.write(body), HttpChannel.JSON));
        } else {
            request.url(base + page).get();
        }
        JsonNode root = OrderReading.call(http, config, request.build());
        Map<String, List<JsonNode>> byOrder = new LinkedHashMap<>();
        Map<String, Instant> changed = new LinkedHashMap<>();
        for (JsonNode shipment : root.path("shipments")) {
            Instant at = shipment.hasNonNull("modifiedDate") ? Instant.parse(shipment.path("modifiedDate").asText()) : since;
            for (JsonNode item : shipment.path("orderItems")) {
                String order = item.path("orderId").asText();
                byOrder.computeIfAbsent(order, k -> new ArrayList<>()).add(item);
                changed.merge(order, at, (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        List<ChannelOrder> out = new ArrayList<>();
        byOrder.forEach((order, items) -> {
            List<OrderLine> lines = new ArrayList<>();
            boolean allCancelled = true;
            boolean shipped = false;
            for (JsonNode item : items) {
                String status = item.path("status").asText();
                allCancelled &= status.equals("CANCELLED");
                shipped |= status.equals("SHIPPED") || status.equals("DELIVERED");
                lines.add(OrderLine.of(item.path("sku").asText(), item.path("quantity").asInt(1)));
            }
            ChannelOrder.State state = allCancelled ? ChannelOrder.State.CANCELLED : shipped ? ChannelOrder.State.DISPATCHED : ChannelOrder.State.OPEN;
            out.add(new ChannelOrder(order, state, lines, changed.get(order)));
        });
        String next = root.path("hasMore").asBoolean(false) ? root.path("nextPageUrl").asText(null) : null;
        return new OrderPage(out, next);
    }
}
