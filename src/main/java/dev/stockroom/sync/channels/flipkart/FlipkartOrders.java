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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Flipkart orders from the shipments filter v3. A filter takes one {@code type} and only that
 * type's states, so each poll reads three: preDispatch (open orders), postDispatch (shipped)
 * and cancelled, each for orders placed since the cursor less {@code order_window_days} (the
 * filter selects by {@code orderDate}; an order changes state within days of being placed).
 * Further pages come from {@code nextPageUrl} (a GET). Reading an order again changes nothing.
 */
public final class FlipkartOrders implements OrderSource {
    record Filter(String type, List<String> states) {
    }

    static final List<Filter> FILTERS = List.of(
            new Filter("preDispatch", List.of("APPROVED", "PACKING_IN_PROGRESS", "PACKED", "FORM_FAILED", "READY_TO_DISPATCH")),
            new Filter("postDispatch", List.of("SHIPPED", "DELIVERED", "PICKUP_COMPLETE")),
            new Filter("cancelled", List.of("CANCELLED")));
    private static final Set<String> DISPATCHED = Set.of("SHIPPED", "DELIVERED", "PICKUP_COMPLETE");
    private final ChannelConfig config;
    private final OkHttpClient http;
    private final AccessTokens tokens;

    public FlipkartOrders(ChannelConfig config, OkHttpClient shared, Clock clock) {
        this.config = config;
        this.http = OrderReading.client(shared, config);
        this.tokens = FlipkartAuth.tokens(config, this.http, clock);
    }

    /** {@code page}: null for the first filter, then "{filter}" to start a filter or "{filter}|{nextPageUrl}" to go on with one. */
    @Override
    public OrderPage changedSince(Instant since, String page) throws IOException, OrderSourceException {
        String token;
        try {
            token = tokens.current();
        } catch (AccessTokens.RefusedException | RuntimeException e) {
            throw new OrderSourceException(e.getMessage(), false);
        }
        int filter = 0;
        String more = null;
        if (page != null) {
            int bar = page.indexOf('|');
            filter = Integer.parseInt(bar < 0 ? page : page.substring(0, bar));
            more = bar < 0 ? null : page.substring(bar + 1);
        }
        String origin = config.baseUrl("https://api.flipkart.net");
        Request.Builder request = new Request.Builder().header("Authorization", "Bearer " + token);
        if (more == null) {
            request.url(origin + "/sellers/v3/shipments/filter").post(RequestBody.create(Json.write(body(FILTERS.get(filter), since)), HttpChannel.JSON));
        } else {
            request.url(nextPage(origin, more)).get();
        }
        JsonNode root = OrderReading.call(http, config, request.build());
        List<ChannelOrder> out = orders(root, since);
        String next = root.path("hasMore").asBoolean(false) ? root.path("nextPageUrl").asText(null) : null;
        if (next != null && !next.isBlank()) {
            return new OrderPage(out, filter + "|" + next);
        }
        return new OrderPage(out, filter + 1 < FILTERS.size() ? Integer.toString(filter + 1) : null);
    }

    ObjectNode body(Filter f, Instant since) {
        ObjectNode body = Json.object();
        ObjectNode filter = body.putObject("filter");
        filter.put("type", f.type());
        var states = filter.putArray("states");
        f.states().forEach(states::add);
        Instant from = since.minus(Duration.ofDays(Math.max(1, config.integer("order_window_days", 7))));
        filter.putObject("orderDate").put("from", from.toString());
        body.putObject("pagination").put("pageSize", 20);
        return body;
    }

    /** nextPageUrl as Flipkart gives it: absolute, from the host ("/sellers/..."), or from the API root ("/v3/..."). */
    static String nextPage(String origin, String url) {
        if (url.startsWith("http://") || url.startsWith("https://")) {
            return url;
        }
        String path = url.startsWith("/") ? url : "/" + url;
        return origin + (path.startsWith("/sellers/") ? path : "/sellers" + path);
    }

    private static List<ChannelOrder> orders(JsonNode root, Instant since) {
        Map<String, List<JsonNode>> byOrder = new LinkedHashMap<>();
        Map<String, Instant> changed = new LinkedHashMap<>();
        for (JsonNode shipment : root.path("shipments")) {
            String when = shipment.path("updatedAt").asText(shipment.path("modifiedDate").asText(""));
            Instant at = when.isBlank() ? since : parse(when, since);
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
                shipped |= DISPATCHED.contains(status);
                lines.add(OrderLine.of(item.path("sku").asText(), item.path("quantity").asInt(1)));
            }
            ChannelOrder.State state = allCancelled ? ChannelOrder.State.CANCELLED : shipped ? ChannelOrder.State.DISPATCHED : ChannelOrder.State.OPEN;
            out.add(new ChannelOrder(order, state, lines, changed.get(order)));
        });
        return out;
    }

    /** Flipkart writes times with an offset (2026-09-20T10:00:00+05:30) or in UTC. */
    private static Instant parse(String s, Instant fallback) {
        try {
            return java.time.OffsetDateTime.parse(s).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            try {
                return Instant.parse(s);
            } catch (java.time.format.DateTimeParseException e2) {
                return fallback;
            }
        }
    }
}
