package dev.stockroom.sync.channels;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One channel as the worker sees it: who it belongs to, its kind, its settings (JSON kept on
 * the channel row: base_url, rate_per_second, burst, batch_size, timeout_ms, location_id...)
 * and this desk's credentials for it.
 */
public record ChannelConfig(long sellerId, String channel, String kind, String name, JsonNode settings, Credentials credentials) {

    public ChannelConfig {
        Objects.requireNonNull(channel);
        Objects.requireNonNull(kind);
        settings = settings == null ? Json.object() : settings;
        credentials = credentials == null ? Credentials.none() : credentials;
    }

    public String text(String key, String fallback) {
        JsonNode v = settings.get(key);
        return v == null || v.isNull() || v.asText().isBlank() ? fallback : v.asText();
    }

    public int integer(String key, int fallback) {
        JsonNode v = settings.get(key);
        return v != null && v.canConvertToInt() ? v.asInt() : (v != null && v.isTextual() ? parseInt(v.asText(), fallback) : fallback);
    }

    public double decimal(String key, double fallback) {
        JsonNode v = settings.get(key);
        return v != null && v.isNumber() ? v.asDouble() : fallback;
    }

    /** The API root: the channel's real host unless the settings point elsewhere (the simulator). */
    public String baseUrl(String realHost) {
        String url = text("base_url", realHost);
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public int timeoutMillis(int fallback) {
        return Math.max(100, integer("timeout_ms", fallback));
    }

    /** Batch size: the settings may lower the channel's cap, never raise it. */
    public int batchCap(int channelCap) {
        return Math.max(1, Math.min(channelCap, integer("batch_size", channelCap)));
    }

    private static int parseInt(String s, int fallback) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
