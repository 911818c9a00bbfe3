package dev.stockroom.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;

/**
 * The saved connection profiles, in {@code profiles.properties} in the config directory.
 * The file never holds a password: {@link #save} has no way to write one, and {@link #load}
 * refuses a file that has one.
 */
public final class ConnectionProfiles {
    private final Path file;

    public ConnectionProfiles(Path file) {
        this.file = file;
    }

    public static ConnectionProfiles inConfigDir() {
        return new ConnectionProfiles(AppDirectories.configDir().resolve("profiles.properties"));
    }

    public Path file() {
        return file;
    }

    public List<ConnectionProfile> load() {
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the saved connections in " + file + ": " + e.getMessage(), e);
            }
        }
        for (String key : p.stringPropertyNames()) {
            if (key.toLowerCase().contains("password")) {
                throw new IllegalStateException(file + " holds a password (" + key + "): Stockroom never keeps passwords in"
                        + " plain text. Remove the line and put the password in ~/.pgpass instead.");
            }
        }
        List<ConnectionProfile> out = new ArrayList<>();
        for (int i = 1; p.containsKey(i + ".name"); i++) {
            String k = i + ".";
            out.add(new ConnectionProfile(p.getProperty(k + "name"), p.getProperty(k + "host", "localhost"),
                    parseInt(p.getProperty(k + "port"), ConnectionProfile.DEFAULT_PORT), p.getProperty(k + "database", "stockroom"),
                    p.getProperty(k + "user", System.getProperty("user.name")), p.getProperty(k + "tls", "prefer"),
                    parseInt(p.getProperty(k + "seller"), 1)));
        }
        return out;
    }

    /** Adds or replaces (by name) a profile and writes the file. */
    public List<ConnectionProfile> save(ConnectionProfile profile) {
        List<ConnectionProfile> all = new ArrayList<>(load());
        all.removeIf(p -> p.name().equalsIgnoreCase(profile.name()));
        all.add(profile);
        all.sort(Comparator.comparing(ConnectionProfile::name, String.CASE_INSENSITIVE_ORDER));
        write(all);
        return all;
    }

    public List<ConnectionProfile> delete(String name) {
        List<ConnectionProfile> all = new ArrayList<>(load());
        all.removeIf(p -> p.name().equalsIgnoreCase(name));
        write(all);
        return all;
    }

    private void write(List<ConnectionProfile> all) {
        Properties p = new Properties();
        for (int i = 0; i < all.size(); i++) {
            ConnectionProfile c = all.get(i);
            String k = (i + 1) + ".";
            p.setProperty(k + "name", c.name());
            p.setProperty(k + "host", c.host());
            p.setProperty(k + "port", Integer.toString(c.port()));
            p.setProperty(k + "database", c.database());
            p.setProperty(k + "user", c.user());
            p.setProperty(k + "tls", c.tlsMode());
            p.setProperty(k + "seller", Long.toString(c.sellerId()));
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                p.store(out, "Stockroom saved connections (no passwords: use ~/.pgpass)");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save connections to " + file + ": " + e.getMessage(), e);
        }
    }

    private static int parseInt(String s, int fallback) {
        try {
            return s == null ? fallback : Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
