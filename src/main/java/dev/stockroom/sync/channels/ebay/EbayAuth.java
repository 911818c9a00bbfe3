package dev.stockroom.sync.channels.ebay;

import dev.stockroom.sync.channels.AccessTokens;
import dev.stockroom.sync.channels.ChannelConfig;
import dev.stockroom.sync.channels.TokenEndpoint;
import java.time.Clock;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * eBay user tokens last two hours: the refresh token (18 months) buys a new one from
 * {@code POST /identity/v1/oauth2/token} with the app's client id and secret as Basic auth and
 * the scopes the refresh token was granted for (Stockroom needs sell.inventory).
 */
final class EbayAuth {
    static final String TOKEN_PATH = "/identity/v1/oauth2/token";
    static final String INVENTORY_SCOPE = "https://api.ebay.com/oauth/api_scope/sell.inventory";

    private EbayAuth() {
    }

    static AccessTokens tokens(ChannelConfig config, OkHttpClient http, Clock clock) {
        return TokenEndpoint.tokens(http, clock, "eBay's token service",
                "eBay refused this desk's refresh token or app keys for " + config.name(), () -> {
                    String base = config.text("auth_url", config.baseUrl("https://api.ebay.com"));
                    String url = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + TOKEN_PATH;
                    FormBody form = new FormBody.Builder()
                            .add("grant_type", "refresh_token")
                            .add("refresh_token", config.credentials().require(config.channel(), "refresh_token"))
                            .add("scope", config.text("scope", INVENTORY_SCOPE))
                            .build();
                    String basic = Credentials.basic(config.credentials().require(config.channel(), "client_id"),
                            config.credentials().require(config.channel(), "client_secret"));
                    return new Request.Builder().url(url).post(form).header("Authorization", basic).build();
                });
    }
}
