package dev.stockroom.sync.worker;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes the worker when the kernel says a channel's queue went from nothing waiting to
 * something due (LISTEN stockroom_sync, the seller id as payload), so pushes start at once.
 * The kernel does not notify for every change: while rows are waiting or being pushed the
 * worker already knows, and looks again whenever a push ends.
 */
final class ChangeListener implements AutoCloseable {
    static final String CHANNEL = "stockroom_sync";
    private static final Logger log = LoggerFactory.getLogger(ChangeListener.class);
    private final DataSource ds;
    private final String sellerId;
    private final Waiter waiter;
    private volatile boolean running;
    private Thread thread;

    ChangeListener(DataSource ds, long sellerId, Waiter waiter) {
        this.ds = ds;
        this.sellerId = Long.toString(sellerId);
        this.waiter = waiter;
    }

    void start() {
        running = true;
        thread = new Thread(this::listen, "stockroom-sync-listen");
        thread.setDaemon(true);
        thread.start();
    }

    private void listen() {
        while (running) {
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                st.execute("LISTEN " + CHANNEL);
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] batch = pg.getNotifications(500);
                    if (batch != null && Arrays.stream(batch).anyMatch(n -> sellerId.equals(n.getParameter()))) {
                        waiter.wake();
                    }
                }
                st.execute("UNLISTEN " + CHANNEL);
            } catch (SQLException e) {
                // The poll interval still finds the work; try listening again after a pause.
                log.debug("change listener lost its connection: {}", e.getMessage());
                sleepQuietly(2_000);
            }
        }
    }

    private void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        if (thread != null) {
            try {
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
