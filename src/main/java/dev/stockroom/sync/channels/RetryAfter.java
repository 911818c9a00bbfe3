package dev.stockroom.sync.channels;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads a Retry-After header in either of its forms: delay seconds, or an HTTP date. */
public final class RetryAfter {
    private RetryAfter() {
    }

    /** When the channel allows the next try, or empty when the header is absent or unreadable. */
    public static Optional<Instant> parse(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String v = header.trim();
        if (v.chars().allMatch(Character::isDigit)) {
            try {
                long seconds = Long.parseLong(v);
                return Optional.of(now.plusSeconds(Math.min(seconds, 86_400)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(at.isBefore(now) ? now : at);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The HTTP-date form of an instant, as a server writes it. */
    public static String httpDate(Instant at) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atZone(java.time.ZoneOffset.UTC));
    }
}
