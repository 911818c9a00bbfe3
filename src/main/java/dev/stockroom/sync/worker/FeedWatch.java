package dev.stockroom.sync.worker;

import dev.stockroom.sync.channels.BulkChannel;
import dev.stockroom.sync.channels.ItemOutcome;
import dev.stockroom.sync.channels.ListingPush;
import dev.stockroom.sync.channels.PushResult;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one accepted feed until the channel has processed it, off the channel's lane. The
 * feed is kept in stockroom.sync_feed (V10) with what it carries; its listings stay leased to
 * the worker watching it until the feed's give-up time. Each look renews the watch; when the
 * report is there every listing is settled with its own outcome, and the feed closed, in one
 * transaction. If this worker dies its watch runs out and another worker adopts the feed (a new
 * FeedWatch over the same record); a feed that never finishes is given up after the longest wait.
 */
final class FeedWatch implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(FeedWatch.class);

    private final ChannelLane lane;
    private final BulkChannel.Submission submission;
    private final List<ClaimedListing> rows;
    private final Instant sentAt;
    private final Instant giveUpAt;

    FeedWatch(ChannelLane lane, SyncQueue.OpenFeed feed) {
        this.lane = lane;
        this.submission = BulkChannel.Submission.accepted(feed.feedId(), feed.batch());
        this.rows = List.copyOf(feed.rows());
        this.sentAt = feed.sentAt();
        this.giveUpAt = feed.giveUpAt();
    }

    String feedId() {
        return submission.id();
    }

    void scheduleNext() {
        // Looks come well inside a watch lease, so the renewal always lands before it ends.
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
            if (!lane.queue().watchFeed(channel, lane.options().owner(), now, submission.id(), lane.options().leaseSeconds())) {
                lane.forgetFeed(submission.id());
                return;   // another worker adopted the feed, or it was settled: theirs now
            }
            BulkChannel.Progress progress = lane.bulk.progress(submission);
            switch (progress.state()) {
                case DONE -> finish(progress.result());
                case FAILED -> finish(PushResult.all(submission.batch(), 0, ItemOutcome.retry(progress.message()), null, false));
                case WAITING -> {
                    if (now.isAfter(giveUpAt)) {
                        finish(PushResult.all(submission.batch(), 0, ItemOutcome.retry(lane.config.name() + " had not finished feed "
                                + submission.id() + " after " + Duration.between(sentAt, now).toMinutes() + " min (" + progress.message()
                                + "); sending again"), null, false));
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
        Instant now = lane.clock().instant();
        List<ListingPush> batch = submission.batch();
        List<Settlement> settled = lane.outcomes(batch, rows, result).settlements();
        boolean mine = lane.queue().settleFeed(lane.channel(), lane.options().owner(), now, submission.id(), result.httpStatus(),
                Duration.between(sentAt, now).toMillis(), settled);
        lane.forgetFeed(submission.id());
        log.info("{}: feed {} {}", lane.channel(), submission.id(), mine ? "settled" : "was settled by another worker");
        lane.wakeWorker();
    }
}
