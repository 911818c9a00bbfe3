package dev.stockroom.sync.worker;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stockroom.sync.channels.Json;
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

/** The outbox as the worker uses it: every change goes through the sync_* functions of V7. */
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
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT stockroom.sync_settle(?, ?, ?, ?, ?, ?, ?::jsonb)")) {
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

    /** Renews this worker's lease on rows it still holds (a feed Amazon is processing); answers how many it held. */
    int extendLease(String channel, String owner, Instant now, List<Long> skuIds, int leaseSeconds) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT stockroom.sync_extend_lease(?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, sellerId);
            ps.setString(2, channel);
            ps.setString(3, owner);
            ps.setObject(4, at(now));
            ps.setArray(5, c.createArrayOf("int8", skuIds.toArray()));
            ps.setInt(6, leaseSeconds);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
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
