package dev.stockroom.sync.channels.flipkart;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stockroom.sync.channels.AccessTokens;
import dev.stockroom.sync.channels.ChannelConfig;
import dev.stockroom.sync.channels.Json;
import java.io.IOException;
import java.time.Clock;
import okhttp3.Credentials;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** Flipkart's client-credentials token: the app id and secret (Basic auth) buy a bearer token. */
final class FlipkartAuth {
    private FlipkartAuth() {
    }

    static AccessTokens tokens(ChannelConfig config, OkHttpClient http, Clock clock) {
        return new AccessTokens(() -> {
            String base = config.baseUrl("https://api.flipkart.net");
            String url = base + "/oauth-service/oauth/token?grant_type=client_credentials&scope=Seller_Api";
            String basic = Credentials.basic(config.credentials().require(config.channel(), "app_id"),
                    config.credentials().require(config.channel(), "app_secret"));
            try (Response r = http.newCall(new Request.Builder().url(url).get().header("Authorization", basic).build()).execute()) {
                String body = r.body().string();
                if (r.code() == 400 || r.code() == 401) {
                    throw new AccessTokens.RefusedException("Flipkart refused this desk's app id and secret for "
                            + config.name() + " (HTTP " + r.code() + "); enter them again");
                }
                if (!r.isSuccessful()) {
                    throw new IOException("Flipkart's token service answered HTTP " + r.code());
                }
                JsonNode n = Json.parse(body);
                return new AccessTokens.Token(n.path("access_token").asText(), n.path("expires_in").asLong(3600));
            } catch (Json.MalformedAnswerException e) {
                throw new IOException("Flipkart token: " + e.getMessage());
            }
        }, clock);
    }
}
