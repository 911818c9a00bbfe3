package dev.stockroom.demo;

import dev.stockroom.sync.SyncService;
import dev.stockroom.sync.figures.SyncFigures;
import dev.stockroom.sync.simulator.Fault;
import dev.stockroom.sync.simulator.MarketplaceSimulator;
import dev.stockroom.sync.worker.SyncOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * The demo marketplace for {@code stockroom demo}: {@link SimulatedMarketplaces} (every demo
 * channel pointed at a simulated twin, buyers ordering there), the sync worker and order intake, and a few words each cycle about
 * what moved. Commands on standard input take channels down and up, throttle them, and so on.
 */
public final class MarketplaceDemo implements AutoCloseable {
    private final DataSource ds;
    private final long sellerId;
    private SimulatedMarketplaces markets;
    private SyncService sync;

    public MarketplaceDemo(DataSource ds, long sellerId) {
        this.ds = ds;
        this.sellerId = sellerId;
    }

    public MarketplaceDemo start(Duration orderEvery) throws SQLException {
        markets = SimulatedMarketplaces.pointChannels(ds, sellerId);
        sync = new SyncService(ds, sellerId, markets.secrets(), Clock.systemUTC(), SyncOptions.defaults().withPollInterval(Duration.ofMillis(500)), true).start();
        markets.startBuyers(orderEvery);
        return this;
    }

    public MarketplaceSimulator simulator() {
        return markets.simulator();
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
            String state = markets.isDown(h.channel()) ? " [DOWN]" : "";
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
                    markets.takeDown(w[1]);
                    yield w[1] + " is down: pushes wait and back off; quantities keep changing in Stockroom";
                }
                case "up" -> {
                    markets.bringBack(w[1]);
                    sync.syncNow();
                    yield w[1] + " is back: it catches up";
                }
                case "throttle" -> {
                    markets.simulator().channel(w[1]).failNext(3, Fault.throttleSeconds(Integer.parseInt(w[2])));
                    yield w[1] + " will answer 429 with Retry-After " + w[2] + " s three times";
                }
                case "fail" -> {
                    markets.simulator().channel(w[1]).failNext(Integer.parseInt(w[2]), Fault.serverError());
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
        if (markets != null) {
            markets.close();
        }
    }
}
