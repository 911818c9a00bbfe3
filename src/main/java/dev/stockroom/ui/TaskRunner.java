package dev.stockroom.ui;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs database and network work off the FX thread and hands the result back on it. Every
 * failure is logged, because otherwise it silently disappears. Tests use {@link #direct()}.
 */
public final class TaskRunner {
    private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);
    private final Executor background;
    private final Executor foreground;
    private final ReadOnlyIntegerWrapper running = new ReadOnlyIntegerWrapper(0);

    public TaskRunner(Executor background, Executor foreground) {
        this.background = background;
        this.foreground = foreground;
    }

    public static TaskRunner fx() {
        ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "stockroom-work");
            t.setDaemon(true);
            return t;
        });
        return new TaskRunner(pool, Platform::runLater);
    }

    /** Runs everything on the calling thread: view-model tests need no toolkit. */
    public static TaskRunner direct() {
        return new TaskRunner(Runnable::run, Runnable::run);
    }

    /** How many pieces of work are under way (the status bar shows progress while above zero). */
    public ReadOnlyIntegerProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public Executor foreground() {
        return foreground;
    }

    public <T> void run(Supplier<T> work, Consumer<T> onDone, Consumer<Throwable> onFailed) {
        running.set(running.get() + 1);
        background.execute(() -> {
            try {
                T result = work.get();
                foreground.execute(() -> {
                    running.set(running.get() - 1);
                    onDone.accept(result);
                });
            } catch (RuntimeException e) {
                log.warn("background work failed", e);
                foreground.execute(() -> {
                    running.set(running.get() - 1);
                    onFailed.accept(e);
                });
            }
        });
    }
}
