package dev.stockroom.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/** One pooled connection to the shared database for one login, and jOOQ over it. */
public final class Database implements AutoCloseable {
    private final HikariDataSource pool;
    private final DSLContext dsl;
    private final String url;
    private final String user;
    private final long sellerId;
    private final char[] password;  // held in memory for this run only (dedicated connections), never written

    private Database(HikariDataSource pool, String url, String user, char[] password, long sellerId) {
        this.pool = pool;
        this.dsl = DSL.using(pool, SQLDialect.POSTGRES);
        this.url = url;
        this.user = user;
        this.password = password == null ? null : password.clone();
        this.sellerId = sellerId;
    }

    public static Database connect(String url, String user, char[] password, long sellerId, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        if (password != null) {
            config.setPassword(new String(password));
        }
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(Math.min(2, poolSize));
        config.setPoolName("stockroom-" + user);
        config.setConnectionTimeout(10_000);
        // Fail fast with a clear message instead of waiting when the server is not there at all.
        config.setInitializationFailTimeout(1);
        config.addDataSourceProperty("ApplicationName", "stockroom");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        config.addDataSourceProperty("connectTimeout", "5");
        config.addDataSourceProperty("socketTimeout", "120");
        try {
            return new Database(new HikariDataSource(config), url, user, password, sellerId);
        } catch (RuntimeException e) {
            throw ConnectionProblems.explain(e, url, user);
        }
    }

    public DataSource dataSource() {
        return pool;
    }

    public DSLContext dsl() {
        return dsl;
    }

    public Connection connection() throws SQLException {
        return pool.getConnection();
    }

    /** A connection of its own, outside the pool: for the stock watch, which must not wait for a pooled one. */
    public Connection openDirect() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        if (password != null) {
            props.setProperty("password", new String(password));
        }
        props.setProperty("ApplicationName", "stockroom-watch");
        props.setProperty("connectTimeout", "3");
        props.setProperty("socketTimeout", "10");
        props.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(url, props);
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public long sellerId() {
        return sellerId;
    }

    @Override
    public void close() {
        pool.close();
    }
}
