package dev.stockroom.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;
import dev.stockroom.ledger.OrderLine;
import dev.stockroom.ledger.StockKernel;
import dev.stockroom.sync.channels.ChannelSecrets;
import dev.stockroom.sync.channels.Json;
import dev.stockroom.sync.simulator.MarketplaceSimulator;
import dev.stockroom.sync.simulator.RecordedRequest;
import dev.stockroom.sync.simulator.SimChannel;
import dev.stockroom.sync.simulator.SimulatorSettings;
import dev.stockroom.sync.worker.SyncOptions;
import dev.stockroom.sync.worker.SyncWorker;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * 100,000 stock changes over 1,000 SKUs listed on three simulated channels: pushes made
 * versus changes, commit-to-push latency, the peak request rate each channel saw against its
 * limit, and the time to converge after a channel outage.
 */
final class SyncScenario {
    static final int SKUS = 1_000;
    static final String[] CHANNELS = {"shopify", "flipkart", "woocommerce"};
    static final Map<String, Double> LIMITS = Map.of("flipkart", 10.0, "woocommerce", 10.0);

    private final BenchDatabase db;
    private final PrintWriter out;
    private final Map<String, Map<String, String>> simKeys = new HashMap<>();

    SyncScenario(BenchDatabase db, PrintWriter out) {
        this.db = db;
        this.out = out;
    }

    void run(int changes, int outageSeconds) throws Exception {
        String syncLogin = BenchDatabase.LOGIN + "_sync";
        HikariDataSource setup = db.setup();
        BenchDatabase.exec(setup, "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + syncLogin
                + "') THEN CREATE ROLE " + syncLogin + " LOGIN; END IF; END $$");
        BenchDatabase.exec(setup, "GRANT stockroom_sync TO " + syncLogin);
        BenchDatabase.exec(setup, "INSERT INTO stockroom.member (seller_id, login, role) VALUES (" + db.sellerId + ", '" + syncLogin + "', 'sync')");
        HikariDataSource seller = db.seller(16);
        HikariDataSource syncDs = track(BenchDatabase.pool(db.url, syncLogin, 8));
        StockKernel kernel = new StockKernel(seller, db.sellerId);
        long s = db.sellerId;
        ChannelSecrets.InMemory secrets = new ChannelSecrets.InMemory();
        try (MarketplaceSimulator sim = new MarketplaceSimulator()) {
            BenchDatabase.exec(seller, "SELECT count(*) FROM generate_series(1, " + SKUS + ") g, LATERAL stockroom.add_sku(" + s
                    + ", 'Y-' || g, 'Sync ' || g, '{}', 0)");
            BenchDatabase.exec(seller, "SELECT count(*) FROM generate_series(1, " + SKUS + ") g, LATERAL stockroom.restock(" + s
                    + ", gen_random_uuid(), 'Y-' || g, 1000) r");
            for (String channel : CHANNELS) {
                kernel.addChannel(channel, channel, channel);
                SimChannel ch = sim.add(channel, channel);
                ObjectNode settings = SimulatorSettings.settings(ch);
                BenchDatabase.exec(seller, "SELECT stockroom.set_channel_settings(" + s + ", '" + channel + "', '" + Json.write(settings) + "'::jsonb)");
                SimulatorSettings.addCredentials(secrets, s, channel, channel);
                Map<String, String> keys = new HashMap<>();
                for (int i = 1; i <= SKUS; i++) {
                    String code = "Y-" + i;
                    String external = switch (channel) {
                        case "shopify" -> "gid://shopify/InventoryItem/" + (700000 + i);
                        case "flipkart" -> "FSN" + (300000 + i);
                        default -> Integer.toString(9000 + i);
                    };
                    String key = channel.equals("flipkart") ? code : external;
                    ch.list(key, code, channel.equals("flipkart") ? external : null, 0);
                    keys.put(code, key);
                    kernel.addListing(code, channel, external);
                }
                simKeys.put(channel, keys);
            }
            out.printf("%nsync: %d SKUs listed on %s (simulated on loopback), one worker%n", SKUS, String.join(", ", CHANNELS));
            try (SyncWorker worker = new SyncWorker(syncDs, s, secrets, Clock.systemUTC(), SyncOptions.defaults().withOwner("bench")).start()) {
                long t0 = System.nanoTime();
                awaitConverged(sim, setup, 600);
                out.printf("first full push of %,d listings: %.1f s%n", SKUS * CHANNELS.length, (System.nanoTime() - t0) / 1e9);
                sim.channels().forEach(SimChannel::clearRequests);

                long b0 = System.nanoTime();
                burst(kernel, changes);
                double burstSeconds = (System.nanoTime() - b0) / 1e9;
                long c0 = System.nanoTime();
                awaitConverged(sim, setup, 900);
                double convergeSeconds = (System.nanoTime() - c0) / 1e9;
                out.printf("burst: %,d changes in %.1f s (%,.0f/s) from 16 threads; converged %.1f s after the last change%n", changes,
                        burstSeconds, changes / burstSeconds, convergeSeconds);
                out.printf("%-12s %10s %14s %16s %12s %10s%n", "channel", "requests", "listings sent", "changes/listing", "peak req/s", "limit");
                for (String channel : CHANNELS) {
                    List<RecordedRequest> pushes = sim.channel(channel).pushes();
                    long listings = pushes.stream().mapToLong(r -> r.listings().size()).sum();
                    out.printf("%-12s %,10d %,14d %16.1f %12d %10s%n", channel, pushes.size(), listings,
                            listings == 0 ? 0.0 : (double) changes / listings, peakPerSecond(pushes),
                            LIMITS.containsKey(channel) ? String.format("%.0f/s", LIMITS.get(channel)) : "cost bucket");
                }

                Random random = new Random(3);
                probe(kernel, sim, setup, random, 0, "back to back (each change waits for the channels' rate budget)");
                probe(kernel, sim, setup, random, 400, "a change every 0.3-0.7 s (a steady trickle)");

                SimChannel down = sim.channel("flipkart");
                down.goDown();
                long o0 = System.nanoTime();
                long outageEnd = o0 + outageSeconds * 1_000_000_000L;
                int during = 0;
                while (System.nanoTime() < outageEnd) {
                    kernel.sell(List.of(OrderLine.of("Y-" + (1 + ThreadLocalRandom.current().nextInt(SKUS)), 1)), "desk", null);
                    during++;
                    LockSupport.parkNanos(100_000_000);  // ten changes a second while flipkart is away
                }
                down.comeBack();
                worker.wake();
                long r0 = System.nanoTime();
                awaitConverged(sim, setup, 900);
                out.printf("flipkart down %d s while %,d changes landed: converged %.1f s after it came back%n", outageSeconds, during,
                        (System.nanoTime() - r0) / 1e9);
            }
        } finally {
            extra.forEach(HikariDataSource::close);
        }
        out.flush();
    }

    /** 200 single changes, each timed from its commit until every channel shows it. */
    private void probe(StockKernel kernel, MarketplaceSimulator sim, HikariDataSource admin, Random random, int gapMillis, String how)
            throws SQLException {
        Latencies latency = new Latencies();
        for (int i = 0; i < 200; i++) {
            if (gapMillis > 0) {
                LockSupport.parkNanos((gapMillis - 100 + random.nextInt(200)) * 1_000_000L);
            }
            String code = "Y-" + (1 + random.nextInt(SKUS));
            kernel.restock(code, 1);
            long committed = System.nanoTime();
            Map<String, Integer> expected = expected(admin, code);
            while (!showsEverywhere(sim, code, expected)) {
                LockSupport.parkNanos(200_000);
                if (System.nanoTime() - committed > 60_000_000_000L) {
                    throw new IllegalStateException(code + " did not reach every channel within a minute");
                }
            }
            latency.record(System.nanoTime() - committed);
        }
        Latencies sorted = Latencies.merge(List.of(latency));
        out.printf("commit-to-push, all three channels, %s: p50 %.0f ms, p99 %.0f ms, max %.0f ms%n", how,
                sorted.millisAt(0.5), sorted.millisAt(0.99), sorted.maxMillis());
        out.flush();
    }

    private final List<HikariDataSource> extra = new ArrayList<>();

    private HikariDataSource track(HikariDataSource ds) {
        extra.add(ds);
        return ds;
    }

    private static void burst(StockKernel kernel, int changes) throws InterruptedException {
        AtomicLong left = new AtomicLong(changes);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            Thread th = new Thread(() -> {
                ThreadLocalRandom r = ThreadLocalRandom.current();
                while (left.getAndDecrement() > 0) {
                    String code = "Y-" + (1 + r.nextInt(SKUS));
                    if (r.nextBoolean()) {
                        kernel.restock(code, 1 + r.nextInt(3));
                    } else {
                        kernel.sell(List.of(OrderLine.of(code, 1)), "desk", null);
                    }
                }
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
    }

    private static int peakPerSecond(List<RecordedRequest> requests) {
        long[] times = requests.stream().mapToLong(RecordedRequest::arrivedNanos).sorted().toArray();
        int peak = 0;
        int from = 0;
        for (int to = 0; to < times.length; to++) {
            while (times[to] - times[from] >= 1_000_000_000L) {
                from++;
            }
            peak = Math.max(peak, to - from + 1);
        }
        return peak;
    }

    private boolean showsEverywhere(MarketplaceSimulator sim, String code, Map<String, Integer> expected) {
        for (String channel : CHANNELS) {
            Integer shown = sim.channel(channel).listing(simKeys.get(channel).get(code)).map(SimChannel.Listing::qty).orElse(null);
            if (shown == null || !shown.equals(expected.get(channel))) {
                return false;
            }
        }
        return true;
    }

    private void awaitConverged(MarketplaceSimulator sim, HikariDataSource admin, int maxSeconds) throws SQLException {
        long deadline = System.nanoTime() + maxSeconds * 1_000_000_000L;
        while (true) {
            Map<String, Map<String, Integer>> expected = expectedAll(admin);
            boolean all = true;
            for (String channel : CHANNELS) {
                Map<String, Integer> shown = sim.channel(channel).quantitiesBySku();
                if (!shown.equals(expected.get(channel))) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("channels did not converge within " + maxSeconds + " s");
            }
            LockSupport.parkNanos(100_000_000);
        }
    }

    private Map<String, Map<String, Integer>> expectedAll(HikariDataSource admin) throws SQLException {
        Map<String, Map<String, Integer>> out = new HashMap<>();
        try (Connection c = admin.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT l.channel, s.code, stockroom.channel_quantity(l.seller_id, l.sku_id, l.channel) "
                     + "FROM stockroom.listing l JOIN stockroom.sku s USING (seller_id, sku_id) WHERE l.seller_id = ?")) {
            ps.setLong(1, db.sellerId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getString(2), rs.getInt(3));
                }
            }
        }
        return out;
    }

    private Map<String, Integer> expected(HikariDataSource admin, String code) throws SQLException {
        Map<String, Integer> out = new HashMap<>();
        try (Connection c = admin.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT l.channel, stockroom.channel_quantity(l.seller_id, l.sku_id, l.channel) "
                     + "FROM stockroom.listing l JOIN stockroom.sku s USING (seller_id, sku_id) WHERE l.seller_id = ? AND s.code = ?")) {
            ps.setLong(1, db.sellerId);
            ps.setString(2, code);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return out;
    }
}
