package dev.stockroom.sync.channels.flipkart;

import dev.stockroom.sync.channels.AccessTokens;
import dev.stockroom.sync.channels.ChannelConfig;
import dev.stockroom.sync.channels.TokenEndpoint;
import java.time.Clock;
import okhttp3.Credentials;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/** Flipkart's client-credentials token: the app id and secret (Basic auth) buy a bearer token. */
final class FlipkartAuth {
    private FlipkartAuth() {
    }

    static AccessTokens tokens(ChannelConfig config, OkHttpClient http, Clock clock) {
        return TokenEndpoint.tokens(http, clock, "Flipkart's token service",
                "Flipkart refused this desk's app id and secret for " + config.name(), () -> {
                    String url = config.baseUrl("https://api.flipkart.net") + "/oauth-service/oauth/token?grant_type=client_credentials&scope=Seller_Api";
                    String basic = Credentials.basic(config.credentials().require(config.channel(), "app_id"),
                            config.credentials().require(config.channel(), "app_secret"));
                    return new Request.Builder().url(url).get().header("Authorization", basic).build();
                });
    }
}
