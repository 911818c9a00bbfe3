package dev.stockroom.sync.channels;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * What every HTTP channel shares: one OkHttp client with the channel's timeout, sending a
 * request and sorting the answer into the retryable and the permanent (CHANNELS.md: 429, 5xx,
 * timeouts and resets are retried; 400, 401, 403, 404, 413, 415 stop the listing).
 * Request headers (which carry credentials) are never logged.
 */
public abstract class HttpChannel implements ChannelAdapter {
    public static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final Set<Integer> PERMANENT = Set.of(400, 401, 403, 404, 413, 415);

    protected final ChannelConfig config;
    protected final OkHttpClient http;
    protected final Clock clock;

    protected HttpChannel(ChannelConfig config, OkHttpClient shared, Clock clock, int defaultTimeoutMs) {
        this.config = config;
        this.clock = clock;
        Duration timeout = Duration.ofMillis(config.timeoutMillis(defaultTimeoutMs));
        this.http = shared.newBuilder()
                .callTimeout(timeout)
                .readTimeout(timeout)
                .connectTimeout(Duration.ofMillis(Math.min(timeout.toMillis(), 5_000)))
                .retryOnConnectionFailure(false)   // the worker decides about retries, with backoff
                .build();
    }

    /** One exchange with the channel. */
    public record Answer(int status, String body, String retryAfter, long latencyMs) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    protected Answer send(Request request) throws IOException {
        long start = System.nanoTime();
        try (Response response = http.newCall(request).execute()) {
            String body = response.body().string();
            return new Answer(response.code(), body, response.header("Retry-After"), (System.nanoTime() - start) / 1_000_000);
        }
    }

    /**
     * Sends a request that carries an access token; when the channel says the token is no longer
     * good ({@code expired} statuses, e.g. 401), forgets it and sends once more with a fresh one.
     */
    protected Answer sendWithToken(AccessTokens tokens, Set<Integer> expired, java.util.function.Function<String, Request> build)
            throws IOException, AccessTokens.RefusedException {
        Answer a = send(build.apply(tokens.current()));
        if (expired.contains(a.status())) {
            tokens.forget();
            a = send(build.apply(tokens.current()));
            if (expired.contains(a.status())) {
                tokens.forget();
            }
        }
        return a;
    }

    protected static RequestBody json(JsonNode body) {
        return RequestBody.create(Json.write(body), JSON);
    }

    /** The whole batch failed in transit (timeout, reset, refused connection): retry, and tell the breaker. */
    protected PushResult transportFailure(List<ListingPush> batch, IOException e) {
        String what = e instanceof InterruptedIOException ? "timed out" : "could not be reached (" + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + Json.abbreviate(e.getMessage(), 80)) + ")";
        return PushResult.all(batch, 0, ItemOutcome.retry(config.name() + " " + what), null, true);
    }

    /** A non-2xx answer for the whole batch, classified by its status. */
    protected PushResult statusFailure(List<ListingPush> batch, Answer a) {
        String message = config.name() + " answered HTTP " + a.status() + channelMessage(a.body());
        if (a.status() == 429 || a.status() == 503) {
            Instant at = RetryAfter.parse(a.retryAfter(), clock.instant()).orElse(null);
            return PushResult.all(batch, a.status(), ItemOutcome.throttled(message), at, a.status() == 503);
        }
        if (PERMANENT.contains(a.status()) || (a.status() >= 400 && a.status() < 500 && a.status() != 408)) {
            return PushResult.all(batch, a.status(), ItemOutcome.parked(message), null, false);
        }
        return PushResult.all(batch, a.status(), ItemOutcome.retry(message), null, a.status() >= 500 || a.status() == 408);
    }

    /** A 2xx answer we could not read: the outcome is unknown, so the push is tried again. */
    protected PushResult malformed(List<ListingPush> batch, Answer a, String why) {
        return PushResult.all(batch, a.status(), ItemOutcome.retry(config.name() + ": " + why), null, true);
    }

    /** The channel's own sentence from an error body, when it has one. */
    protected static String channelMessage(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode n = Json.parse(body);
            for (String path : new String[] {"/errors/0/message", "/errors/0/description", "/message", "/error_description",
                "/error/message", "/errors/0/longMessage", "/error"}) {
                JsonNode m = n.at(path);
                if (m.isTextual() && !m.asText().isBlank()) {
                    return ": " + Json.abbreviate(m.asText(), 300);
                }
            }
            return ": " + Json.abbreviate(body, 200);
        } catch (Json.MalformedAnswerException e) {
            return ": " + Json.abbreviate(body, 200);
        }
    }

    protected Request.Builder request(String path) {
        return new Request.Builder().url(config.baseUrl(realHost()) + path).header("User-Agent", "Stockroom/0.1");
    }

    /** The channel's production host, used when the settings give no base_url. */
    protected abstract String realHost();
}
