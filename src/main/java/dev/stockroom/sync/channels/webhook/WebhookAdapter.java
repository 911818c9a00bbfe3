package dev.stockroom.sync.channels.webhook;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stockroom.sync.channels.ChannelConfig;
import dev.stockroom.sync.channels.HttpChannel;
import dev.stockroom.sync.channels.ItemOutcome;
import dev.stockroom.sync.channels.Json;
import dev.stockroom.sync.channels.ListingPush;
import dev.stockroom.sync.channels.PushResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * A seller's own shop: a JSON array of {sku, channel, quantity, version, sent_at} POSTed to
 * its URL, signed with HMAC-SHA256 of the exact body under a shared secret
 * ({@code X-Stockroom-Signature: sha256=<hex>}). Any 2xx accepts the whole batch.
 */
public final class WebhookAdapter extends HttpChannel {
    static final int CAP = 100;
    public static final String SIGNATURE_HEADER = "X-Stockroom-Signature";

    public WebhookAdapter(ChannelConfig config, OkHttpClient http, Clock clock) {
        super(config, http, clock, 10_000);
    }

    @Override
    public int batchCap() {
        return config.batchCap(CAP);
    }

    @Override
    protected String realHost() {
        return config.text("url", "https://example.invalid");
    }

    public static String signature(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public PushResult push(List<ListingPush> batch) {
        String secret = config.credentials().get("signing_secret").orElse(null);
        if (secret == null) {
            return PushResult.all(batch, 0, ItemOutcome.parked(config.name() + " needs a signing_secret in this desk's channel secrets"), null, false);
        }
        ArrayNode body = Json.array();
        String sentAt = clock.instant().toString();
        for (ListingPush p : batch) {
            ObjectNode o = body.addObject();
            o.put("sku", p.skuCode());
            o.put("channel", config.channel());
            o.put("quantity", p.quantity());
            o.put("version", p.version());
            o.put("sent_at", sentAt);
        }
        byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        Request request = request(config.text("path", ""))
                .header(SIGNATURE_HEADER, signature(secret, bytes))
                .post(RequestBody.create(bytes, JSON))
                .build();
        try {
            Answer a = send(request);
            return a.ok() ? PushResult.all(batch, a.status(), ItemOutcome.pushed(), null, false) : statusFailure(batch, a);
        } catch (IOException e) {
            return transportFailure(batch, e);
        }
    }
}
