package dev.stockroom.db;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which SKUs changed since the last look at the ledger, without missing a change that commits
 * late. Each look reads the ledger rows created since a floor, in one statement that also
 * gives its transaction's start time, its snapshot's {@code xmin} (every transaction still
 * open has an id at least this) and the next transaction id to be handed out, read after the
 * snapshot was taken.
 *
 * <p>Why the floor is exact: a ledger row's {@code created_at} is taken after its transaction
 * got its id. So the rows of a transaction whose id is at least a look's next id were created
 * after that look started. Once a later snapshot's {@code xmin} has reached that id, every
 * transaction still open got its id after the look, and the look's start time is a safe
 * floor: whatever commits later was created after it. (The snapshot's own {@code xmax} would
 * not do: it is one past the last transaction to finish, and a transaction that got a higher
 * id earlier and is still open is not listed.) A transaction open for longer than
 * {@code maxLookback} (a psql session left in BEGIN, say) would hold the floor back without
 * limit; the window is capped instead, and once every transaction open at that moment has ended
 * the owner is told to reload everything, since such a change may have been passed over.
 */
final class LedgerWindow {
    /** One look: its transaction's start, and the next transaction id to be handed out just after. */
    private record Mark(OffsetDateTime at, long nextXid) {
    }

    /** What one look read: its time, its snapshot's xmin, the next transaction id, the rows since the floor. */
    record Look(OffsetDateTime at, long xmin, long nextXid, List<long[]> skuSeqs) {
    }

    /** What a look means: SKUs whose stock changed, and whether changes may have been missed. */
    record Seen(Set<Long> changed, boolean reloadAll) {
    }

    private static final int MAX_MARKS = 1_000;

    private final Duration startLookback;
    private final Duration maxLookback;
    private final ArrayDeque<Mark> marks = new ArrayDeque<>();
    private Map<Long, Long> seen = Map.of();
    private OffsetDateTime floor;
    private long unsureUntilXmin = -1;

    /**
     * @param startLookback how far back the first look reads (rows it finds are known, not news)
     * @param maxLookback   the longest window; a transaction open longer than this ends in a reload
     */
    LedgerWindow(Duration startLookback, Duration maxLookback) {
        this.startLookback = startLookback;
        this.maxLookback = maxLookback;
    }

    /** Where the next look starts; null before the first look (then it reads {@link #startLookback()} back). */
    OffsetDateTime floor() {
        return floor;
    }

    Duration startLookback() {
        return startLookback;
    }

    /** Whether the window is capped now (a transaction has been open longer than the longest window). */
    boolean capped() {
        return unsureUntilXmin >= 0;
    }

    Seen take(Look look) {
        boolean first = floor == null;
        Map<Long, Long> now = new HashMap<>();
        for (long[] row : look.skuSeqs()) {
            now.merge(row[0], row[1], Math::max);
        }
        Set<Long> changed = new HashSet<>();
        if (!first) {
            // Per SKU, rows commit in seq order (the row lock is held to commit): a higher seq is news.
            now.forEach((sku, seq) -> {
                if (seq > seen.getOrDefault(sku, Long.MIN_VALUE)) {
                    changed.add(sku);
                }
            });
        }
        seen = now;

        if (first) {
            marks.add(new Mark(look.at().minus(startLookback), Long.MIN_VALUE));  // "everything since the start"
        }
        marks.add(new Mark(look.at(), look.nextXid()));
        // The head is always a mark every open transaction began after; move it to the newest such mark.
        while (marks.size() > 1 && second().nextXid() <= look.xmin()) {
            marks.removeFirst();
        }
        if (marks.size() > MAX_MARKS) {
            dropSecond();  // coarser (an older next floor) is always safe
        }
        floor = marks.getFirst().at();

        boolean reloadAll = false;
        if (unsureUntilXmin >= 0 && look.xmin() >= unsureUntilXmin) {
            reloadAll = true;
            unsureUntilXmin = -1;
        }
        OffsetDateTime cap = look.at().minus(maxLookback);
        if (floor.isBefore(cap)) {
            floor = cap;
            if (unsureUntilXmin < 0) {
                unsureUntilXmin = look.nextXid();  // every transaction open now must end before we are sure again
            }
        }
        return new Seen(changed, reloadAll);
    }

    private Mark second() {
        Iterator<Mark> it = marks.iterator();
        it.next();
        return it.next();
    }

    private void dropSecond() {
        Mark head = marks.removeFirst();
        marks.removeFirst();
        marks.addFirst(head);
    }
}
