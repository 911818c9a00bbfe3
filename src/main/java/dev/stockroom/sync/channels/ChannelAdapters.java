package dev.stockroom.sync.channels;

import dev.stockroom.sync.channels.amazon.AmazonAdapter;
import dev.stockroom.sync.channels.ebay.EbayAdapter;
import dev.stockroom.sync.channels.flipkart.FlipkartAdapter;
import dev.stockroom.sync.channels.meesho.MeeshoFileAdapter;
import dev.stockroom.sync.channels.shopify.ShopifyAdapter;
import dev.stockroom.sync.channels.webhook.WebhookAdapter;
import dev.stockroom.sync.channels.woocommerce.WooCommerceAdapter;
import java.time.Clock;
import java.util.Optional;
import okhttp3.OkHttpClient;

/** The adapter for a channel's kind. */
public final class ChannelAdapters {
    private ChannelAdapters() {
    }

    public static Optional<ChannelAdapter> forChannel(ChannelConfig config, OkHttpClient http, Clock clock) {
        return Optional.ofNullable(switch (config.kind()) {
            case "shopify" -> new ShopifyAdapter(config, http, clock);
            case "amazon" -> new AmazonAdapter(config, http, clock);
            case "flipkart" -> new FlipkartAdapter(config, http, clock);
            case "woocommerce" -> new WooCommerceAdapter(config, http, clock);
            case "ebay" -> new EbayAdapter(config, http, clock);
            case "webhook" -> new WebhookAdapter(config, http, clock);
            case "meesho" -> new MeeshoFileAdapter(config, clock);
            default -> null;
        });
    }
}
