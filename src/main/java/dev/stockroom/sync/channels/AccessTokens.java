package dev.stockroom.sync.channels;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;

/**
 * A short-lived access token (Login with Amazon, eBay, Flipkart OAuth) fetched on demand and kept
 * until a minute before it expires. The token itself is never logged.
 */
public final class AccessTokens {
    /** Fetches a new token; returns it with its lifetime in seconds. */
    public interface Fetcher {
        Token fetch() throws IOException, RefusedException;
    }

    public record Token(String value, long expiresInSeconds) {
        @Override
        public String toString() {
            return "Token(hidden, " + expiresInSeconds + "s)";
        }
    }

    /** The token endpoint refused the credentials: the seller must fix them. */
    public static final class RefusedException extends Exception {
        public RefusedException(String message) {
            super(message);
        }
    }

    private final Fetcher fetcher;
    private final Clock clock;
    private String value;
    private Instant expires = Instant.MIN;

    /** A token the seller pasted (no refresh possible): used until the channel refuses it. */
    public static AccessTokens fixed(String value, Clock clock) {
        return new AccessTokens(() -> new Token(value, Long.MAX_VALUE / 4), clock);
    }

    public AccessTokens(Fetcher fetcher, Clock clock) {
        this.fetcher = fetcher;
        this.clock = clock;
    }

    public synchronized String current() throws IOException, RefusedException {
        if (value == null || !clock.instant().isBefore(expires)) {
            Token t = fetcher.fetch();
            value = t.value();
            expires = clock.instant().plusSeconds(Math.max(30, t.expiresInSeconds() - 60));
        }
        return value;
    }

    /** The channel said the token is no longer good: fetch a new one next time. */
    public synchronized void forget() {
        value = null;
    }
}
