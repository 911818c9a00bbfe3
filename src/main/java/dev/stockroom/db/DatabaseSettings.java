package dev.stockroom.db;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Where the console's database is and who logs in. Read, in increasing priority, from the
 * config file ({@code ~/.config/stockroom/stockroom.properties}), the environment
 * ({@code STOCKROOM_DB_URL}, {@code STOCKROOM_DB_USER}, {@code STOCKROOM_SELLER}) and the
 * command line. With no URL anywhere, Stockroom runs its embedded PostgreSQL.
 *
 * <p>Passwords are never read from or written to our files: pgjdbc reads {@code ~/.pgpass}
 * itself when no password is given, and a prompt may supply one for this run only.
 */
public record DatabaseSettings(Optional<String> url, Optional<String> user, Optional<char[]> password, long sellerId) {

    public static final String URL_KEY = "db.url";
    public static final String USER_KEY = "db.user";
    public static final String SELLER_KEY = "seller";

    public boolean embedded() {
        return url.isEmpty();
    }

    public DatabaseSettings withPassword(char[] typed) {
        return new DatabaseSettings(url, user, Optional.ofNullable(typed), sellerId);
    }

    /** Reads the config file and the environment; command-line values override with {@link #override}. */
    public static DatabaseSettings load(Path configFile, Map<String, String> env) {
        Properties file = new Properties();
        if (Files.isRegularFile(configFile)) {
            try (InputStream in = Files.newInputStream(configFile)) {
                file.load(in);
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read " + configFile + ": " + e.getMessage(), e);
            }
        }
        if (file.containsKey("db.password")) {
            throw new IllegalStateException(configFile + " holds db.password: Stockroom never keeps passwords in plain text."
                    + " Remove the line and put the password in ~/.pgpass instead.");
        }
        String url = firstNonBlank(env.get("STOCKROOM_DB_URL"), file.getProperty(URL_KEY));
        String user = firstNonBlank(env.get("STOCKROOM_DB_USER"), file.getProperty(USER_KEY));
        String seller = firstNonBlank(env.get("STOCKROOM_SELLER"), file.getProperty(SELLER_KEY));
        return new DatabaseSettings(Optional.ofNullable(url), Optional.ofNullable(user), Optional.empty(), parseSeller(seller));
    }

    public static DatabaseSettings load() {
        return load(AppDirectories.configFile(), System.getenv());
    }

    public DatabaseSettings override(String cliUrl, String cliUser, Long cliSeller) {
        return new DatabaseSettings(
                cliUrl != null ? Optional.of(cliUrl) : url,
                cliUser != null ? Optional.of(cliUser) : user,
                password,
                cliSeller != null ? cliSeller : sellerId);
    }

    private static long parseSeller(String seller) {
        if (seller == null) {
            return 1L;
        }
        try {
            return Long.parseLong(seller.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("seller must be a number (the seller id), got \"" + seller + "\"");
        }
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }
}
