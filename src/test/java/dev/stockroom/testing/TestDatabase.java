package dev.stockroom.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.stockroom.db.Migrations;
import dev.stockroom.ledger.StockKernel;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A real PostgreSQL for tests: one embedded PostgreSQL 17 server per test JVM, and a fresh,
 * migrated database per call of {@link #fresh()}. Logins are real roles (cluster-wide, so
 * created once); memberships are per database.
 */
public final class TestDatabase implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres server;

    private final String name;
    private final HikariDataSource admin;
    private final List<HikariDataSource> pools = new ArrayList<>();

    private TestDatabase(String name) {
        this.name = name;
        this.admin = pool("postgres", 4);
    }

    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder()
                        .setServerConfig("max_connections", "400")
                        .setServerConfig("fsync", "off")   // tests assert correctness, not durability; the bench measures with fsync on
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (IOException ignored) {
                    // the JVM is going away
                }
            }));
        }
        return server;
    }

    /** A new database with this build's schema, owned by the test. */
    public static TestDatabase fresh() {
        String name = "t_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection c = server().getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        TestDatabase db = new TestDatabase(name);
        Migrations.migrate(db.admin);
        return db;
    }

    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + server().getPort() + "/" + name;
    }

    public int port() {
        return server().getPort();
    }

    public String name() {
        return name;
    }

    /** The superuser: for setup and for tampering behind the kernel's back. */
    public DataSource admin() {
        return admin;
    }

    public void exec(String sql) {
        try (Connection c = admin.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    public long queryLong(String sql) {
        try (Connection c = admin.getConnection(); Statement st = c.createStatement(); var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Creates a seller whose first login (a seller role) is {@code login}; returns its id. */
    public long newSeller(String sellerName, String login) {
        ensureLogin(login, "seller");
        return queryLong("SELECT stockroom.create_seller('" + sellerName + "', '" + login + "')");
    }

    /** Makes {@code login} a member of {@code sellerId} with {@code role} (seller, staff, auditor, sync). */
    public void member(long sellerId, String login, String role) {
        ensureLogin(login, role);
        exec("INSERT INTO stockroom.member (seller_id, login, role) VALUES (" + sellerId + ", '" + login + "', '" + role
                + "') ON CONFLICT (seller_id, login) DO UPDATE SET role = excluded.role");
    }

    private void ensureLogin(String login, String role) {
        exec("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + login + "') THEN CREATE ROLE "
                + login + " LOGIN; END IF; END $$");
        exec("GRANT stockroom_" + role + " TO " + login);
    }

    /** A pool that logs in as {@code login}. */
    public HikariDataSource as(String login, int size) {
        HikariDataSource ds = pool(login, size);
        pools.add(ds);
        return ds;
    }

    public StockKernel kernel(String login, long sellerId) {
        return new StockKernel(as(login, 8), sellerId);
    }

    private HikariDataSource pool(String user, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url());
        config.setUsername(user);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(0);
        return new HikariDataSource(config);
    }

    @Override
    public void close() {
        pools.forEach(HikariDataSource::close);
        admin.close();
        try (Connection c = server().getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            // leave it: the server is thrown away with the JVM
        }
    }
}
