package dev.stockroom.sync.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stockroom.sync.channels.Json;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Helpers the simulated channels share. */
final class Speakers {
    private Speakers() {
    }

    static SimChannel.Speaker forKind(String kind) {
        return switch (kind) {
            case "shopify" -> new ShopifySpeaker();
            case "amazon" -> new AmazonSpeaker();
            case "flipkart" -> new FlipkartSpeaker();
            case "woocommerce" -> new WooCommerceSpeaker();
            case "ebay" -> new EbaySpeaker();
            case "webhook" -> new WebhookSpeaker();
            default -> throw new IllegalArgumentException("the simulator does not speak " + kind);
        };
    }

    static Optional<JsonNode> body(SimChannel.Request r) {
        try {
            return Optional.of(Json.parse(r.body()));
        } catch (Json.MalformedAnswerException e) {
            return Optional.empty();
        }
    }

    static SimChannel.Reply error(int status, String code, String message) {
        var o = Json.object();
        var e = o.putArray("errors").addObject();
        e.put("code", code);
        e.put("message", message);
        return SimChannel.Reply.json(status, Json.write(o));
    }

    /** eBay's error shape: errorId, domain, category, message, longMessage. */
    static SimChannel.Reply error(int status, String errorId, String message, String longMessage) {
        var o = Json.object();
        var e = o.putArray("errors").addObject();
        e.put("errorId", Integer.parseInt(errorId));
        e.put("domain", "OAuth");
        e.put("category", "REQUEST");
        e.put("message", message);
        e.put("longMessage", longMessage);
        return SimChannel.Reply.json(status, Json.write(o));
    }

    static Instant instant(String s, Instant fallback) {
        if (s == null || s.isBlank()) {
            return fallback;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            return fallback;
        }
    }

    /** Orders changed at or after {@code since}, oldest change first. */
    static List<SimOrder> changedSince(SimChannel ch, Instant since) {
        return ch.orders.stream()
                .filter(o -> !o.updatedAt.isBefore(since))
                .sorted(Comparator.comparing((SimOrder o) -> o.updatedAt).thenComparing(o -> o.id))
                .toList();
    }

    static int intOr(String s, int fallback) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException | NullPointerException e) {
            return fallback;
        }
    }
}
