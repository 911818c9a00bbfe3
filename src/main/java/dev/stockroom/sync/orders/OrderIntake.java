package dev.stockroom.sync.orders;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stockroom.sync.channels.ChannelConfig;
import dev.stockroom.sync.channels.ChannelSecrets;
import dev.stockroom.sync.channels.Json;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Order intake beside the sync worker: per channel a cursor in the database and a leased row,
 * so across all consoles one poller reads each channel, at most once per its poll interval.
 * Orders become reservations, cancellations releases, dispatches confirmations.
 */
public final class OrderIntake implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OrderIntake.class);
    static final int LEASE_SECONDS = 120;
    static final int MAX_PAGES = 20;

    private final DataSource ds;
    private final long sellerId;
    private final ChannelSecrets secrets;
    private final Clock clock;
    private final String owner;
    private final OrderApplier applier;
    private final OkHttpClient http = new OkHttpClient();
    private final AtomicInteger ordersApplied = new AtomicInteger();
    private final java.util.Map<String, java.util.Map.Entry<String, Optional<OrderSource>>> sources = new java.util.HashMap<>();
    private volatile boolean running;
    private Thread thread;

    public OrderIntake(DataSource ds, long sellerId, ChannelSecrets secrets, Clock clock, String owner) {
        this.ds = ds;
        this.sellerId = sellerId;
        this.secrets = secrets;
        this.clock = clock;
        this.owner = owner;
        this.applier = new OrderApplier(ds, sellerId, clock);
    }

    public synchronized OrderIntake start() {
        running = true;
        thread = new Thread(this::loop, "stockroom-order-intake");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** How many orders changed stock since start (tests and the demo watch it). */
    public int ordersApplied() {
        return ordersApplied.get();
    }

    private void loop() {
        while (running) {
            try {
                pollDueChannels();
            } catch (Exception | Error e) {
                log.error("order intake pass failed; trying again shortly", e);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
        }
    }

    /** Polls every channel whose lease this desk can take and whose interval has passed. */
    public synchronized void pollDueChannels() throws SQLException {
        for (ChannelConfig config : channels()) {
            // One source per channel and settings, so its access token is reused between polls.
            String fingerprint = config.kind() + "|" + config.settings() + "|" + config.credentials();
            var cached = sources.get(config.channel());
            if (cached == null || !cached.getKey().equals(fingerprint)) {
                cached = java.util.Map.entry(fingerprint, OrderSources.forChannel(config, http, clock));
                sources.put(config.channel(), cached);
            }
            Optional<OrderSource> source = cached.getValue();
            if (source.isPresent()) {
                int every = config.integer("order_poll_seconds", OrderSources.defaultPollSeconds(config.kind()));
                poll(config, source.get(), every);
            }
        }
    }

    /** One poll of one channel if its lease is free and due; returns how many orders changed stock. */
    int poll(ChannelConfig config, OrderSource source, int minIntervalSeconds) throws SQLException {
        Instant now = clock.instant();
        Optional<String> cursor = claim(config.channel(), now, minIntervalSeconds);
        if (cursor == null) {
            return 0;
        }
        Instant since = cursor.map(Instant::parse)
                .orElse(now.minus(Duration.ofHours(config.integer("order_lookback_hours", 24))));
        Instant newest = since;
        String page = null;
        int applied = 0;
        String error = null;
        try {
            for (int n = 0; n < MAX_PAGES; n++) {
                OrderPage p = source.changedSince(since, page);
                for (ChannelOrder order : p.orders()) {
                    if (applier.apply(config.channel(), order).changed()) {
                        applied++;
                    }
                    if (order.updatedAt() != null && order.updatedAt().isAfter(newest)) {
                        newest = order.updatedAt();
                    }
                }
                page = p.nextPage();
                if (page == null) {
                    break;
                }
            }
        } catch (IOException | OrderSource.OrderSourceException e) {
            error = e.getMessage();
            log.info("order intake for {}: {}", config.channel(), e.getMessage());
        } catch (RuntimeException e) {
            error = e.getMessage();
            log.warn("order intake for {} failed", config.channel(), e);
        }
        // The cursor stays at the newest change seen: the next poll re-reads that moment (">="), harmlessly.
        advance(config.channel(), newest, applied, error);
        ordersApplied.addAndGet(applied);
        return applied;
    }

    /** Empty optional: the lease is ours and there is no cursor yet; null: not ours (or not due). */
    private Optional<String> claim(String channel, Instant now, int minIntervalSeconds) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT * FROM stockroom.intake_claim(?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, sellerId);
            ps.setString(2, channel);
            ps.setString(3, owner);
            ps.setObject(4, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            ps.setInt(5, LEASE_SECONDS);
            ps.setInt(6, minIntervalSeconds);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean("acquired")) {
                    return null;
                }
                return Optional.ofNullable(rs.getString("read_cursor"));
            }
        }
    }

    private void advance(String channel, Instant cursor, int orders, String error) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT stockroom.intake_advance(?, ?, ?, ?, ?, ?, ?, true)")) {
            ps.setLong(1, sellerId);
            ps.setString(2, channel);
            ps.setString(3, owner);
            ps.setObject(4, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
            ps.setString(5, cursor.toString());
            ps.setInt(6, orders);
            if (error == null) {
                ps.setNull(7, Types.VARCHAR);
            } else {
                ps.setString(7, error);
            }
            ps.execute();
        }
    }

    private List<ChannelConfig> channels() throws SQLException {
        List<ChannelConfig> out = new ArrayList<>();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT channel, kind, name, settings FROM stockroom.channel WHERE seller_id = ? ORDER BY channel")) {
            ps.setLong(1, sellerId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    JsonNode settings;
                    try {
                        settings = Json.parse(rs.getString(4));
                    } catch (Json.MalformedAnswerException e) {
                        settings = Json.object();
                    }
                    out.add(new ChannelConfig(sellerId, rs.getString(1), rs.getString(2), rs.getString(3), settings,
                            secrets.forChannel(sellerId, rs.getString(1))));
                }
            }
        }
        return out;
    }

    @Override
    public synchronized void close() {
        running = false;
        if (thread != null) {
            java.util.concurrent.locks.LockSupport.unpark(thread);
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        http.dispatcher().executorService().shutdown();
    }
}
