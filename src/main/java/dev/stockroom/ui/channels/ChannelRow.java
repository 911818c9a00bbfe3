package dev.stockroom.ui.channels;

import dev.stockroom.sync.figures.SyncFigures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One channel as the screen shows it: its sync figures, whether this console's breaker for it
 * is open, whether it is a simulated (local demo) channel and down, and the names of the
 * credentials this desk holds for it.
 *
 * @param awaitingUpload listings of a file channel waiting for the seller to upload their file (not failures)
 * @param circuit "open", "half open", or empty when closed
 */
public record ChannelRow(SyncFigures.ChannelHealth health, String circuit, boolean simulated, boolean simulatedDown,
                         Set<String> credentialNames, long awaitingUpload) {

    public String code() {
        return health.channel();
    }

    /** "Selling · pushing", "Selling paused · pushes held · circuit open", ... */
    public String state() {
        List<String> parts = new ArrayList<>();
        parts.add(health.sellingPaused() ? "Selling paused" : "Selling");
        parts.add(health.syncPaused() ? "pushes held" : "pushing");
        if (awaitingUpload > 0) {
            parts.add(awaitingUpload + " to upload");
        }
        if (!circuit.isEmpty()) {
            parts.add("circuit " + circuit);
        }
        if (simulatedDown) {
            parts.add("simulated channel down");
        }
        return String.join(" · ", parts);
    }

    /** Something needs the seller's eye: listings parked, pushes failing, the breaker open. */
    public boolean troubled() {
        return stopped() > 0 || health.failuresLastMinute() > 0 || !circuit.isEmpty() || simulatedDown;
    }

    /** Listings stopped for the seller to fix (a file waiting to be uploaded is not one). */
    public long stopped() {
        return Math.max(0, health.parked() - awaitingUpload);
    }

    public boolean held() {
        return health.sellingPaused() || health.syncPaused();
    }

    /** "3 s", "4 min", "2 h 5 min"; empty when nothing waits. */
    public static String age(Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            return "";
        }
        long s = d.toSeconds();
        if (s < 1) {
            return "< 1 s";
        }
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min";
        }
        return (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }
}
