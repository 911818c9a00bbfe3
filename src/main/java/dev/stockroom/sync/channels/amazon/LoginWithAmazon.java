package dev.stockroom.sync.channels.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stockroom.sync.channels.AccessTokens;
import dev.stockroom.sync.channels.ChannelConfig;
import dev.stockroom.sync.channels.Json;
import java.io.IOException;
import java.time.Clock;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** Login with Amazon: a refresh token (and the app's client id and secret) buys an hour's access token. */
final class LoginWithAmazon {
    private LoginWithAmazon() {
    }

    static AccessTokens tokens(ChannelConfig config, OkHttpClient http, Clock clock) {
        return new AccessTokens(() -> {
            String url = config.text("auth_url", "https://api.amazon.com");
            url = (url.endsWith("/") ? url.substring(0, url.length() - 1) : url) + "/auth/o2/token";
            FormBody form = new FormBody.Builder()
                    .add("grant_type", "refresh_token")
                    .add("refresh_token", config.credentials().require(config.channel(), "refresh_token"))
                    .add("client_id", config.credentials().require(config.channel(), "client_id"))
                    .add("client_secret", config.credentials().require(config.channel(), "client_secret"))
                    .build();
            try (Response r = http.newCall(new Request.Builder().url(url).post(form).build()).execute()) {
                String body = r.body().string();
                if (r.code() == 400 || r.code() == 401) {
                    throw new AccessTokens.RefusedException("Login with Amazon refused this desk's credentials for "
                            + config.name() + " (HTTP " + r.code() + "); enter them again");
                }
                if (!r.isSuccessful()) {
                    throw new IOException("Login with Amazon answered HTTP " + r.code());
                }
                JsonNode n = Json.parse(body);
                return new AccessTokens.Token(n.path("access_token").asText(), n.path("expires_in").asLong(3600));
            } catch (Json.MalformedAnswerException e) {
                throw new IOException("Login with Amazon: " + e.getMessage());
            }
        }, clock);
    }
}
