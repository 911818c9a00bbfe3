package dev.stockroom.sync.channels.amazon;

import dev.stockroom.sync.channels.AccessTokens;
import dev.stockroom.sync.channels.ChannelConfig;
import dev.stockroom.sync.channels.TokenEndpoint;
import java.time.Clock;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/** Login with Amazon: a refresh token (and the app's client id and secret) buys an hour's access token. */
final class LoginWithAmazon {
    private LoginWithAmazon() {
    }

    static AccessTokens tokens(ChannelConfig config, OkHttpClient http, Clock clock) {
        return TokenEndpoint.tokens(http, clock, "Login with Amazon",
                "Login with Amazon refused this desk's credentials for " + config.name(), () -> {
                    String url = config.text("auth_url", "https://api.amazon.com");
                    url = (url.endsWith("/") ? url.substring(0, url.length() - 1) : url) + "/auth/o2/token";
                    FormBody form = new FormBody.Builder()
                            .add("grant_type", "refresh_token")
                            .add("refresh_token", config.credentials().require(config.channel(), "refresh_token"))
                            .add("client_id", config.credentials().require(config.channel(), "client_id"))
                            .add("client_secret", config.credentials().require(config.channel(), "client_secret"))
                            .build();
                    return new Request.Builder().url(url).post(form).build();
                });
    }
}
