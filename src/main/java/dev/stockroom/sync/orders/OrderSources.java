package dev.stockroom.sync.orders;

import dev.stockroom.sync.channels.ChannelConfig;
import dev.stockroom.sync.channels.amazon.AmazonOrders;
import dev.stockroom.sync.channels.flipkart.FlipkartOrders;
import dev.stockroom.sync.channels.shopify.ShopifyOrders;
import java.time.Clock;
import java.util.Optional;
import okhttp3.OkHttpClient;

/** Channels whose orders Stockroom polls (the others arrive by CSV import or at the desk). */
public final class OrderSources {
    private OrderSources() {
    }

    public static Optional<OrderSource> forChannel(ChannelConfig config, OkHttpClient http, Clock clock) {
        return Optional.ofNullable(switch (config.kind()) {
            case "shopify" -> new ShopifyOrders(config, http);
            case "amazon" -> new AmazonOrders(config, http, clock);
            case "flipkart" -> new FlipkartOrders(config, http, clock);
            default -> null;
        });
    }

    /** Seconds between polls when the settings say nothing: Amazon's orders API allows about one call a minute sustained. */
    public static int defaultPollSeconds(String kind) {
        return switch (kind) {
            case "amazon" -> 60;
            case "flipkart" -> 30;
            default -> 15;
        };
    }
}
