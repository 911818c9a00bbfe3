package dev.stockroom.ui.dashboard;

import dev.stockroom.sync.figures.SyncFigures;

/**
 * A channel's sync health in a few words under its column header: "in sync", "12 waiting",
 * "3 stopped". {@code level} is good, busy or trouble; {@code detail} is the tooltip.
 */
public record SyncBadge(String text, String level, String detail) {

    public static SyncBadge of(SyncFigures.ChannelHealth h, String circuit) {
        String detail = h.name() + ": " + h.waiting() + " waiting" + (h.waiting() > 0 ? " (oldest " + h.oldestWait().toSeconds() + " s)" : "")
                + ", " + h.parked() + " stopped; in the last minute " + h.pushesLastMinute() + " pushed, " + h.failuresLastMinute() + " failed"
                + (h.lastError() == null ? "" : ". Last error: " + h.lastError());
        if (h.parked() > 0) {
            return new SyncBadge("\u26a0 " + h.parked() + " stopped", "trouble", detail);
        }
        if (circuit != null && !circuit.isEmpty()) {
            return new SyncBadge("\u26a0 circuit " + circuit, "trouble", detail);
        }
        if (h.failuresLastMinute() > 0) {
            return new SyncBadge("\u26a0 " + h.failuresLastMinute() + " failed/min", "trouble", detail);
        }
        if (h.syncPaused()) {
            return new SyncBadge("pushes held", "busy", detail);
        }
        if (h.waiting() > 0) {
            return new SyncBadge(h.waiting() + " waiting", "busy", detail);
        }
        return new SyncBadge("\u2713 in sync", "good", detail);
    }
}
