package dev.stockroom.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on {@code stockroom_stock} (the kernel's {@code pg_notify} after every change) on a
 * dedicated connection and thread, so a change made at another desk reaches this one within
 * a second. The same connection is the console's heartbeat: when it breaks the database is
 * reported offline, and the loop reconnects by itself until it is back.
 */
public final class StockNotifications implements AutoCloseable {
    public static final String CHANNEL = "stockroom_stock";
    private static final Logger log = LoggerFactory.getLogger(StockNotifications.class);
    private static final int POLL_MILLIS = 250;
    private static final long HEARTBEAT_MILLIS = 1_000;
    private static final long MAX_RECONNECT_MILLIS = 3_000;

    /** What the listener tells its owner; called on the listener's own thread. */
    public interface Listener {
        /** Stock of {@code skuId} changed (seller already matched). */
        void stockChanged(long skuId);

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
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile Connection current;
    private Boolean online;  // null until the first attempt; touched only by the loop thread
    private final Thread thread;

    public StockNotifications(ConnectionSource source, long sellerId, String where, String user, Listener listener, Clock clock) {
        this.source = Objects.requireNonNull(source);
        this.sellerId = sellerId;
        this.where = where;
        this.user = user;
        this.listener = Objects.requireNonNull(listener);
        this.clock = clock;
        this.thread = new Thread(this::loop, "stockroom-listen");
        this.thread.setDaemon(true);
    }

    public static StockNotifications start(Database db, Listener listener) {
        StockNotifications n = new StockNotifications(db::openDirect, db.sellerId(), db.url(), db.user(), listener, Clock.systemUTC());
        n.thread.start();
        return n;
    }

    public StockNotifications startLoop() {
        thread.start();
        return this;
    }

    private void loop() {
        long wait = 200;
        try {
            while (running) {
                try (Connection c = source.open()) {
                    current = c;
                    try (Statement st = c.createStatement()) {
                        st.execute("LISTEN " + CHANNEL);
                    }
                    wait = 200;
                    report(true, null);
                    listen(c);
                } catch (SQLException | RuntimeException e) {
                    if (!running) {
                        break;
                    }
                    report(false, ConnectionProblems.explain(e, where, user).getMessage());
                    log.debug("stock notifications lost; reconnecting in {} ms", wait, e);
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

    private void listen(Connection c) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        long lastBeat = System.nanoTime();
        while (running) {
            PGNotification[] batch = pg.getNotifications(POLL_MILLIS);
            if (batch != null) {
                for (PGNotification n : batch) {
                    deliver(n.getParameter());
                }
            }
            // A half-open socket never errors on its own: a tiny query every second notices it.
            if (System.nanoTime() - lastBeat > TimeUnit.MILLISECONDS.toNanos(HEARTBEAT_MILLIS)) {
                try (Statement st = c.createStatement()) {
                    st.setQueryTimeout(5);
                    st.execute("SELECT 1");
                }
                lastBeat = System.nanoTime();
            }
        }
    }

    private void deliver(String payload) {
        int colon = payload == null ? -1 : payload.indexOf(':');
        if (colon < 0) {
            return;
        }
        try {
            long seller = Long.parseLong(payload.substring(0, colon));
            long sku = Long.parseLong(payload.substring(colon + 1));
            if (seller == sellerId) {
                listener.stockChanged(sku);
            }
        } catch (NumberFormatException e) {
            log.debug("ignoring notification payload {}", payload);
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
