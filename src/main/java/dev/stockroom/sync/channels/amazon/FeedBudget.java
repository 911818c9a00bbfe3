package dev.stockroom.sync.channels.amazon;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Amazon's createFeed budget as CHANNELS.md gives it: at most {@code feeds} feeds in any
 * {@code window}. A sliding log of submission times, not a fixed-cycle rate limiter: a limiter
 * that refills its permits every window would let twice the budget through across a boundary.
 */
final class FeedBudget {
    private final int feeds;
    private final Duration window;
    private final Deque<Instant> sent = new ArrayDeque<>();
    private Instant spentUntil = Instant.MIN;

    FeedBudget(int feeds, Duration window) {
        this.feeds = Math.max(0, feeds);
        this.window = window;
    }

    synchronized boolean allows(Instant now) {
        forgetBefore(now.minus(window));
        return !now.isBefore(spentUntil) && sent.size() < feeds;
    }

    /** A feed is about to be created: it counts whatever Amazon answers. */
    synchronized void spend(Instant now) {
        sent.addLast(now);
    }

    /** Amazon said the budget is spent (429): no feed until a whole window has passed. */
    synchronized void spentByAmazon(Instant now) {
        spentUntil = now.plus(window);
    }

    private void forgetBefore(Instant cutoff) {
        while (!sent.isEmpty() && !sent.peekFirst().isAfter(cutoff)) {
            sent.removeFirst();
        }
    }
}
