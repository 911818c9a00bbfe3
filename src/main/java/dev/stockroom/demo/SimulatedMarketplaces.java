package dev.stockroom.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stockroom.db.AppDirectories;
import dev.stockroom.sync.channels.ChannelSecrets;
import dev.stockroom.sync.channels.Json;
import dev.stockroom.sync.simulator.MarketplaceSimulator;
import dev.stockroom.sync.simulator.SimChannel;
import dev.stockroom.sync.simulator.SimulatorSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The demo's marketplaces: every demo channel pointed at a simulated twin on loopback (with the
 * twin's keys held in memory, never in the desk's secrets file) and, once started, buyers
 * ordering there. Shared by {@code stockroom demo} and the console's local demo.
 */
public final class SimulatedMarketplaces implements AutoCloseable {
    private static final Set<String> SIMULATED = Set.of("shopify", "amazon", "flipkart", "woocommerce", "ebay", "webhook");
    private final MarketplaceSimulator sim = new MarketplaceSimulator();
    private final ChannelSecrets.InMemory secrets = new ChannelSecrets.InMemory();

    private SimulatedMarketplaces() {
    }

    /** Starts a simulated twin for each of the seller's channels and points the channel's settings at it. */
    public static SimulatedMarketplaces pointChannels(DataSource ds, long sellerId) throws SQLException {
        SimulatedMarketplaces markets = new SimulatedMarketplaces();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT channel, kind FROM stockroom.channel WHERE seller_id = ? ORDER BY channel")) {
            ps.setLong(1, sellerId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    markets.connect(c, sellerId, rs.getString(1), rs.getString(2));
                }
            }
        } catch (SQLException | RuntimeException e) {
            markets.close();
            throw e;
        }
        return markets;
    }

    private void connect(Connection c, long sellerId, String channel, String kind) throws SQLException {
        ObjectNode settings;
        if (SIMULATED.contains(kind)) {
            SimChannel ch = sim.add(channel, kind);
            ch.orderLimit(1, 20);   // the demo polls often; Amazon's real orders limit would make it wait minutes
            // Buyers order less than once a second, so numbering from the clock never reaches an earlier run's numbers.
            ch.orderNumbersFrom(Instant.now().getEpochSecond() % 9_000_000);
            settings = SimulatorSettings.settings(ch);
            settings.put("order_poll_seconds", 3);
            settings.put("breaker_open_seconds", 5);   // a channel brought back is tried again within moments
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

    /** Buyers start ordering on the simulated Shopify, Amazon and Flipkart. */
    public SimulatedMarketplaces startBuyers(Duration orderEvery) {
        sim.startOrderStream(orderEvery, System.nanoTime());
        return this;
    }

    /** The simulated channels' keys, to be used before (over) the desk's own secrets. */
    public ChannelSecrets secrets() {
        return secrets;
    }

    public MarketplaceSimulator simulator() {
        return sim;
    }

    public boolean simulates(String channel) {
        return sim.channels().stream().anyMatch(ch -> ch.name().equals(channel));
    }

    public boolean isDown(String channel) {
        return simulates(channel) && sim.channel(channel).isDown();
    }

    /** The simulated channel stops answering (connections refused) until brought back. */
    public void takeDown(String channel) {
        sim.channel(channel).goDown();
    }

    public void bringBack(String channel) {
        try {
            sim.channel(channel).comeBack();
        } catch (IOException e) {
            throw new UncheckedIOException("the simulated " + channel + " could not listen again: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        sim.close();
    }
}
