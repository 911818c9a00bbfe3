package dev.stockroom.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stockroom.db.AppDirectories;
import dev.stockroom.sync.SyncService;
import dev.stockroom.sync.channels.ChannelSecrets;
import dev.stockroom.sync.channels.Json;
import dev.stockroom.sync.figures.SyncFigures;
import dev.stockroom.sync.simulator.Fault;
import dev.stockroom.sync.simulator.MarketplaceSimulator;
import dev.stockroom.sync.simulator.SimChannel;
import dev.stockroom.sync.simulator.SimulatorSettings;
import dev.stockroom.sync.worker.SyncOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The demo marketplace: every demo channel pointed at a simulated twin on loopback, buyers
 * ordering there, the sync worker and order intake running, and a few words each cycle about
 * what moved. Commands on standard input take channels down and up, throttle them, and so on.
 */
public final class MarketplaceDemo implements AutoCloseable {
    private static final Set<String> SIMULATED = Set.of("shopify", "amazon", "flipkart", "woocommerce", "ebay", "webhook");
    private final DataSource ds;
    private final long sellerId;
    private final MarketplaceSimulator sim = new MarketplaceSimulator();
    private final ChannelSecrets.InMemory secrets = new ChannelSecrets.InMemory();
    private SyncService sync;

    public MarketplaceDemo(DataSource ds, long sellerId) {
        this.ds = ds;
        this.sellerId = sellerId;
    }

    public MarketplaceDemo start(Duration orderEvery) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT channel, kind FROM stockroom.channel WHERE seller_id = ? ORDER BY channel")) {
            ps.setLong(1, sellerId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    connect(c, rs.getString(1), rs.getString(2));
                }
            }
        }
        sync = new SyncService(ds, sellerId, secrets, Clock.systemUTC(), SyncOptions.defaults().withPollInterval(Duration.ofMillis(500)), true).start();
        sim.startOrderStream(orderEvery, System.nanoTime());
        return this;
    }

    private void connect(Connection c, String channel, String kind) throws SQLException {
        ObjectNode settings;
        if (SIMULATED.contains(kind)) {
            SimChannel ch = sim.add(channel, kind);
            ch.orderLimit(1, 20);   // the demo polls often; Amazon's real orders limit would make it wait minutes
            settings = SimulatorSettings.settings(ch);
            settings.put("order_poll_seconds", 3);
            SimulatorSettings.addCredentials(secrets, sellerId, channel, kind);
            // The simulated channel starts showing what Stockroom last set there, as the real one would.
            try (PreparedStatement ps = c.prepareStatement("SELECT s.code, l.external_id, l.last_pushed_qty FROM stockroom.listing l "
                    + "JOIN stockroom.sku s ON s.seller_id = l.seller_id AND s.sku_id = l.sku_id WHERE l.seller_id = ? AND l.channel = ?")) {
                ps.setLong(1, sellerId);
                ps.setString(2, channel);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String code = rs.getString(1);
                        String external = rs.getString(2);
                        String key = switch (kind) {
                            case "shopify", "woocommerce" -> external;
                            default -> code;
                        };
                        ch.list(key, code, "flipkart".equals(kind) ? external : null, rs.getInt(3));
                    }
                }
            }
        } else {
            settings = Json.object();
            settings.put("upload_dir", AppDirectories.dataDir().resolve("meesho-uploads").toString());
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT stockroom.set_channel_settings(?, ?, ?::jsonb)")) {
            ps.setLong(1, sellerId);
            ps.setString(2, channel);
            ps.setString(3, Json.write(settings));
            ps.execute();
        }
    }

    public MarketplaceSimulator simulator() {
        return sim;
    }

    public SyncService sync() {
        return sync;
    }

    /** One status paragraph: orders taken, oversells stopped, each channel's queue and pushes. */
    public void report(PrintWriter out) throws SQLException {
        long stopped;
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM stockroom.rejection WHERE seller_id = ? AND code IN ('insufficient_stock', 'allocation')")) {
            ps.setLong(1, sellerId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                stopped = rs.getLong(1);
            }
        }
        out.printf("-- orders taken: %d   oversells stopped: %d%n", sync.ordersTaken(), stopped);
        for (SyncFigures.ChannelHealth h : sync.figures().channels()) {
            String state = SIMULATED.contains(h.kind()) && sim.channel(h.channel()).isDown() ? " [DOWN]" : "";
            out.printf("   %-9s%s waiting %3d  parked %3d  pushed/min %3d  failed/min %3d%s%n", h.channel(), state, h.waiting(), h.parked(),
                    h.pushesLastMinute(), h.failuresLastMinute(), h.lastError() == null || h.failuresLastMinute() == 0 ? "" : "  last: " + h.lastError());
        }
        out.flush();
    }

    /** A demo command: down CH, up CH, throttle CH SECONDS, fail CH N, help. Returns a sentence. */
    public String command(String line) throws IOException {
        String[] w = line.trim().split("\\s+");
        if (w.length == 0 || w[0].isEmpty()) {
            return "";
        }
        try {
            return switch (w[0]) {
                case "down" -> {
                    sim.channel(w[1]).goDown();
                    yield w[1] + " is down: pushes wait and back off; quantities keep changing in Stockroom";
                }
                case "up" -> {
                    sim.channel(w[1]).comeBack();
                    sync.syncNow();
                    yield w[1] + " is back: it catches up";
                }
                case "throttle" -> {
                    sim.channel(w[1]).failNext(3, Fault.throttleSeconds(Integer.parseInt(w[2])));
                    yield w[1] + " will answer 429 with Retry-After " + w[2] + " s three times";
                }
                case "fail" -> {
                    sim.channel(w[1]).failNext(Integer.parseInt(w[2]), Fault.serverError());
                    yield w[1] + " will answer 500 " + w[2] + " times";
                }
                default -> "commands: down CHANNEL, up CHANNEL, throttle CHANNEL SECONDS, fail CHANNEL TIMES, quit";
            };
        } catch (ArrayIndexOutOfBoundsException | IllegalArgumentException e) {
            return "not understood (" + e.getMessage() + "); commands: down CHANNEL, up CHANNEL, throttle CHANNEL SECONDS, fail CHANNEL TIMES, quit";
        }
    }

    @Override
    public void close() {
        if (sync != null) {
            sync.close();
        }
        sim.close();
    }
}
