package dev.stockroom.app;

import java.util.List;
import java.util.Optional;

/**
 * The kinds of channel a seller can connect, and what each needs: settings every desk shares
 * (kept on the channel row) and secrets that stay on this desk. Key names are the adapters'
 * (docs/readme/sync.md).
 */
public final class ChannelKinds {
    private ChannelKinds() {
    }

    /** One thing to fill in when connecting a channel. {@code secret} ones are masked and go to the desk's file. */
    public record Field(String key, String label, boolean secret, boolean required, String hint) {
        static Field setting(String key, String label, boolean required, String hint) {
            return new Field(key, label, false, required, hint);
        }

        static Field secret(String key, String label) {
            return new Field(key, label, true, true, "");
        }
    }

    public record Kind(String code, String label, List<Field> fields) {
        public List<Field> secrets() {
            return fields.stream().filter(Field::secret).toList();
        }
    }

    private static final Field API_ADDRESS = Field.setting("base_url", "API address", false, "blank: the channel's own");

    private static final List<Kind> KINDS = List.of(
            new Kind("shopify", "Shopify", List.of(
                    Field.setting("shop", "Shop name", true, "the part before .myshopify.com"),
                    Field.setting("location_id", "Location id", true, "gid://shopify/Location/..."),
                    Field.secret("access_token", "Admin API access token"), API_ADDRESS)),
            new Kind("amazon", "Amazon", List.of(
                    Field.setting("merchant_id", "Seller id", true, "A1..."),
                    Field.setting("marketplace_id", "Marketplace id", false, "blank: Amazon.in"),
                    Field.secret("refresh_token", "LWA refresh token"),
                    Field.secret("client_id", "LWA client id"),
                    Field.secret("client_secret", "LWA client secret"), API_ADDRESS)),
            new Kind("flipkart", "Flipkart", List.of(
                    Field.setting("location_id", "Location id", true, "LOC..."),
                    Field.secret("app_id", "Application id"),
                    Field.secret("app_secret", "Application secret"), API_ADDRESS)),
            new Kind("woocommerce", "WooCommerce", List.of(
                    Field.setting("store_url", "Store address", true, "https://shop.example.com"),
                    Field.secret("consumer_key", "Consumer key"),
                    Field.secret("consumer_secret", "Consumer secret"), API_ADDRESS)),
            new Kind("ebay", "eBay", List.of(
                    Field.secret("refresh_token", "User refresh token"),
                    Field.secret("client_id", "App id (client id)"),
                    Field.secret("client_secret", "Cert id (client secret)"), API_ADDRESS)),
            new Kind("webhook", "Webhook (JSON)", List.of(
                    Field.setting("url", "Webhook address", true, "https://..."),
                    Field.secret("signing_secret", "Signing secret"))),
            new Kind("meesho", "Meesho (upload file)", List.of(
                    Field.setting("upload_dir", "Upload folder", false, "blank: meesho-uploads in the data folder"))));

    public static List<Kind> all() {
        return KINDS;
    }

    public static Optional<Kind> of(String code) {
        return KINDS.stream().filter(k -> k.code().equals(code)).findFirst();
    }
}
