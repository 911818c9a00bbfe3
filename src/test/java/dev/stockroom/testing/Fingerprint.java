package dev.stockroom.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The content of every Stockroom table as the superuser sees it, boiled down to one digest per
 * table: two equal fingerprints mean nothing was written in between.
 */
public final class Fingerprint {
    private Fingerprint() {
    }

    /** Every table of the stockroom schema but the {@code except} ones (the rejection log, typically). */
    public static String of(TestDatabase db, Set<String> except) {
        List<String> parts = new ArrayList<>();
        try (Connection c = db.admin().getConnection(); Statement st = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    + "WHERE n.nspname = 'stockroom' AND c.relkind IN ('r', 'p') ORDER BY 1")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                if (except.contains(table)) {
                    continue;
                }
                try (ResultSet rs = st.executeQuery("SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM stockroom."
                        + table + " t")) {
                    rs.next();
                    parts.add(table + "=" + rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return String.join("\n", parts);
    }
}
