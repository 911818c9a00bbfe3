package dev.stockroom.sync.worker;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wakes the worker when the kernel announces a stock change (LISTEN stockroom_stock), so pushes start at once. */
final class ChangeListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChangeListener.class);
    private final DataSource ds;
    private final Waiter waiter;
    private volatile boolean running;
    private Thread thread;

    ChangeListener(DataSource ds, Waiter waiter) {
        this.ds = ds;
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
                st.execute("LISTEN stockroom_stock");
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] n = pg.getNotifications(500);
                    if (n != null && n.length > 0) {
                        waiter.wake();
                    }
                }
                st.execute("UNLISTEN stockroom_stock");
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
