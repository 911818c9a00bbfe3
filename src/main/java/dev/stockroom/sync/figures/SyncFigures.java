package dev.stockroom.sync.figures;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * What the console shows about sync (the "Channels and sync" screen, the dashboard's health
 * tile): per channel the queue, its oldest wait, pushes and failures in the last minute and the
 * last error; per listing what went wrong; the drift found. Plus the seller's controls: retry
 * now, hold pushes, stop selling. Reads run under the login's row-level security.
 */
public final class SyncFigures {
    private final DataSource ds;
    private final long sellerId;

    public SyncFigures(DataSource ds, long sellerId) {
        this.ds = ds;
        this.sellerId = sellerId;
    }

    public record ChannelHealth(String channel, String kind, String name, boolean sellingPaused, boolean syncPaused, long waiting,
                                long parked, Duration oldestWait, long pushesLastMinute, long failuresLastMinute, String lastError,
                                Instant lastPushAt) {
    }

    public record ListingProblem(String sku, String channel, String error, int attempts, boolean parked, Instant nextAttempt) {
        /** A file channel's listing waiting for the seller to upload the file written for it: not a failure. */
        public boolean awaitingUpload() {
            return parked && error != null && error.startsWith("Waiting for upload: ");
        }

        /** The upload file this listing waits on, or null. */
        public String uploadFile() {
            return awaitingUpload() ? error.substring("Waiting for upload: ".length()).strip() : null;
        }
    }

    public record Drift(String sku, String channel, Integer expected, Integer found, String message, Instant foundAt) {
    }

    /** One push of one listing as {@code sync_attempt} recorded it. */
    public record Attempt(long id, String sku, String channel, Integer quantity, Integer httpStatus, Integer latencyMillis, String outcome,
                          String error, Instant retryAt, Instant attemptedAt) {
    }

    public List<ChannelHealth> channels() {
        // "(SELECT now() - ...)": under row-level security a bound computed by functions that are not
        // leakproof is applied after the policy, as a filter over every attempt, not as an index range.
        String sql = """
                SELECT c.channel, c.kind, c.name, c.paused, c.sync_paused,
                       (SELECT count(*) FROM stockroom.sync_outbox o WHERE o.seller_id = c.seller_id AND o.channel = c.channel AND NOT o.parked),
                       (SELECT count(*) FROM stockroom.sync_outbox o WHERE o.seller_id = c.seller_id AND o.channel = c.channel AND o.parked),
                       (SELECT extract(epoch FROM now() - min(o.created_at)) FROM stockroom.sync_outbox o
                         WHERE o.seller_id = c.seller_id AND o.channel = c.channel AND NOT o.parked),
                       (SELECT count(*) FROM stockroom.sync_attempt a WHERE a.seller_id = c.seller_id AND a.channel = c.channel
                           AND a.outcome = 'pushed' AND a.attempted_at > (SELECT now() - interval '1 minute')),
                       (SELECT count(*) FROM stockroom.sync_attempt a WHERE a.seller_id = c.seller_id AND a.channel = c.channel
                           AND a.outcome IN ('retry', 'throttled', 'parked') AND a.attempted_at > (SELECT now() - interval '1 minute')
                           AND a.error NOT LIKE 'Waiting for upload: %'),
                       (SELECT a.error FROM stockroom.sync_attempt a WHERE a.seller_id = c.seller_id AND a.channel = c.channel
                           AND a.error IS NOT NULL ORDER BY a.attempt_id DESC LIMIT 1),
                       (SELECT max(l.last_pushed_at) FROM stockroom.listing l WHERE l.seller_id = c.seller_id AND l.channel = c.channel)
                  FROM stockroom.channel c WHERE c.seller_id = ? ORDER BY c.channel""";
        List<ChannelHealth> out = new ArrayList<>();
        query(sql, rs -> {
            double oldest = rs.getDouble(8);
            boolean none = rs.wasNull();
            OffsetDateTime last = rs.getObject(12, OffsetDateTime.class);
            out.add(new ChannelHealth(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getBoolean(5), rs.getLong(6),
                    rs.getLong(7), none ? Duration.ZERO : Duration.ofMillis((long) (oldest * 1000)), rs.getLong(9), rs.getLong(10),
                    rs.getString(11), last == null ? null : last.toInstant()));
        });
        return out;
    }

    /** Listings whose last push failed, parked ones first. */
    public List<ListingProblem> listingProblems() {
        String sql = """
                SELECT s.code, o.channel, o.last_error, o.attempts, o.parked, o.due_at
                  FROM stockroom.sync_outbox o JOIN stockroom.sku s ON s.seller_id = o.seller_id AND s.sku_id = o.sku_id
                 WHERE o.seller_id = ? AND o.last_error IS NOT NULL
                 ORDER BY o.parked DESC, o.attempts DESC, s.code LIMIT 500""";
        List<ListingProblem> out = new ArrayList<>();
        query(sql, rs -> out.add(new ListingProblem(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getBoolean(5),
                rs.getObject(6, OffsetDateTime.class).toInstant())));
        return out;
    }

    public List<Drift> drift(int limit) {
        String sql = """
                SELECT s.code, d.channel, d.expected, d.found, d.message, d.found_at
                  FROM stockroom.sync_drift d JOIN stockroom.sku s ON s.seller_id = d.seller_id AND s.sku_id = d.sku_id
                 WHERE d.seller_id = ? ORDER BY d.drift_id DESC LIMIT %d""".formatted(Math.max(1, Math.min(limit, 1000)));
        List<Drift> out = new ArrayList<>();
        query(sql, rs -> {
            int e = rs.getInt(3);
            Integer expected = rs.wasNull() ? null : e;
            int f = rs.getInt(4);
            Integer found = rs.wasNull() ? null : f;
            out.add(new Drift(rs.getString(1), rs.getString(2), expected, found, rs.getString(5), rs.getObject(6, OffsetDateTime.class).toInstant()));
        });
        return out;
    }

    /** The latest pushes, newest first: of one channel, or of all when {@code channel} is null. */
    public List<Attempt> recentAttempts(String channel, int limit) {
        String sql = """
                SELECT a.attempt_id, s.code, a.channel, a.quantity, a.http_status, a.latency_ms, a.outcome, a.error, a.retry_at, a.attempted_at
                  FROM stockroom.sync_attempt a JOIN stockroom.sku s ON s.seller_id = a.seller_id AND s.sku_id = a.sku_id
                 WHERE a.seller_id = ? AND (CAST(? AS varchar) IS NULL OR a.channel = ?)
                 ORDER BY a.attempt_id DESC LIMIT %d""".formatted(Math.max(1, Math.min(limit, 1000)));
        List<Attempt> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, sellerId);
            ps.setString(2, channel);
            ps.setString(3, channel);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    OffsetDateTime retry = rs.getObject(9, OffsetDateTime.class);
                    out.add(new Attempt(rs.getLong(1), rs.getString(2), rs.getString(3), integer(rs, 4), integer(rs, 5), integer(rs, 6),
                            rs.getString(7), rs.getString(8), retry == null ? null : retry.toInstant(),
                            rs.getObject(10, OffsetDateTime.class).toInstant()));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the sync attempts: " + e.getMessage(), e);
        }
        return out;
    }

    /** Saves a channel's settings (JSON; the database refuses anything that looks like a secret). */
    public void saveSettings(String channel, String settingsJson) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT stockroom.set_channel_settings(?, ?, ?::jsonb)")) {
            ps.setLong(1, sellerId);
            ps.setString(2, channel);
            ps.setString(3, settingsJson);
            ps.execute();
        } catch (SQLException e) {
            throw new IllegalArgumentException(serverSentence(e), e);
        }
    }

    /** A channel's settings as saved (JSON text). */
    public String settings(String channel) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT settings FROM stockroom.channel WHERE seller_id = ? AND channel = ?")) {
            ps.setLong(1, sellerId);
            ps.setString(2, channel);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : "{}";
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the channel settings: " + e.getMessage(), e);
        }
    }

    private static Integer integer(ResultSet rs, int column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    /** "Retry now": parked and waiting listings of a channel (all channels when null; one SKU when given) go at once. */
    public int retryNow(String channel, String sku) {
        return call("SELECT stockroom.sync_retry_now(?, ?, ?)", channel, sku, null);
    }

    /** Holds pushes to a channel (it keeps showing its last quantity) or resumes them. */
    public void holdPushes(String channel, boolean hold) {
        call("SELECT 0 FROM stockroom.set_sync_paused(?, ?, ?)", channel, null, hold);
    }

    /** Stops selling on a channel (it is shown 0) or starts again. */
    public void stopSelling(String channel, boolean stop) {
        call("SELECT 0 FROM stockroom.set_channel_paused(?, ?, ?)", channel, null, stop);
    }

    private interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    private void query(String sql, Row row) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, sellerId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    row.read(rs);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the sync figures: " + e.getMessage(), e);
        }
    }

    private int call(String sql, String channel, String sku, Boolean flag) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, sellerId);
            ps.setString(2, channel);
            if (flag != null) {
                ps.setBoolean(3, flag);
            } else {
                ps.setObject(3, sku, Types.VARCHAR);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalArgumentException(serverSentence(e), e);
        }
    }

    private static String serverSentence(SQLException e) {
        if (e instanceof org.postgresql.util.PSQLException p && p.getServerErrorMessage() != null) {
            return p.getServerErrorMessage().getMessage();
        }
        return e.getMessage();
    }
}
