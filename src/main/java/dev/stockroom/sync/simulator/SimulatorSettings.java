package dev.stockroom.sync.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stockroom.sync.channels.ChannelSecrets;
import dev.stockroom.sync.channels.Json;
import java.util.Map;

/** How a Stockroom channel is pointed at a simulated one: its settings and this desk's secrets for it. */
public final class SimulatorSettings {
    private SimulatorSettings() {
    }

    public static ObjectNode settings(SimChannel ch) {
        ObjectNode s = Json.object();
        s.put("base_url", ch.baseUrl());
        switch (ch.kind()) {
            case "shopify" -> s.put("location_id", "gid://shopify/Location/1");
            case "amazon" -> {
                s.put("auth_url", ch.baseUrl());
                s.put("merchant_id", "A1SIMSELLER");
                s.put("marketplace_id", "A21TJRUUN4KGV");
                s.put("feed_poll_seconds", 0.2);   // the simulator finishes a feed on the third look
            }
            case "flipkart" -> s.put("location_id", FlipkartSpeaker.LOCATION);
            default -> {
            }
        }
        return s;
    }

    public static Map<String, String> credentials(String kind) {
        String secret = MarketplaceSimulator.SECRET;
        return switch (kind) {
            case "shopify" -> Map.of("access_token", secret);
            case "ebay" -> Map.of("refresh_token", secret, "client_id", "Stockroo-sim-PRD-0123456789", "client_secret", "PRD-sim-cert-id");
            case "amazon" -> Map.of("refresh_token", secret, "client_id", "amzn1.application-oa2-client.sim", "client_secret", "sim-client-secret");
            case "flipkart" -> Map.of("app_id", "sim-app", "app_secret", secret);
            case "woocommerce" -> Map.of("consumer_key", "ck_sim", "consumer_secret", secret);
            case "webhook" -> Map.of("signing_secret", secret);
            default -> Map.of();
        };
    }

    public static void addCredentials(ChannelSecrets.InMemory secrets, long sellerId, String channel, String kind) {
        credentials(kind).forEach((k, v) -> secrets.put(sellerId, channel, k, v));
    }
}
