package dev.stockroom.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stockroom.ledger.StockKernel;
import dev.stockroom.sync.channels.ChannelSecrets;
import dev.stockroom.sync.channels.Json;
import dev.stockroom.sync.simulator.MarketplaceSimulator;
import dev.stockroom.sync.simulator.SimChannel;
import dev.stockroom.sync.simulator.SimulatorSettings;
import dev.stockroom.sync.worker.Backoff;
import dev.stockroom.sync.worker.SyncOptions;
import dev.stockroom.sync.worker.SyncWorker;
import dev.stockroom.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

/**
 * One seller on a fresh database, its channels pointed at a running simulator, and the
 * worker's secrets: what the sync tests share. A sync login runs the worker.
 */
public final class SyncFixture implements AutoCloseable {
    public final TestDatabase db;
    public final long seller;
    public final String login;
    public final String syncLogin;
    public final StockKernel kernel;
    public final DataSource sellerDs;
    public final DataSource syncDs;
    public final MarketplaceSimulator sim;
    public final MutableClock clock = new MutableClock();
    public final ChannelSecrets.InMemory secrets = new ChannelSecrets.InMemory();
    private final Map<String, String> kinds = new LinkedHashMap<>();
    private final List<SyncWorker> workers = new ArrayList<>();
    private int nextId = 1;

    public SyncFixture(String name) {
        db = TestDatabase.fresh();
        login = name + "_seller";
        syncLogin = name + "_sync";
        seller = db.newSeller(name, login);
        db.member(seller, syncLogin, "sync");
        sellerDs = db.as(login, 6);
        syncDs = db.as(syncLogin, 8);
        kernel = new StockKernel(sellerDs, seller);
        sim = new MarketplaceSimulator(clock);
    }

    /** A channel in Stockroom and its simulated twin, with extra settings merged over the simulator's. */
    public SimChannel channel(String code, String kind, Map<String, Object> extra) {
        kernel.addChannel(code, kind, code);
        SimChannel ch = sim.add(code, kind);
        ObjectNode settings = SimulatorSettings.settings(ch);
        settings.put("timeout_ms", 2000);
        extra.forEach((k, v) -> settings.set(k, Json.MAPPER.valueToTree(v)));
        setSettings(code, settings);
        SimulatorSettings.addCredentials(secrets, seller, code, kind);
        kinds.put(code, kind);
        return ch;
    }

    public void setSettings(String code, ObjectNode settings) {
        exec("SELECT stockroom.set_channel_settings(?, ?, ?::jsonb)", code, Json.write(settings));
    }

    /** A SKU with stock, listed on the given channels (and on their simulated twins, showing 0). */
    public void sku(String code, int onHand, String... channels) {
        kernel.addSku(code, code, List.of(), 0);
        if (onHand > 0) {
            kernel.restock(code, onHand);
        }
        for (String channel : channels) {
            list(code, channel);
        }
    }

    public void list(String code, String channel) {
        int n = nextId++;
        String kind = kinds.get(channel);
        String external = switch (kind) {
            case "shopify" -> "gid://shopify/InventoryItem/" + (880000 + n);
            case "flipkart" -> "FSN" + (100000 + n);
            case "woocommerce" -> Integer.toString(700 + n);
            case "ebay" -> "OFFER" + (500 + n);
            default -> code;
        };
        String simKey = switch (kind) {
            case "shopify", "woocommerce" -> external;
            default -> code;
        };
        sim.channel(channel).list(simKey, code, "flipkart".equals(kind) ? external : null, 0);
        kernel.addListing(code, channel, external);
    }

    public SyncWorker worker(SyncOptions options) {
        SyncWorker w = new SyncWorker(syncDs, seller, secrets, clock, options).start();
        workers.add(w);
        return w;
    }

    public static SyncOptions fastOptions(String owner) {
        return SyncOptions.defaults().withOwner(owner).withPollInterval(Duration.ofMillis(200))
                .withBackoff(new Backoff(Duration.ofMillis(200), Duration.ofSeconds(2)));
    }

    /** What channel_quantity says each listing of a channel should show, by SKU code. */
    public Map<String, Integer> expected(String channel) {
        Map<String, Integer> out = new HashMap<>();
        try (Connection c = db.admin().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT s.code, stockroom.channel_quantity(l.seller_id, l.sku_id, l.channel) "
                     + "FROM stockroom.listing l JOIN stockroom.sku s USING (seller_id, sku_id) WHERE l.seller_id = ? AND l.channel = ?")) {
            ps.setLong(1, seller);
            ps.setString(2, channel);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getInt(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** The first column of the first row (admin), or null when there is none. */
    public String queryText(String sql) {
        try (Connection c = db.admin().getConnection(); java.sql.Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    public long queueDepth() {
        return db.queryLong("SELECT count(*) FROM stockroom.sync_outbox WHERE seller_id = " + seller);
    }

    /** Every channel shows what the allocation says and nothing waits in the queue. */
    public boolean converged() {
        if (queueDepth() != 0) {
            return false;
        }
        for (String channel : kinds.keySet()) {
            if (!sim.channel(channel).quantitiesBySku().equals(expected(channel))) {
                return false;
            }
        }
        return true;
    }

    /** One channel shows what the allocation says and has nothing waiting (parked rows aside). */
    public boolean converged(String channel) {
        return db.queryLong("SELECT count(*) FROM stockroom.sync_outbox WHERE NOT parked AND seller_id = " + seller
                + " AND channel = '" + channel + "'") == 0
                && sim.channel(channel).quantitiesBySku().equals(expected(channel));
    }

    public void assertConverged() {
        assertThat(queueDepth()).as("rows left in the queue").isZero();
        for (String channel : kinds.keySet()) {
            assertThat(sim.channel(channel).quantitiesBySku()).as("quantities on " + channel).isEqualTo(expected(channel));
        }
    }

    public static void await(String what, Duration max, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(max);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + max + " waiting for: " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);   // polling with a deadline
        }
    }

    public void exec(String sql, Object... args) {
        try (Connection c = sellerDs.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, seller);
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 2, args[i]);
            }
            ps.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        workers.forEach(SyncWorker::close);
        sim.close();
        db.close();
    }
}
