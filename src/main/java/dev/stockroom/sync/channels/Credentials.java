package dev.stockroom.sync.channels;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** A channel's secrets for this desk. Never printed: toString names the keys only. */
public final class Credentials {
    private final Map<String, String> values;

    public Credentials(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public static Credentials none() {
        return new Credentials(Map.of());
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key)).filter(v -> !v.isBlank());
    }

    /** Whether this desk holds no secret at all for the channel. */
    public boolean isEmpty() {
        return values.values().stream().allMatch(String::isBlank);
    }

    /** The names of the secrets held (never their values): what the console may show. */
    public Set<String> keys() {
        return new TreeSet<>(values.keySet());
    }

    /** The value, or a clear sentence naming what is missing (never the values that are present). */
    public String require(String channel, String key) {
        return get(key).orElseThrow(() -> new MissingCredentialException(
                "channel " + channel + " has no " + key + " in this desk's channel secrets"));
    }

    @Override
    public String toString() {
        return "Credentials" + new TreeSet<>(values.keySet()) + " (values hidden)";
    }

    /** A secret the adapter needs was never entered: a permanent problem for the seller to fix. */
    public static final class MissingCredentialException extends RuntimeException {
        public MissingCredentialException(String message) {
            super(message);
        }
    }
}
