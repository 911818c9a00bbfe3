package dev.stockroom.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.stockroom.db.EmbeddedDatabase;
import dev.stockroom.db.Migrations;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A throw-away database for one bench run: {@value #NAME} (or the name given) on the given
 * server (created fresh, migrated), a seller and its login {@value #LOGIN}, plus plain tables for the
 * baselines. Without a server URL, an embedded PostgreSQL with durable commits.
 */
final class BenchDatabase implements AutoCloseable {
    static final String NAME = "stockroom_bench";
    static final String LOGIN = "stockroom_bench";

    final String name;
    final String url;
    final String host;
    final int port;
    final String adminUser;
    final long sellerId;
    private final EmbeddedDatabase embedded;
    private final List<HikariDataSource> pools = new ArrayList<>();
    private HikariDataSource setup;

    private BenchDatabase(String name, String url, String adminUser, EmbeddedDatabase embedded) {
        this.name = name;
        this.url = url;
        this.adminUser = adminUser;
        this.embedded = embedded;
        URI uri = URI.create(url.substring("jdbc:".length()));
        this.host = uri.getHost();
        this.port = uri.getPort() < 0 ? 5432 : uri.getPort();
        this.sellerId = prepare();
    }

    /**
     * @param serverUrl a JDBC URL to any database on the server to use, or null for embedded
     * @param name the database to drop and create (runs side by side use different names)
     */
    static BenchDatabase open(String serverUrl, String adminUser, String name) throws Exception {
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("--bench-db must be a plain lower-case database name (letters, digits, _), got \"" + name + "\"");
        }
        if (name.equals("postgres") || name.startsWith("template")) {
            throw new IllegalArgumentException("--bench-db " + name + " is a system database: the bench drops and creates it; choose another name");
        }
        if (serverUrl == null) {
            Path dir = Files.createTempDirectory("stockroom-bench");
            EmbeddedDatabase pg = EmbeddedDatabase.start(dir.resolve("pg"), 54399);
            return new BenchDatabase(name, pg.jdbcUrl().replaceAll("/[^/]*$", "/" + name), EmbeddedDatabase.SUPERUSER, pg);
        }
        String benchUrl = serverUrl.replaceAll("/[^/?]*(\\?.*)?$", "/" + name + "$1");
        return new BenchDatabase(name, benchUrl, adminUser, null);
    }

    private long prepare() {
        String maintenance = url.replace("/" + name, "/postgres");
        try (HikariDataSource m = pool(maintenance, adminUser, 1); Connection c = m.getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the bench database: " + e.getMessage(), e);
        }
        HikariDataSource admin = admin(2);
        setup = admin;
        Migrations.migrate(admin);
        exec(admin, "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + LOGIN + "') THEN CREATE ROLE "
                + LOGIN + " LOGIN; END IF; END $$");
        exec(admin, "GRANT stockroom_seller TO " + LOGIN);
        exec(admin, "CREATE TABLE public.bench_stock (id integer PRIMARY KEY, on_hand integer NOT NULL)");
        exec(admin, "CREATE TABLE public.bench_sale (id bigserial PRIMARY KEY, stock_id integer NOT NULL, channel text, at timestamptz NOT NULL DEFAULT now())");
        return Long.parseLong(query(admin, "SELECT stockroom.create_seller('Bench', '" + LOGIN + "')"));
    }

    /** The superuser pool used for setup (two connections). */
    HikariDataSource setup() {
        return setup;
    }

    HikariDataSource admin(int size) {
        return track(pool(url, adminUser, size));
    }

    HikariDataSource seller(int size) {
        return track(pool(url, LOGIN, size));
    }

    private HikariDataSource track(HikariDataSource ds) {
        pools.add(ds);
        return ds;
    }

    static HikariDataSource pool(String url, String user, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(size);
        config.setConnectionTimeout(60_000);
        return new HikariDataSource(config);
    }

    static void exec(javax.sql.DataSource ds, String sql) {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    static String query(javax.sql.DataSource ds, String sql) {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** The machine and the settings that shape every figure. */
    void describe(PrintWriter out) {
        HikariDataSource admin = setup;
        out.printf("machine : %d cores, %d MiB max heap, %s %s, Java %s%n", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("os.name"), System.getProperty("os.arch"),
                System.getProperty("java.version"));
        out.printf("database: %s (%s)%n", query(admin, "SELECT split_part(version(), ' on ', 1)"),
                embedded != null ? "embedded" : url);
        out.printf("settings: synchronous_commit=%s fsync=%s shared_buffers=%s max_connections=%s%n",
                query(admin, "SHOW synchronous_commit"), query(admin, "SHOW fsync"), query(admin, "SHOW shared_buffers"),
                query(admin, "SHOW max_connections"));
    }

    int maxConnections() {
        return Integer.parseInt(query(setup, "SHOW max_connections"));
    }

    @Override
    public void close() {
        pools.forEach(HikariDataSource::close);
        if (embedded != null) {
            embedded.close();
        }
    }
}
