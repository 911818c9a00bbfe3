package dev.stockroom.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * An open database for this process: either the embedded default (started, migrated, with
 * demo data on first run, used through the local login {@value #LOCAL_LOGIN}) or a shared
 * server reached with the person's own login (checked, never migrated from a desk).
 */
public final class DatabaseSession implements AutoCloseable {
    public static final String LOCAL_LOGIN = "desk";

    private final Database database;
    private final EmbeddedDatabase embedded;

    private DatabaseSession(Database database, EmbeddedDatabase embedded) {
        this.database = database;
        this.embedded = embedded;
    }

    /**
     * @param firstRun seeds a fresh embedded database (called with an administrator data source
     *                 and the seller id to fill); ignored for a shared server
     */
    public static DatabaseSession open(DatabaseSettings settings, int poolSize, Consumer<DataSource> firstRun) {
        if (settings.embedded()) {
            EmbeddedDatabase embedded = EmbeddedDatabase.start();
            try {
                prepareEmbedded(embedded.jdbcUrl(), firstRun);
                return new DatabaseSession(Database.connect(embedded.jdbcUrl(), LOCAL_LOGIN, null, 1L, poolSize), embedded);
            } catch (RuntimeException e) {
                embedded.close();
                throw e;
            }
        }
        String url = settings.url().orElseThrow();
        String user = settings.user().orElse(System.getProperty("user.name"));
        Database db = Database.connect(url, user, settings.password().orElse(null), settings.sellerId(), poolSize);
        try (Connection c = db.connection()) {
            Migrations.checkSchema(c, Migrations.SCHEMA_VERSION);
        } catch (SQLException e) {
            db.close();
            throw ConnectionProblems.explain(e, url, user);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return new DatabaseSession(db, null);
    }

    /** Migrates the embedded database as its superuser and makes sure the local login exists. */
    static void prepareEmbedded(String url, Consumer<DataSource> firstRun) {
        try (HikariDataSource admin = adminPool(url, EmbeddedDatabase.SUPERUSER, null)) {
            Migrations.migrate(admin);
            boolean fresh;
            try (Connection c = admin.getConnection(); Statement st = c.createStatement()) {
                st.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + LOCAL_LOGIN + "') THEN "
                        + "CREATE ROLE " + LOCAL_LOGIN + " LOGIN; END IF; END $$");
                st.execute("GRANT stockroom_seller TO " + LOCAL_LOGIN);
                try (var rs = st.executeQuery("SELECT NOT EXISTS (SELECT 1 FROM stockroom.seller)")) {
                    rs.next();
                    fresh = rs.getBoolean(1);
                }
                if (fresh) {
                    st.execute("SELECT stockroom.create_seller('Demo Seller', '" + LOCAL_LOGIN + "')");
                }
            } catch (SQLException e) {
                throw ConnectionProblems.explain(e, url, EmbeddedDatabase.SUPERUSER);
            }
            if (fresh && firstRun != null) {
                try (HikariDataSource desk = adminPool(url, LOCAL_LOGIN, null)) {
                    firstRun.accept(desk);
                }
            }
        }
    }

    /** A small pool for one-off administrative work (migrations, seeding). */
    public static HikariDataSource adminPool(String url, String user, char[] password) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        if (password != null) {
            config.setPassword(new String(password));
        }
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(0);
        config.setPoolName("stockroom-admin");
        config.setInitializationFailTimeout(1);
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw ConnectionProblems.explain(e, url, user);
        }
    }

    public Database database() {
        return database;
    }

    public boolean embedded() {
        return embedded != null;
    }

    @Override
    public void close() {
        database.close();
        if (embedded != null) {
            embedded.close();
        }
    }
}
