package dev.stockroom.sync.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stockroom.sync.channels.Json;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * eBay as Stockroom uses it: the OAuth refresh grant ({@code POST /identity/v1/oauth2/token},
 * Basic auth with the app's keys) issuing two-hour user tokens, 401 for a token that expired or
 * was never issued, and Sell Inventory bulkUpdatePriceQuantity: at most 25 requests, answered
 * per SKU (207 when some failed).
 */
final class EbaySpeaker implements SimChannel.Speaker {
    static final String TOKEN_PATH = "/identity/v1/oauth2/token";
    static final String INVENTORY_SCOPE = "https://api.ebay.com/oauth/api_scope/sell.inventory";
    /** Issued user tokens and when each expires (by the channel's clock). */
    private final Map<String, Instant> issued = new ConcurrentHashMap<>();
    volatile Duration tokenLifetime = Duration.ofHours(2);

    @Override
    public boolean exempt(SimChannel.Request r) {
        return r.path().equals(TOKEN_PATH);
    }

    /** Every token issued so far stops working now (eBay expiring or revoking them early). */
    void expireTokens() {
        issued.replaceAll((t, at) -> Instant.MIN);
    }

    @Override
    public SimChannel.Reply answer(SimChannel ch, SimChannel.Request r) {
        if (r.path().equals(TOKEN_PATH) && "POST".equals(r.method())) {
            return token(ch, r);
        }
        String auth = String.valueOf(r.header("Authorization"));
        Instant expires = auth.startsWith("Bearer ") ? issued.get(auth.substring("Bearer ".length())) : null;
        if (expires == null || !ch.clock.instant().isBefore(expires)) {
            return Speakers.error(401, "1001", "Invalid access token",
                    "Invalid access token. Check the value of the Authorization HTTP request header.");
        }
        if (!r.path().equals("/sell/inventory/v1/bulk_update_price_quantity") || !"POST".equals(r.method())) {
            return Speakers.error(404, "2002", "Resource not found");
        }
        if (ch.overPushLimit()) {
            return Speakers.error(429, "2001", "Too many requests").withHeader("Retry-After", "1");
        }
        JsonNode body = Speakers.body(r).orElse(null);
        if (body == null || !body.path("requests").isArray()) {
            return Speakers.error(400, "25709", "Invalid value for requests");
        }
        if (body.path("requests").size() > 25) {
            return Speakers.error(400, "25709", "A maximum of 25 SKUs may be updated in one call");
        }
        ObjectNode answer = Json.object();
        ArrayNode responses = answer.putArray("responses");
        List<String> keys = new ArrayList<>();
        List<Runnable> changes = new ArrayList<>();
        boolean partial = false;
        for (JsonNode req : body.path("requests")) {
            String sku = req.path("sku").asText();
            JsonNode offer = req.path("offers").path(0);
            int qty = req.path("shipToLocationAvailability").path("quantity").asInt(-1);
            SimChannel.Listing l = ch.listingFor(sku, sku, 0);
            ObjectNode resp = responses.addObject();
            resp.put("sku", sku);
            resp.put("offerId", offer.path("offerId").asText());
            if (l == null || qty < 0 || offer.path("availableQuantity").asInt(-1) != qty) {
                partial = true;
                resp.put("statusCode", 400);
                ObjectNode err = resp.putArray("errors").addObject();
                err.put("errorId", 25001);
                err.put("message", l == null ? "The SKU is not in your inventory." : "shipToLocationAvailability and the offer's availableQuantity must agree.");
                continue;
            }
            resp.put("statusCode", 200);
            resp.putArray("warnings");
            keys.add(sku);
            changes.add(() -> l.qty = qty);
        }
        ch.applying(keys, () -> changes.forEach(Runnable::run));
        return SimChannel.Reply.json(partial ? 207 : 200, Json.write(answer)).asPush(keys);
    }

    /** The refresh grant: Basic auth with the app's client id and secret, the refresh token and the scopes in the form. */
    private SimChannel.Reply token(SimChannel ch, SimChannel.Request r) {
        String basic = String.valueOf(r.header("Authorization"));
        String pair = basic.startsWith("Basic ") ? decode(basic.substring(6)) : "";
        int colon = pair.indexOf(':');
        if (colon < 1 || colon == pair.length() - 1) {
            return SimChannel.Reply.json(401, "{\"error\":\"invalid_client\",\"error_description\":\"client authentication failed\"}");
        }
        Map<String, String> form = form(r.body());
        if (!"refresh_token".equals(form.get("grant_type")) || !ch.secret.equals(form.get("refresh_token"))) {
            return SimChannel.Reply.json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"the provided authorization refresh token is invalid or was issued to another client\"}");
        }
        String scope = form.getOrDefault("scope", "");
        if (!List.of(scope.split(" ")).contains(INVENTORY_SCOPE)) {
            return SimChannel.Reply.json(400, "{\"error\":\"invalid_scope\",\"error_description\":\"The requested scope is invalid, unknown, malformed, or exceeds the scope granted to the client\"}");
        }
        String token = "v^1.1#i^1#sim-" + UUID.randomUUID();
        issued.put(token, ch.clock.instant().plus(tokenLifetime));
        ObjectNode o = Json.object();
        o.put("access_token", token);
        o.put("expires_in", tokenLifetime.toSeconds());
        o.put("token_type", "User Access Token");
        return SimChannel.Reply.json(200, Json.write(o));
    }

    private static String decode(String base64) {
        try {
            return new String(Base64.getDecoder().decode(base64.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
