package dev.stockroom.sync.channels;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stockroom.sync.orders.OrderSource;
import java.io.IOException;
import java.time.Duration;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** Shared by the order sources: one call, its answer as JSON, the channel's refusals as sentences. */
public final class OrderReading {
    private OrderReading() {
    }

    public static OkHttpClient client(OkHttpClient shared, ChannelConfig config) {
        Duration timeout = Duration.ofMillis(config.timeoutMillis(15_000));
        return shared.newBuilder().callTimeout(timeout).readTimeout(timeout).build();
    }

    public static JsonNode call(OkHttpClient http, ChannelConfig config, Request request) throws IOException, OrderSource.OrderSourceException {
        try (Response r = http.newCall(request).execute()) {
            String body = r.body().string();
            if (r.code() == 429 || r.code() == 503) {
                throw new OrderSource.OrderSourceException(config.name() + " is throttling order reads (HTTP " + r.code() + ")", true);
            }
            if (r.code() >= 500) {
                throw new IOException(config.name() + " answered HTTP " + r.code() + " to an order read");
            }
            if (!r.isSuccessful()) {
                throw new OrderSource.OrderSourceException(config.name() + " refused to list orders (HTTP " + r.code() + "): "
                        + Json.abbreviate(body, 200), false);
            }
            try {
                return Json.parse(body);
            } catch (Json.MalformedAnswerException e) {
                throw new IOException(config.name() + ": " + e.getMessage());
            }
        }
    }
}
