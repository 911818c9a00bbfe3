package dev.stockroom.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the ledger for stock changes made anywhere (another desk, the sync worker, a
 * script) on a connection and thread of its own, ten times a second, so a change reaches this
 * console within a fraction of a second. The kernel sends no NOTIFY per change: NOTIFY takes a
 * database-wide lock at every commit that uses it, which queued every sale in the database
 * behind the last one (README, Benchmarks). Each look is one index range read of the ledger's
 * time index; {@link LedgerWindow} keeps it from missing a change that commits late.
 *
 * <p>The same connection is the console's heartbeat: when a look fails the database is
 * reported offline, and the loop reconnects by itself until it is back.
 */
public final class StockWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StockWatch.class);
    static final Duration POLL = Duration.ofMillis(100);
    private static final Duration START_LOOKBACK = Duration.ofSeconds(10);
    private static final Duration MAX_LOOKBACK = Duration.ofMinutes(2);
    private static final long MAX_RECONNECT_MILLIS = 3_000;
    // The window's start is a subquery: under row-level security a qual calling functions that are
    // not leakproof (make_interval) is applied after the policy, so the bound filtered every row of
    // the seller's index (2 s a look at 10 M rows) instead of starting the index range read.
    static final String LOOK = """
            SELECT now(), pg_snapshot_xmin(s)::text,
                   (pg_snapshot_xmax(s)::text::bigint + age(xid(pg_snapshot_xmax(s))))::text, l.sku_id, l.seq
              FROM pg_current_snapshot() s
              LEFT JOIN LATERAL (SELECT g.sku_id, g.seq FROM stockroom.ledger g
                                  WHERE g.seller_id = ? AND g.created_at >= (SELECT coalesce(?, now() - make_interval(secs => ?)))) l ON true""";

    /** What the watch tells its owner; called on the watch's own thread. */
    public interface Listener {
        /** Stock of these SKUs changed (this seller's), at any desk; one call per look that found some. */
        void stockChanged(Set<Long> skuIds);

        /** A change may have been passed over (a transaction stayed open for minutes): reload everything. */
        void reloadAll();

        /** The database became reachable ({@code problem} null) or unreachable (why, in words). */
        void connectionChanged(boolean online, String problem, Instant since);
    }

    /** Opens a fresh, unpooled connection with this console's login. */
    public interface ConnectionSource {
        Connection open() throws SQLException;
    }

    private final ConnectionSource source;
    private final long sellerId;
    private final Listener listener;
    private final Clock clock;
    private final String where;
    private final String user;
    private final Duration maxLookback;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicLong looks = new AtomicLong();
    private volatile boolean running = true;
    private volatile boolean capped;
    private volatile Connection current;
    private Boolean online;  // null until the first attempt; touched only by the loop thread
    private final Thread thread;

    public StockWatch(ConnectionSource source, long sellerId, String where, String user, Listener listener, Clock clock) {
        this(source, sellerId, where, user, listener, clock, MAX_LOOKBACK);
    }

    /** @param maxLookback the longest window the watch reads (tests shorten it) */
    public StockWatch(ConnectionSource source, long sellerId, String where, String user, Listener listener, Clock clock,
                      Duration maxLookback) {
        this.source = Objects.requireNonNull(source);
        this.sellerId = sellerId;
        this.where = where;
        this.user = user;
        this.listener = Objects.requireNonNull(listener);
        this.clock = clock;
        this.maxLookback = maxLookback;
        this.thread = new Thread(this::loop, "stockroom-watch");
        this.thread.setDaemon(true);
    }

    public static StockWatch start(Database db, Listener listener) {
        return new StockWatch(db::openDirect, db.sellerId(), db.url(), db.user(), listener, Clock.systemUTC()).startLoop();
    }

    public StockWatch startLoop() {
        thread.start();
        return this;
    }

    /** How many looks at the ledger have succeeded (tests wait on it). */
    public long looks() {
        return looks.get();
    }

    /** Whether a transaction open longer than the longest window holds it back now. */
    public boolean capped() {
        return capped;
    }

    private void loop() {
        long wait = 200;
        try {
            while (running) {
                try (Connection c = source.open()) {
                    current = c;
                    c.setAutoCommit(true);  // each look its own transaction: its start time and snapshot belong together
                    try (var st = c.createStatement()) {
                        // The look's window is a parameter, so the planner guesses a third of the ledger and, past
                        // a few million rows, JIT-compiles a 0.1 ms index read: seconds on a fresh connection.
                        st.execute("SET jit = off");
                    }
                    LedgerWindow window = new LedgerWindow(START_LOOKBACK, maxLookback);
                    look(c, window);        // the first look only learns what is there
                    wait = 200;
                    report(true, null);
                    while (running) {
                        pause(POLL.toMillis());
                        if (running) {
                            look(c, window);
                        }
                    }
                } catch (SQLException | RuntimeException e) {
                    if (!running) {
                        break;
                    }
                    report(false, ConnectionProblems.explain(e, where, user).getMessage());
                    log.debug("stock watch lost the database; reconnecting in {} ms", wait, e);
                    pause(wait);
                    wait = Math.min(MAX_RECONNECT_MILLIS, wait * 2);
                } finally {
                    current = null;
                }
            }
        } finally {
            stopped.countDown();
        }
    }

    private void look(Connection c, LedgerWindow window) throws SQLException {
        LedgerWindow.Look look;
        try (PreparedStatement ps = c.prepareStatement(LOOK)) {
            ps.setQueryTimeout(5);  // a half-open socket never errors on its own
            ps.setLong(1, sellerId);
            ps.setObject(2, window.floor());
            ps.setLong(3, window.startLookback().toSeconds());
            try (ResultSet rs = ps.executeQuery()) {
                OffsetDateTime at = null;
                long xmin = 0;
                long nextXid = 0;  // age() counts from the next id to be handed out
                List<long[]> rows = new ArrayList<>();
                while (rs.next()) {
                    at = rs.getObject(1, OffsetDateTime.class);
                    xmin = Long.parseLong(rs.getString(2));
                    nextXid = Long.parseLong(rs.getString(3));
                    long sku = rs.getLong(4);
                    if (!rs.wasNull()) {
                        rows.add(new long[] {sku, rs.getLong(5)});
                    }
                }
                look = new LedgerWindow.Look(at, xmin, nextXid, rows);
            }
        }
        LedgerWindow.Seen seen = window.take(look);
        looks.incrementAndGet();
        capped = window.capped();
        try {
            if (seen.reloadAll()) {
                listener.reloadAll();
            }
            if (!seen.changed().isEmpty()) {
                listener.stockChanged(Set.copyOf(seen.changed()));
            }
        } catch (RuntimeException e) {
            log.warn("stock change listener failed", e);  // one bad callback must not stop live updates
        }
    }

    private void report(boolean nowOnline, String problem) {
        if (online != null && online == nowOnline) {
            return;
        }
        online = nowOnline;
        try {
            listener.connectionChanged(nowOnline, problem, clock.instant());
        } catch (RuntimeException e) {
            log.warn("connection listener failed", e);
        }
    }

    private void pause(long millis) {
        try {
            stopped.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        Connection c = current;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing a broken connection
            }
        }
        if (!thread.isAlive()) {
            return;
        }
        try {
            stopped.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
