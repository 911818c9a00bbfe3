package dev.stockroom.ui.audit;

import dev.stockroom.audit.AuditProgress;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.function.DoubleConsumer;

/**
 * Carries an audit job's progress from its worker thread to the screen, at most once per
 * percent (so ten million rows do not flood the FX queue), and stops the job when asked:
 * the audit API has no cancel, so the next progress report throws and the job unwinds
 * (an export removes its partial file on the way out).
 */
public final class ProgressRelay implements AuditProgress {
    private final Executor foreground;
    private final DoubleConsumer shown;
    private volatile boolean cancelled;
    private int lastPercent = -1;

    public ProgressRelay(Executor foreground, DoubleConsumer shown) {
        this.foreground = foreground;
        this.shown = shown;
    }

    @Override
    public void update(long done, long total) {
        if (cancelled) {
            throw new CancellationException("cancelled");
        }
        if (total <= 0) {
            return;
        }
        int percent = (int) Math.min(100, done * 100 / total);
        if (percent != lastPercent) {
            lastPercent = percent;
            double fraction = percent / 100.0;
            foreground.execute(() -> shown.accept(fraction));
        }
    }

    public void cancel() {
        cancelled = true;
    }

    public boolean cancelled() {
        return cancelled;
    }

    /** Whether a failure is the cancellation this relay caused. */
    public static boolean isCancellation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CancellationException) {
                return true;
            }
        }
        return false;
    }
}
