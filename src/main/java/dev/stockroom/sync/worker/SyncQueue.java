package dev.stockroom.sync.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stockroom.sync.channels.Json;
import dev.stockroom.sync.channels.ListingPush;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** The outbox as the worker uses it: every change goes through the sync_* functions (V7, V8; feeds V10). */
public final class SyncQueue {
    private final DataSource ds;
    private final long sellerId;

    public SyncQueue(DataSource ds, long sellerId) {
        this.ds = ds;
        this.sellerId = sellerId;
    }

    public long sellerId() {
        return sellerId;
    }

    /** A channel row as the worker needs it. */
    public record ChannelRow(String channel, String kind, String name, boolean paused, boolean syncPaused, String settings) {
    }

    /** What the channel should show now, read after the row's version. */
    record Snapshot(long skuId, long version, int quantity, Integer lastPushed, Instant lastPushedAt) {
    }

    public List<ChannelRow> channels() throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT channel, kind, name, paused, sync_paused, settings FROM stockroom.channel "
                     + "WHERE seller_id = ? ORDER BY channel")) {
            ps.setLong(1, sellerId);
            List<ChannelRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ChannelRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getBoolean(5), rs.getString(6)));
                }
            }
            return out;
        }
    }

    List<ClaimedListing> claim(String channel, String owner, Instant now, int limit, int leaseSeconds) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT * FROM stockroom.sync_claim(?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, sellerId);
            ps.setString(2, channel);
            ps.setString(3, owner);
            ps.setObject(4, at(now));
            ps.setInt(5, limit);
            ps.setInt(6, leaseSeconds);
            List<ClaimedListing> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ClaimedListing(rs.getLong("sku_id"), rs.getString("sku_code"), rs.getString("external_id"),
                            rs.getLong("version"), rs.getInt("attempts"), rs.getObject("lease_until", OffsetDateTime.class).toInstant()));
                }
            }
            return out;
        }
    }

    Map<Long, Snapshot> snapshot(String channel, String owner, List<Long> skuIds) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT * FROM stockroom.sync_snapshot(?, ?, ?, ?)")) {
            ps.setLong(1, sellerId);
            ps.setString(2, channel);
            ps.setString(3, owner);
            ps.setArray(4, c.createArrayOf("int8", skuIds.toArray()));
            Map<Long, Snapshot> out = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int last = rs.getInt("last_pushed_qty");
                    Integer lastPushed = rs.wasNull() ? null : last;
                    OffsetDateTime at = rs.getObject("last_pushed_at", OffsetDateTime.class);
                    out.put(rs.getLong("sku_id"), new Snapshot(rs.getLong("sku_id"), rs.getLong("version"), rs.getInt("quantity"),
                            lastPushed, at == null ? null : at.toInstant()));
                }
            }
            return out;
        }
    }

    void settle(String channel, String owner, Instant now, int httpStatus, long latencyMs, List<Settlement> items) throws SQLException {
        if (items.isEmpty()) {
            return;
        }
        try (Connection c = ds.getConnection()) {
            settle(c, channel, owner, now, httpStatus, latencyMs, items);
        }
    }

    private void settle(Connection c, String channel, String owner, Instant now, int httpStatus, long latencyMs, List<Settlement> items)
            throws SQLException {
        ArrayNode json = Json.array();
        for (Settlement s : items) {
            ObjectNode o = json.addObject();
            o.put("sku_id", s.skuId());
            o.put("version", s.version());
            if (s.quantity() != null) {
                o.put("quantity", s.quantity().intValue());
            }
            o.put("outcome", s.outcome());
            if (s.dueAt() != null) {
                o.put("due_at", s.dueAt().toString());
            }
            if (s.error() != null) {
                o.put("error", s.error());
            }
            if (s.found() != null) {
                o.put("found", s.found().intValue());
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT stockroom.sync_settle(?, ?, ?, ?, ?, ?, ?::jsonb)")) {
            ps.setLong(1, sellerId);
            ps.setString(2, channel);
            ps.setString(3, owner);
            ps.setObject(4, at(now));
            if (httpStatus > 0) {
                ps.setInt(5, httpStatus);
            } else {
                ps.setNull(5, Types.INTEGER);
            }
            ps.setInt(6, (int) Math.min(Integer.MAX_VALUE, latencyMs));
            ps.setString(7, Json.write(json));
            ps.execute();
        }
    }

    // ------------------------------------------------------------------ feeds (V10)

    /** A feed the channel accepted, as kept in stockroom.sync_feed: what it carries, in message order. */
    record OpenFeed(String feedId, List<ListingPush> batch, List<ClaimedListing> rows, Instant sentAt, Instant giveUpAt) {
    }

    /** The channel accepted the feed: it and what it carries become durable; answers how many of its rows this worker holds. */
    int openFeed(String channel, String owner, Instant now, String feedId, List<ListingPush> batch, List<ClaimedListing> rows,
                 Instant giveUpAt, int leaseSeconds) throws SQLException {
        ArrayNode items = Json.array();
        for (int i = 0; i < batch.size(); i++) {
            ListingPush p = batch.get(i);
            ObjectNode o = items.addObject();
            o.put("sku_id", p.skuId());
            o.put("sku", p.skuCode());
            o.put("external_id", p.externalId());
            o.put("quantity", p.quantity());
            if (p.believed() != null) {
                o.put("last_pushed", p.believed().intValue());
            }
            o.put("version", p.version());
            o.put("attempts", rows.get(i).attempts());
        }
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT stockroom.sync_feed_open(?, ?, ?, ?, ?, ?::jsonb, ?, ?)")) {
            ps.setLong(1, sellerId);
            ps.setString(2, channel);
            ps.setString(3, owner);
            ps.setObject(4, at(now));
            ps.setString(5, feedId);
            ps.setString(6, Json.write(items));
            ps.setObject(7, at(giveUpAt));
            ps.setInt(8, leaseSeconds);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Renews this worker's watch on a feed; false when another worker adopted it or it is closed. */
    boolean watchFeed(String channel, String owner, Instant now, String feedId, int leaseSeconds) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT stockroom.sync_feed_watch(?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, sellerId);
            ps.setString(2, channel);
            ps.setString(3, owner);
            ps.setObject(4, at(now));
            ps.setString(5, feedId);
            ps.setInt(6, leaseSeconds);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Feeds of the channel whose watcher went quiet (died, or stopped): this worker follows them now. */
    List<OpenFeed> adoptFeeds(String channel, String owner, Instant now, int leaseSeconds) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT * FROM stockroom.sync_feed_adopt(?, ?, ?, ?, ?)")) {
            ps.setLong(1, sellerId);
            ps.setString(2, channel);
            ps.setString(3, owner);
            ps.setObject(4, at(now));
            ps.setInt(5, leaseSeconds);
            List<OpenFeed> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(openFeed(rs.getString("feed_id"), rs.getString("items"), rs.getObject("sent_at", OffsetDateTime.class).toInstant(),
                            rs.getObject("give_up_at", OffsetDateTime.class).toInstant()));
                }
            }
            return out;
        }
    }

    private static OpenFeed openFeed(String feedId, String itemsJson, Instant sentAt, Instant giveUpAt) throws SQLException {
        List<ListingPush> batch = new ArrayList<>();
        List<ClaimedListing> rows = new ArrayList<>();
        try {
            for (JsonNode it : Json.parse(itemsJson)) {
                long skuId = it.path("sku_id").asLong();
                String sku = it.path("sku").asText();
                String external = it.path("external_id").asText(null);
                long version = it.path("version").asLong();
                JsonNode last = it.get("last_pushed");
                batch.add(new ListingPush(skuId, sku, external, it.path("quantity").asInt(), last == null || last.isNull() ? null : last.asInt(),
                        null, version));
                rows.add(new ClaimedListing(skuId, sku, external, version, it.path("attempts").asInt(), giveUpAt));
            }
        } catch (Json.MalformedAnswerException e) {
            throw new SQLException("feed " + feedId + " has unreadable items: " + e.getMessage(), e);
        }
        return new OpenFeed(feedId, batch, rows, sentAt, giveUpAt);
    }

    /**
     * The feed's outcome: closes the feed and settles its listings in one transaction; false (and
     * nothing settled) when it was closed already or another worker follows it now.
     */
    boolean settleFeed(String channel, String owner, Instant now, String feedId, int httpStatus, long latencyMs, List<Settlement> items)
            throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                boolean closed;
                try (PreparedStatement ps = c.prepareStatement("SELECT stockroom.sync_feed_close(?, ?, ?, ?)")) {
                    ps.setLong(1, sellerId);
                    ps.setString(2, channel);
                    ps.setString(3, owner);
                    ps.setString(4, feedId);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        closed = rs.getBoolean(1);
                    }
                }
                if (closed && !items.isEmpty()) {
                    settle(c, channel, owner, now, httpStatus, latencyMs, items);
                }
                c.commit();
                return closed;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /** This worker stops: the feeds it follows may be adopted at once. */
    int releaseFeeds(String owner, Instant now) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT stockroom.sync_feed_release(?, ?, ?)")) {
            ps.setLong(1, sellerId);
            ps.setString(2, owner);
            ps.setObject(3, at(now));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /**
     * Listings pushed {@code cap} times or more since {@code since}, each with the time its count
     * drops below the cap (the push that must age out, plus a day).
     */
    Map<Long, Instant> revisedTooOften(String channel, List<Long> skuIds, Instant since, int cap) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT sku_id, (array_agg(attempted_at ORDER BY attempted_at))[(count(*) - ? + 1)::int] "
                     + "FROM stockroom.sync_attempt WHERE seller_id = ? AND channel = ? AND outcome = 'pushed' AND sku_id = ANY (?) "
                     + "AND attempted_at > ? GROUP BY sku_id HAVING count(*) >= ?")) {
            ps.setInt(1, cap);
            ps.setLong(2, sellerId);
            ps.setString(3, channel);
            ps.setArray(4, c.createArrayOf("int8", skuIds.toArray()));
            ps.setObject(5, at(since));
            ps.setInt(6, cap);
            Map<Long, Instant> out = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant().plus(RevisionCap.DAY));
                }
            }
            return out;
        }
    }

    /** When the channel's next waiting row falls due (leased rows count from their lease end). */
    Optional<Instant> nextDue(String channel) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT min(greatest(due_at, coalesce(lease_until, due_at))) FROM stockroom.sync_outbox "
                     + "WHERE seller_id = ? AND channel = ? AND NOT parked")) {
            ps.setLong(1, sellerId);
            ps.setString(2, channel);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Timestamp t = rs.getTimestamp(1);
                return Optional.ofNullable(t).map(Timestamp::toInstant);
            }
        }
    }

    static OffsetDateTime at(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}
