package dev.stockroom.sync.channels;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a desk keeps channel credentials: never in the shared database (every desk could read
 * it), but in a file only this user reads ({@code channel-secrets.properties} beside the config,
 * lines {@code <seller>.<channel>.<key>=value}), or in memory for the demo and tests.
 */
public interface ChannelSecrets {
    Credentials forChannel(long sellerId, String channel);

    static ChannelSecrets fromFile(Path file) {
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read the channel secrets in " + file + ": " + e.getMessage(), e);
            }
        }
        InMemory secrets = new InMemory();
        for (String name : p.stringPropertyNames()) {
            String[] parts = name.split("\\.", 3);
            if (parts.length == 3) {
                try {
                    secrets.put(Long.parseLong(parts[0]), parts[1], parts[2], p.getProperty(name));
                } catch (NumberFormatException e) {
                    throw new IllegalStateException(file + ": \"" + name + "\" should start with the seller id, e.g. 1.amazon.refresh_token");
                }
            }
        }
        return secrets;
    }

    /** {@code first}'s secrets for a channel when it has any, else {@code then}'s (the demo's simulator keys over the desk file). */
    static ChannelSecrets overlay(ChannelSecrets first, ChannelSecrets then) {
        return (sellerId, channel) -> {
            Credentials c = first.forChannel(sellerId, channel);
            return c.isEmpty() ? then.forChannel(sellerId, channel) : c;
        };
    }

    /** Secrets held in memory (the demo's simulator keys, tests). */
    final class InMemory implements ChannelSecrets {
        private final Map<String, Map<String, String>> byChannel = new ConcurrentHashMap<>();

        public InMemory put(long sellerId, String channel, String key, String value) {
            byChannel.computeIfAbsent(sellerId + "." + channel, k -> new ConcurrentHashMap<>()).put(key, value);
            return this;
        }

        @Override
        public Credentials forChannel(long sellerId, String channel) {
            return new Credentials(new HashMap<>(byChannel.getOrDefault(sellerId + "." + channel, Map.of())));
        }
    }
}
