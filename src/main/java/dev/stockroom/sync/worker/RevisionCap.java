package dev.stockroom.sync.worker;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * A channel's cap on revisions of one listing per day (eBay: 250 per calendar day, for any API).
 * Counted from the pushes recorded in sync_attempt over the last 24 hours, a rolling window: at
 * most N in every 24 hours is at most N in every calendar day, whatever time zone the channel
 * counts its days in. A listing at the cap waits, with a sentence saying so and until when,
 * until its oldest counted revision is 24 hours old.
 */
final class RevisionCap {
    static final Duration DAY = Duration.ofHours(24);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final SyncQueue queue;
    private final String channel;
    private final String channelName;
    private final int perDay;
    private final Clock clock;

    RevisionCap(SyncQueue queue, String channel, String channelName, int perDay, Clock clock) {
        this.queue = queue;
        this.channel = channel;
        this.channelName = channelName;
        this.perDay = perDay;
        this.clock = clock;
    }

    /** Listings of these that are at the cap now, each with the time it may be revised again. */
    Map<Long, Instant> atCap(List<Long> skuIds) throws SQLException {
        if (perDay <= 0 || skuIds.isEmpty()) {
            return Map.of();
        }
        return queue.revisedTooOften(channel, skuIds, clock.instant().minus(DAY), perDay);
    }

    /** What the seller reads on a listing that waits for the cap. */
    String why(String sku, Instant freeAt) {
        return channelName + " lets a listing be revised at most " + perDay + " times a day; " + sku + " had " + perDay
                + " in the last 24 hours. Its quantity goes again at " + WHEN.format(freeAt) + ".";
    }
}
