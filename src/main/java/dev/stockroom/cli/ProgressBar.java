package dev.stockroom.cli;

import dev.stockroom.audit.AuditProgress;
import java.io.PrintWriter;

/** A one-line progress bar on the terminal (stderr), redrawn at most ten times a second; silent when not a terminal. */
final class ProgressBar implements AuditProgress {
    private final PrintWriter err;
    private final String label;
    private final boolean terminal = System.console() != null;
    private long lastDraw;
    private boolean drawn;

    ProgressBar(PrintWriter err, String label) {
        this.err = err;
        this.label = label;
    }

    @Override
    public void update(long done, long total) {
        if (!terminal) {
            return;
        }
        long now = System.nanoTime();
        if (drawn && now - lastDraw < 100_000_000L && done < total) {
            return;
        }
        lastDraw = now;
        drawn = true;
        int width = 30;
        int filled = total > 0 ? (int) Math.min(width, done * width / total) : 0;
        String pct = total > 0 ? String.format("%3d%%", Math.min(100, done * 100 / total)) : "    ";
        err.print("\r" + label + " [" + "#".repeat(filled) + ".".repeat(width - filled) + "] " + pct);
        err.flush();
    }

    void finish() {
        if (drawn) {
            err.print("\r" + " ".repeat(label.length() + 40) + "\r");
            err.flush();
        }
    }
}
