package dev.stockroom.db;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * A saved way in to a shared Stockroom database: server, database, login, TLS mode and seller.
 * Never a password: that comes from ~/.pgpass (read by the driver) or is typed for one run.
 */
public record ConnectionProfile(String name, String host, int port, String database, String user, String tlsMode, long sellerId) {
    /** pgjdbc's sslmode values, weakest first, as the connection screen offers them. */
    public static final List<String> TLS_MODES = List.of("disable", "prefer", "require", "verify-ca", "verify-full");
    public static final int DEFAULT_PORT = 5432;

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + URLEncoder.encode(database, StandardCharsets.UTF_8)
                + "?sslmode=" + tlsMode;
    }

    /** The settings to open this profile with; {@code typedPassword} is for this run only (null: ~/.pgpass). */
    public DatabaseSettings settings(char[] typedPassword) {
        char[] pw = typedPassword == null || typedPassword.length == 0 ? null : typedPassword;
        return new DatabaseSettings(Optional.of(jdbcUrl()), Optional.of(user), Optional.ofNullable(pw), sellerId);
    }

    /** "alice @ db.example.com:5432/stockroom" for lists. */
    public String describe() {
        return user + " @ " + host + ":" + port + "/" + database;
    }
}
