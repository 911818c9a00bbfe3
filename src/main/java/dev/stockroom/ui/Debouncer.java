package dev.stockroom.ui;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs an action once typing has paused: each call cancels the one still waiting, so a
 * preview is asked for once per pause, not once per key. Tests use {@link #immediate()}.
 */
public final class Debouncer {
    private final long delayMillis;
    private final Executor foreground;
    private ScheduledExecutorService timer;
    private ScheduledFuture<?> waiting;

    public Debouncer(Duration delay, Executor foreground) {
        this.delayMillis = delay.toMillis();
        this.foreground = foreground;
    }

    /** Runs every action at once, on the calling thread. */
    public static Debouncer immediate() {
        return new Debouncer(Duration.ZERO, Runnable::run);
    }

    /** Runs {@code action} on the foreground after the pause, unless another call comes first. */
    public synchronized void run(Runnable action) {
        if (delayMillis <= 0) {
            foreground.execute(action);
            return;
        }
        if (waiting != null) {
            waiting.cancel(false);
        }
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "stockroom-debounce");
                t.setDaemon(true);
                return t;
            });
        }
        waiting = timer.schedule(() -> foreground.execute(action), delayMillis, TimeUnit.MILLISECONDS);
    }
}
