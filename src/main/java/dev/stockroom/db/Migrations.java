package dev.stockroom.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;

/** Flyway over the scripts in {@code sql/} (shipped in the jar as {@code db/migration}). */
public final class Migrations {
    /** The highest V-number in sql/; a test keeps it equal to the scripts. */
    public static final int SCHEMA_VERSION = 11;

    private Migrations() {
    }

    private static Flyway flyway(DataSource admin) {
        return Flyway.configure()
                .dataSource(admin)
                .locations("classpath:db/migration")
                .table("flyway_schema_history")
                .defaultSchema("public")
                .validateMigrationNaming(true)
                .load();
    }

    /** Brings the database to this build's schema; needs an administrator login. */
    public static MigrateResult migrate(DataSource admin) {
        Flyway flyway = flyway(admin);
        refuseNewerSchema(flyway);
        return flyway.migrate();
    }

    private static void refuseNewerSchema(Flyway flyway) {
        for (MigrationInfo info : flyway.info().applied()) {
            if (!info.getState().isResolved()) {
                throw new DatabaseUnavailableException("This database was set up by a newer version of Stockroom (it has schema "
                        + info.getVersion() + ", which this version does not know). Update Stockroom on this desk.");
            }
        }
    }

    /**
     * For a desk that does not migrate (a shared server): checks that the schema is there and
     * not newer than this build. Works for any login that can read the history table.
     */
    public static void checkSchema(Connection c, int knownVersion) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT max(version::int) FROM public.flyway_schema_history WHERE success")) {
            rs.next();
            int applied = rs.getInt(1);
            if (applied > knownVersion) {
                throw new DatabaseUnavailableException("This database was set up by a newer version of Stockroom (schema "
                        + applied + "; this version knows up to " + knownVersion + "). Update Stockroom on this desk.");
            }
            if (applied < knownVersion) {
                throw new DatabaseUnavailableException("This database has Stockroom schema " + applied + " but this version needs "
                        + knownVersion + ". Ask your administrator to run: stockroom migrate");
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                throw new DatabaseUnavailableException("This database has no Stockroom schema yet. Ask your administrator to run: stockroom migrate", e);
            }
            throw e;
        }
    }
}
