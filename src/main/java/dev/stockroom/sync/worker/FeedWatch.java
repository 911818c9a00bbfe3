package dev.stockroom.sync.worker;

import dev.stockroom.sync.channels.BulkChannel;
import dev.stockroom.sync.channels.ItemOutcome;
import dev.stockroom.sync.channels.PushResult;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one accepted feed until the channel has processed it, off the channel's lane: each
 * look renews the lease on the feed's rows (so no worker pushes them while Amazon may still
 * apply the feed), asks about the feed, and when its report is there settles every row with its
 * own outcome. If this worker stops or dies, the renewals stop and the rows come back within
 * one lease; a feed that never finishes is given up after the channel's longest wait.
 */
final class FeedWatch implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(FeedWatch.class);

    private final ChannelLane lane;
    private final BulkChannel.Submission submission;
    private final List<ClaimedListing> rows;
    private final List<Long> skuIds;
    private final Instant giveUpAt;
    private final long startNanos = System.nanoTime();

    FeedWatch(ChannelLane lane, BulkChannel.Submission submission, List<ClaimedListing> rows, Instant giveUpAt) {
        this.lane = lane;
        this.submission = submission;
        this.rows = List.copyOf(rows);
        this.skuIds = rows.stream().map(ClaimedListing::skuId).toList();
        this.giveUpAt = giveUpAt;
    }

    void scheduleNext() {
        // Looks come well inside a lease, so the renewal always lands before the lease ends.
        Duration every = lane.bulk.pollEvery();
        Duration leaseThird = Duration.ofSeconds(lane.options().leaseSeconds()).dividedBy(3);
        long millis = Math.max(10, Math.min(every.toMillis(), leaseThird.toMillis()));
        lane.watches().schedule(this, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void run() {
        if (lane.stopping()) {
            return;
        }
        String channel = lane.channel();
        try {
            Instant now = lane.clock().instant();
            if (lane.queue().extendLease(channel, lane.options().owner(), now, skuIds, lane.options().leaseSeconds()) == 0) {
                return;   // every row was taken over by another worker: theirs now
            }
            BulkChannel.Progress progress = lane.bulk.progress(submission);
            switch (progress.state()) {
                case DONE -> finish(progress.result());
                case FAILED -> finish(PushResult.all(submission.batch(), 0, ItemOutcome.retry(progress.message()), null, false));
                case WAITING -> {
                    if (now.isAfter(giveUpAt)) {
                        finish(PushResult.all(submission.batch(), 0, ItemOutcome.retry(lane.config.name() + " had not finished feed "
                                + submission.id() + " after " + minutes(now) + " min (" + progress.message() + "); sending again"), null, false));
                    } else {
                        scheduleNext();
                    }
                }
            }
        } catch (Exception | Error e) {
            log.warn("following feed {} on {} failed; looking again", submission.id(), channel, e);
            scheduleNext();
        }
    }

    private void finish(PushResult result) throws SQLException {
        lane.settle(submission.batch(), rows, result, System.nanoTime() - startNanos);
        log.info("{}: feed {} settled", lane.channel(), submission.id());
        lane.wakeWorker();
    }

    private long minutes(Instant now) {
        return Duration.between(giveUpAt.minus(lane.bulk.maxWait()), now).toMinutes();
    }
}
