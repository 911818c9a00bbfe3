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
        if (h.parked() > 0 && h.kind().equals("meesho")) {
            return new SyncBadge(h.parked() + " to upload", "busy", detail);   // a file channel's listings wait for the seller's upload
        }
        if (h.parked() > 0) {
            return new SyncBadge("\u26a0 " + h.parked() + " stopped", "trouble", detail);
        }
        boolean open = circuit != null && !circuit.isEmpty();
        if (open || h.failuresLastMinute() > 0) {
            // Short enough for the column: the tooltip says how many failed and that the breaker rests.
            return new SyncBadge(h.waiting() > 0 ? "\u26a0 " + h.waiting() + " waiting" : "\u26a0 failing", "trouble",
                    (open ? "Circuit " + circuit + ": pushes rest after repeated failures. " : "") + detail);
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
