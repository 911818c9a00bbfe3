package dev.stockroom.sync.channels;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Clock;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * An OAuth token endpoint that trades this desk's long-lived credentials for a short-lived
 * access token (Login with Amazon, eBay's refresh grant, Flipkart's client credentials): one
 * exchange, {@code access_token} and {@code expires_in} read from the answer, 400/401 taken as
 * "these credentials are refused" (the seller must enter them again), anything else as the
 * service being unavailable for now. What each channel sends is its own {@link Exchange}.
 */
public final class TokenEndpoint {
    private TokenEndpoint() {
    }

    /** Builds the token request (reading the desk's secrets; a missing one throws MissingCredentialException). */
    @FunctionalInterface
    public interface Exchange {
        Request request();
    }

    /**
     * Tokens fetched from {@code service}'s endpoint when needed; {@code refused} is the sentence
     * for the seller when the credentials are refused (the HTTP status is added).
     */
    public static AccessTokens tokens(OkHttpClient http, Clock clock, String service, String refused, Exchange exchange) {
        return new AccessTokens(() -> fetch(http, service, refused, exchange), clock);
    }

    static AccessTokens.Token fetch(OkHttpClient http, String service, String refused, Exchange exchange)
            throws IOException, AccessTokens.RefusedException {
        try (Response r = http.newCall(exchange.request()).execute()) {
            String body = r.body().string();
            if (r.code() == 400 || r.code() == 401) {
                throw new AccessTokens.RefusedException(refused + " (HTTP " + r.code() + "); enter them again");
            }
            if (!r.isSuccessful()) {
                throw new IOException(service + " answered HTTP " + r.code());
            }
            JsonNode n = Json.parse(body);
            String token = n.path("access_token").asText("");
            if (token.isEmpty()) {
                throw new IOException(service + " answered without an access_token");
            }
            return new AccessTokens.Token(token, n.path("expires_in").asLong(3600));
        } catch (Json.MalformedAnswerException e) {
            throw new IOException(service + ": " + e.getMessage());
        }
    }
}
