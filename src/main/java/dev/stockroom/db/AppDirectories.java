package dev.stockroom.db;

import java.nio.file.Path;

/** The user's own directories (XDG on Linux), never the install directory: data survives an upgrade. */
public final class AppDirectories {
    private AppDirectories() {
    }

    public static Path configDir() {
        String override = System.getProperty("stockroom.config.dir");
        if (override != null) {
            return Path.of(override);
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : home().resolve(".config")).resolve("stockroom");
    }

    public static Path dataDir() {
        String override = System.getProperty("stockroom.data.dir");
        if (override != null) {
            return Path.of(override);
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : home().resolve(".local").resolve("share")).resolve("stockroom");
    }

    public static Path configFile() {
        return configDir().resolve("stockroom.properties");
    }

    private static Path home() {
        return Path.of(System.getProperty("user.home"));
    }
}
