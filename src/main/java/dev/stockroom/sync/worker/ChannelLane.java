package dev.stockroom.sync.worker;

import dev.stockroom.sync.channels.BulkChannel;
import dev.stockroom.sync.channels.ChannelAdapter;
import dev.stockroom.sync.channels.ChannelConfig;
import dev.stockroom.sync.channels.ItemOutcome;
import dev.stockroom.sync.channels.ListingPush;
import dev.stockroom.sync.channels.PushResult;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One channel's pushes: at most one batch in flight per channel in this worker. For each batch
 * it reads the quantities now, skips what the channel already shows, waits for the rate limit,
 * asks the breaker, pushes, and hands every row's fate back to the database in one call.
 * A channel that takes bulk submissions (Amazon feeds) gets one instead when many listings are
 * due at once; a {@link FeedWatch} then follows it off the lane, so the lane stays free.
 */
final class ChannelLane {
    private static final Logger log = LoggerFactory.getLogger(ChannelLane.class);
    private static final Duration SAFETY = Duration.ofSeconds(2);

    final ChannelConfig config;
    final ChannelAdapter adapter;
    final ChannelGuards guards;
    final String fingerprint;
    private final SyncQueue queue;
    private final Clock clock;
    private final SyncOptions options;
    private final BooleanSupplier stopping;
    private final Duration callTimeout;
    private final RevisionCap revisions;
    final AtomicBoolean busy = new AtomicBoolean();
    /** The adapter's bulk side, or null when the channel has none. */
    final BulkChannel bulk;
    private final ScheduledExecutorService watches;
    private final Runnable wake;
    private volatile Instant holdUntil = Instant.MIN;
    /** Feeds this worker follows now (its own, and adopted ones). */
    private final Set<String> following = ConcurrentHashMap.newKeySet();
    private Instant nextAdoptLook = Instant.MIN;   // the worker loop's thread only

    ChannelLane(ChannelConfig config, ChannelAdapter adapter, String fingerprint, SyncQueue queue, Clock clock, SyncOptions options,
                BooleanSupplier stopping, ScheduledExecutorService watches, Runnable wake) {
        this.config = config;
        this.adapter = adapter;
        this.bulk = adapter instanceof BulkChannel b ? b : null;
        this.watches = watches;
        this.wake = wake;
        this.fingerprint = fingerprint;
        this.guards = new ChannelGuards(config, clock);
        this.queue = queue;
        this.clock = clock;
        this.options = options;
        this.stopping = stopping;
        this.callTimeout = Duration.ofMillis(config.timeoutMillis(15_000));
        this.revisions = new RevisionCap(queue, config.channel(), config.name(), adapter.revisionsPerDay(), clock);
    }

    String channel() {
        return config.channel();
    }

    Instant holdUntil() {
        return holdUntil;
    }

    /** How many rows to claim at once: a few calls' worth, so quantities stay fresh; a feed's worth when one may go now. */
    int claimSize(Instant now) {
        int calls = Math.max(adapter.batchCap(), Math.min(400, adapter.batchCap() * (int) Math.ceil(Math.max(1, guards.ratePerSecond) * 2)));
        return bulk != null && bulk.bulkAllowed(now) ? Math.max(calls, bulk.bulkCap()) : calls;
    }

    void run(List<ClaimedListing> claimed) {
        List<ClaimedListing> rows = claimed;
        int from = 0;
        try {
            if (bulk != null && claimed.size() > bulk.bulkThreshold() && bulk.bulkAllowed(clock.instant())) {
                rows = pushAsFeed(claimed);
            }
            int cap = adapter.batchCap();
            while (from < rows.size()) {
                List<ClaimedListing> batch = rows.subList(from, Math.min(rows.size(), from + cap));
                boolean goOn = pushBatch(batch);
                from += batch.size();
                if (!goOn) {
                    break;
                }
            }
        } catch (Exception | Error e) {
            // The batch that failed was not counted in 'from': it is given back below with the rest.
            log.error("sync of channel {} failed; its rows will be tried again", config.channel(), e);
        } finally {
            if (from < rows.size()) {
                release(rows.subList(from, rows.size()), laterOf(clock.instant(), holdUntil));
            }
        }
    }

    /** Listings that still need a push (read now), and their claimed rows, in the same order. */
    private record Due(List<ListingPush> pushes, List<ClaimedListing> rows) {
    }

    /**
     * Sends the listings that need a push as one bulk submission and leaves it to a {@link FeedWatch};
     * answers the rows left for single pushes: none when the submission went, all of them when it
     * could not (too few after all, breaker open, or the channel refused it: single pushes lose nothing).
     */
    private List<ClaimedListing> pushAsFeed(List<ClaimedListing> claimed) throws SQLException {
        Due due = due(claimed);
        if (due.pushes().size() <= bulk.bulkThreshold() || stopping.getAsBoolean() || !guards.channelUp()) {
            return due.rows();
        }
        Instant leaseEnd = due.rows().stream().map(ClaimedListing::leaseUntil).min(Instant::compareTo).orElseThrow();
        if (clock.instant().plus(callTimeout.multipliedBy(3)).plus(SAFETY).isAfter(leaseEnd)
                || !guards.breaker.tryAcquirePermission()) {
            return due.rows();   // a feed takes three calls: leave it to single pushes (the loop checks their leases)
        }
        long start = System.nanoTime();
        BulkChannel.Submission submission = bulk.submit(due.pushes());
        long latencyNanos = System.nanoTime() - start;
        if (submission.channelFailed()) {
            guards.breaker.onError(latencyNanos, TimeUnit.NANOSECONDS, new ChannelFailure(config.channel()));
        } else {
            guards.breaker.onSuccess(latencyNanos, TimeUnit.NANOSECONDS);
        }
        if (!submission.isAccepted()) {
            log.info("{}: no feed ({}); pushing {} listings one at a time", config.channel(), submission.whyNot(), due.rows().size());
            return due.rows();
        }
        log.info("{}: feed {} carries {} listings", config.channel(), submission.id(), due.rows().size());
        Instant now = clock.instant();
        SyncQueue.OpenFeed feed = new SyncQueue.OpenFeed(submission.id(), submission.batch(), due.rows(), now, now.plus(bulk.maxWait()));
        try {
            // Durable before anything else: another worker can follow the feed if this one dies.
            queue.openFeed(config.channel(), options.owner(), now, feed.feedId(), feed.batch(), feed.rows(), feed.giveUpAt(), options.leaseSeconds());
        } catch (SQLException e) {
            // Amazon has the feed but the database did not take it: its rows come back when their
            // leases end and go again then (after the feed, in all likelihood).
            log.warn("{}: feed {} could not be recorded ({}); its listings go again when their leases end",
                    config.channel(), submission.id(), e.getMessage());
            return List.of();
        }
        follow(feed);
        return List.of();
    }

    /** Follows a feed on the watch thread (once per feed in this worker). */
    void follow(SyncQueue.OpenFeed feed) {
        if (!following.add(feed.feedId())) {
            return;
        }
        try {
            new FeedWatch(this, feed).scheduleNext();
        } catch (RejectedExecutionException e) {
            // Shutting down: the feed stays recorded, and another worker adopts it once this one's watch ends.
            following.remove(feed.feedId());
            log.info("{}: stopping while feed {} is processed; another worker follows it", config.channel(), feed.feedId());
        }
    }

    void forgetFeed(String feedId) {
        following.remove(feedId);
    }

    /** Feeds of this channel whose watcher went quiet: follow them here (looked for every third of a lease). */
    void adoptFeeds(Instant now) throws SQLException {
        if (bulk == null || stopping.getAsBoolean() || now.isBefore(nextAdoptLook)) {
            return;
        }
        nextAdoptLook = now.plusMillis(Math.max(500, options.leaseSeconds() * 1000L / 3));
        for (SyncQueue.OpenFeed feed : queue.adoptFeeds(config.channel(), options.owner(), clock.instant(), options.leaseSeconds())) {
            log.info("{}: following feed {} ({} listings) sent by a worker that stopped", config.channel(), feed.feedId(), feed.batch().size());
            follow(feed);
        }
    }

    /** Reads the quantities now; settles the listings whose channel already shows theirs. */
    private Due due(List<ClaimedListing> batch) throws SQLException {
        List<Long> ids = batch.stream().map(ClaimedListing::skuId).toList();
        Map<Long, SyncQueue.Snapshot> now = queue.snapshot(config.channel(), options.owner(), ids);
        List<Settlement> skipped = new ArrayList<>();
        List<ListingPush> toPush = new ArrayList<>();
        List<ClaimedListing> pushed = new ArrayList<>();
        for (ClaimedListing row : batch) {
            SyncQueue.Snapshot s = now.get(row.skuId());
            if (s == null) {
                continue;   // another worker took the lease over: it is theirs now
            }
            if (Objects.equals(s.lastPushed(), s.quantity())) {
                skipped.add(new Settlement(row.skuId(), s.version(), s.quantity(), "skipped", null, null, null));
            } else {
                toPush.add(new ListingPush(row.skuId(), row.skuCode(), row.externalId(), s.quantity(), s.lastPushed(), s.lastPushedAt(), s.version()));
                pushed.add(row);
            }
        }
        queue.settle(config.channel(), options.owner(), clock.instant(), 0, 0, skipped);
        return new Due(toPush, pushed);
    }

    /** Listings at the channel's daily revision cap wait (with a sentence for the seller) until it frees; answers the rest. */
    private Due holdOverRevised(Due due) throws SQLException {
        Map<Long, Instant> capped = revisions.atCap(due.pushes().stream().map(ListingPush::skuId).toList());
        if (capped.isEmpty()) {
            return due;
        }
        List<Settlement> waiting = new ArrayList<>();
        List<ListingPush> pushes = new ArrayList<>();
        List<ClaimedListing> rows = new ArrayList<>();
        for (int i = 0; i < due.pushes().size(); i++) {
            ListingPush p = due.pushes().get(i);
            Instant freeAt = capped.get(p.skuId());
            if (freeAt == null) {
                pushes.add(p);
                rows.add(due.rows().get(i));
            } else {
                waiting.add(new Settlement(p.skuId(), p.version(), p.quantity(), "throttled", freeAt, revisions.why(p.skuCode(), freeAt), null));
            }
        }
        queue.settle(config.channel(), options.owner(), clock.instant(), 0, 0, waiting);
        return new Due(pushes, rows);
    }

    /** Pushes one batch; false when the lane should stop for now (throttled, breaker open, shutting down). */
    private boolean pushBatch(List<ClaimedListing> batch) throws SQLException {
        if (stopping.getAsBoolean()) {
            return false;
        }
        if (clock.instant().isBefore(holdUntil)) {
            return false;
        }
        Due due = holdOverRevised(due(batch));
        List<ListingPush> toPush = due.pushes();
        List<ClaimedListing> pushed = due.rows();
        if (toPush.isEmpty()) {
            return true;
        }
        if (!guards.takeCall()) {
            release(pushed, clock.instant());
            return false;
        }
        Instant leaseEnd = pushed.stream().map(ClaimedListing::leaseUntil).min(Instant::compareTo).orElseThrow();
        if (clock.instant().plus(callTimeout).plus(SAFETY).isAfter(leaseEnd)) {
            release(pushed, clock.instant());   // the lease could run out mid-call: let the next claim take it fresh
            return false;
        }
        if (!guards.breaker.tryAcquirePermission()) {
            release(pushed, clock.instant().plusSeconds(1));
            return false;
        }
        long start = System.nanoTime();
        PushResult result;
        try {
            result = adapter.push(toPush);
        } catch (RuntimeException e) {
            log.warn("{} adapter failed: {}", config.channel(), e.toString());
            result = PushResult.all(toPush, 0, ItemOutcome.retry(config.name() + ": " + e.getMessage()), null, true);
        }
        long latencyNanos = System.nanoTime() - start;
        if (result.channelFailed()) {
            guards.breaker.onError(latencyNanos, TimeUnit.NANOSECONDS, new ChannelFailure(config.channel()));
        } else {
            guards.breaker.onSuccess(latencyNanos, TimeUnit.NANOSECONDS);
        }
        boolean goOn = settle(toPush, pushed, result, latencyNanos);
        if (result.channelFailed()) {
            return false;   // let backoff and the breaker decide when to call again
        }
        return goOn;
    }

    /** Hands the channel's answer for each listing to the database; false when the channel asked us to slow down. */
    boolean settle(List<ListingPush> toPush, List<ClaimedListing> pushed, PushResult result, long latencyNanos) throws SQLException {
        Outcomes o = outcomes(toPush, pushed, result);
        queue.settle(config.channel(), options.owner(), clock.instant(), result.httpStatus(), latencyNanos / 1_000_000, o.settlements());
        return o.goOn();
    }

    /** Each listing's fate from the channel's answer; goOn false when the channel asked us to slow down (the lane holds). */
    record Outcomes(List<Settlement> settlements, boolean goOn) {
    }

    Outcomes outcomes(List<ListingPush> toPush, List<ClaimedListing> pushed, PushResult result) {
        Instant at = clock.instant();
        boolean goOn = true;
        List<Settlement> settled = new ArrayList<>();
        for (int i = 0; i < toPush.size(); i++) {
            ListingPush p = toPush.get(i);
            ClaimedListing row = pushed.get(i);
            ItemOutcome o = result.outcome(p.skuId());
            settled.add(switch (o.kind()) {
                case PUSHED -> new Settlement(p.skuId(), p.version(), p.quantity(), "pushed", null, null, null);
                case RETRY -> new Settlement(p.skuId(), p.version(), p.quantity(), "retry",
                        at.plus(options.backoff().delay(row.attempts(), ThreadLocalRandom.current())), o.message(), null);
                case THROTTLED -> {
                    Instant due = result.retryAt() != null ? result.retryAt()
                            : at.plus(options.backoff().delay(row.attempts(), ThreadLocalRandom.current()));
                    holdUntil = laterOf(holdUntil, result.retryAt() != null ? result.retryAt() : at.plusSeconds(1));
                    goOn = false;
                    yield new Settlement(p.skuId(), p.version(), p.quantity(), "throttled", due, o.message(), null);
                }
                case PARKED -> new Settlement(p.skuId(), p.version(), p.quantity(), "parked", null, o.message(), null);
                case DRIFT -> new Settlement(p.skuId(), p.version(), p.quantity(), "drift", at, o.message(), o.found());
                case DEFERRED -> new Settlement(p.skuId(), p.version(), p.quantity(), "deferred", at, o.message(), null);
            });
        }
        return new Outcomes(settled, goOn);
    }

    // ------------------------------------------------------------ for FeedWatch

    SyncQueue queue() {
        return queue;
    }

    Clock clock() {
        return clock;
    }

    SyncOptions options() {
        return options;
    }

    boolean stopping() {
        return stopping.getAsBoolean();
    }

    ScheduledExecutorService watches() {
        return watches;
    }

    /** A feed finished: its listings may need the loop (a version moved, a retry is due). */
    void wakeWorker() {
        wake.run();
    }

    /** Gives rows back untried: due at {@code due}, no attempt counted. */
    private void release(List<ClaimedListing> rows, Instant due) {
        List<Settlement> deferred = rows.stream()
                .map(r -> new Settlement(r.skuId(), r.version(), null, "deferred", due, null, null)).toList();
        try {
            queue.settle(config.channel(), options.owner(), clock.instant(), 0, 0, deferred);
        } catch (SQLException e) {
            log.warn("could not give back {} rows of {} ({}); their leases will expire", rows.size(), config.channel(), e.getMessage());
        }
    }

    private static Instant laterOf(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** Recorded by the breaker: the channel failed (details are in the attempt rows). */
    static final class ChannelFailure extends RuntimeException {
        ChannelFailure(String channel) {
            super("channel " + channel + " failed", null, false, false);
        }
    }
}
