package dev.stockroom.allocation;

import dev.stockroom.db.DatabaseUnavailableException;
import dev.stockroom.ledger.KernelException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.postgresql.util.PSQLException;

/**
 * Channel allocation rules, what each channel is shown (with why), and what it would be shown
 * under rules not yet saved. A thin face over the SQL engine in {@code sql/V6__allocation.sql}:
 * Java computes no allocation itself (sql/ALLOCATION.md has the semantics).
 */
public final class Allocation {
    private final DataSource ds;
    private final long sellerId;

    public Allocation(DataSource ds, long sellerId) {
        this.ds = Objects.requireNonNull(ds);
        this.sellerId = sellerId;
    }

    public long sellerId() {
        return sellerId;
    }

    // ------------------------------------------------------------------ rules

    /** Every saved rule, by channel, the channel-wide rule first. */
    public List<AllocationRule> rules() {
        return query("SELECT * FROM stockroom.rule_list(?)", ps -> { }, rs -> new AllocationRule(
                rs.getString("channel"), rs.getString("sku"),
                new RuleSettings(integer(rs, "ring_fence"), integer(rs, "max_percent"), integer(rs, "max_units"),
                        integer(rs, "buffer"), bool(rs, "paused")),
                rs.getString("words"), rs.getString("updated_by"),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant()));
    }

    /**
     * Changes the rule of a channel ({@code sku} null: for all its SKUs) or of one SKU on it:
     * the settings the change names are set or cleared, the others kept. Refused with a
     * sentence (nothing saved) for a bad setting; warnings come back in the result.
     */
    public RuleChangeResult setRule(String channel, String sku, RuleChange change) {
        return one("SELECT * FROM stockroom.set_rule(?, ?, ?, CAST(? AS jsonb))", ps -> {
            ps.setString(2, channel);
            ps.setString(3, sku);
            ps.setString(4, change.toJson());
        }, Allocation::changeResult);
    }

    public RuleChangeResult removeRule(String channel, String sku) {
        return one("SELECT * FROM stockroom.remove_rule(?, ?, ?)", ps -> {
            ps.setString(2, channel);
            ps.setString(3, sku);
        }, Allocation::changeResult);
    }

    /** Newest first. */
    public List<RuleHistoryEntry> history(int limit) {
        return query("SELECT h.change_id, h.channel, s.code, h.action, h.before_rule, h.after_rule, h.warnings, h.changed_by, h.changed_at "
                + "FROM stockroom.allocation_rule_change h "
                + "LEFT JOIN stockroom.sku s ON s.seller_id = h.seller_id AND s.sku_id = h.sku_id "
                + "WHERE h.seller_id = ? ORDER BY h.change_id DESC LIMIT ?", ps -> ps.setInt(2, limit),
                rs -> new RuleHistoryEntry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getString(8), rs.getObject(9, OffsetDateTime.class).toInstant()));
    }

    // ------------------------------------------------------------ allocations

    /** What every channel is shown of one SKU (a kit: of its whole kits), with the explanation. */
    public List<ChannelAllocation> show(String sku) {
        Objects.requireNonNull(sku, "sku");
        return query("SELECT * FROM stockroom.allocation(?, ?)", ps -> ps.setString(2, sku), Allocation::allocation);
    }

    /** Every SKU on every channel. */
    public List<ChannelAllocation> showAll() {
        return query("SELECT * FROM stockroom.allocation(?, NULL)", ps -> { }, Allocation::allocation);
    }

    /**
     * What each channel would be shown if these rules were saved (each applied to the saved rule
     * of its scope as {@link #setRule} would), saving nothing.
     *
     * @param sku       one SKU, or null for every SKU
     * @param available a what-if available instead of the SKU's own (with no SKU: an imaginary
     *                  SKU under the channel-wide rules), or null
     * @param onlyGiven ignore the saved rules: only the given ones apply
     */
    public List<ChannelAllocation> preview(List<ProposedRule> rules, String sku, Integer available, boolean onlyGiven) {
        return query("SELECT * FROM stockroom.allocation_preview(?, CAST(? AS jsonb), ?, ?, ?)", ps -> {
            ps.setString(2, Json.rules(rules));
            ps.setString(3, sku);
            if (available == null) {
                ps.setNull(4, Types.INTEGER);
            } else {
                ps.setInt(4, available);
            }
            ps.setBoolean(5, onlyGiven);
        }, Allocation::allocation);
    }

    /** The warnings saving these rules would give (refusals are thrown, as saving would). */
    public List<String> warnings(List<ProposedRule> rules) {
        return query("SELECT * FROM stockroom.rule_warnings(?, CAST(? AS jsonb))", ps -> ps.setString(2, Json.rules(rules)),
                rs -> rs.getString(1));
    }

    // --------------------------------------------------------------- plumbing

    private interface Params {
        void set(PreparedStatement ps) throws SQLException;
    }

    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, Params params, Row<T> row) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, sellerId);
            params.set(ps);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row.read(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw problem(e);
        }
    }

    private <T> T one(String sql, Params params, Row<T> row) {
        return query(sql, params, row).get(0);
    }

    private static ChannelAllocation allocation(ResultSet rs) throws SQLException {
        return new ChannelAllocation(rs.getString("sku"), rs.getString("channel"), rs.getInt("available"),
                rs.getInt("quantity"), rs.getString("rule"), rs.getString("explanation"));
    }

    private static RuleChangeResult changeResult(ResultSet rs) throws SQLException {
        Array warnings = rs.getArray("warnings");
        List<String> list = warnings == null ? List.of() : Arrays.asList((String[]) warnings.getArray());
        return new RuleChangeResult(rs.getLong("change_id"), rs.getString("rule"), List.copyOf(list),
                rs.getInt("listings_queued"), rs.getString("message"));
    }

    private static Integer integer(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    private static Boolean bool(ResultSet rs, String column) throws SQLException {
        boolean v = rs.getBoolean(column);
        return rs.wasNull() ? null : v;
    }

    /** The database's own sentence for a refusal; a lost connection says so. */
    private static RuntimeException problem(SQLException e) {
        String state = e.getSQLState();
        if (state != null && state.startsWith("08")) {
            return new DatabaseUnavailableException("The database did not answer; the rules were not read or changed. Try again.", e);
        }
        if ("42501".equals(state) && e.getMessage() != null && e.getMessage().contains("permission denied for function")) {
            return new KernelException("this login may not change allocation rules: only a seller login may", state, e);
        }
        String text = e.getMessage();
        if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
            text = p.getServerErrorMessage().getMessage();
            if (p.getServerErrorMessage().getHint() != null) {
                text += " " + p.getServerErrorMessage().getHint();
            }
        }
        return new KernelException(text, state, e);
    }
}
