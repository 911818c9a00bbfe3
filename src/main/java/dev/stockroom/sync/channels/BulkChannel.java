package dev.stockroom.sync.channels;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A channel that can also take many listings in one asynchronous submission (Amazon's
 * JSON_LISTINGS_FEED): submitted once, then asked about until it is processed. The worker
 * sends a submission instead of single calls when more than {@link #bulkThreshold()} listings
 * are due at once and the channel's budget for submissions allows it.
 */
public interface BulkChannel {
    /** More listings than this, due at once, go as one submission. */
    int bulkThreshold();

    /** The most listings one submission carries. */
    int bulkCap();

    /** Whether a submission may be sent now (the channel's budget for them is not spent). */
    boolean bulkAllowed(Instant now);

    /** How long to wait between questions about a submission in progress. */
    Duration pollEvery();

    /** How long a submission may take before its listings are pushed again. */
    Duration maxWait();

    /** Sends the listings as one submission; never throws for the channel's problems. */
    Submission submit(List<ListingPush> batch);

    /** Asks about an accepted submission; never throws for the channel's problems. */
    Progress progress(Submission accepted);

    /**
     * What became of a submission: {@code id} when the channel accepted it; otherwise why not,
     * and whether that counts as the channel failing (for its circuit breaker).
     */
    record Submission(String id, List<ListingPush> batch, String whyNot, boolean channelFailed) {
        public static Submission accepted(String id, List<ListingPush> batch) {
            return new Submission(id, List.copyOf(batch), null, false);
        }

        public static Submission notSent(List<ListingPush> batch, String why, boolean channelFailed) {
            return new Submission(null, List.copyOf(batch), why, channelFailed);
        }

        public boolean isAccepted() {
            return id != null;
        }
    }

    /** A submission still in the channel's hands, done (an outcome per listing), or failed as a whole. */
    record Progress(State state, PushResult result, String message) {
        public enum State { WAITING, DONE, FAILED }

        public static Progress waiting(String status) {
            return new Progress(State.WAITING, null, status);
        }

        public static Progress done(PushResult result) {
            return new Progress(State.DONE, result, null);
        }

        public static Progress failed(String message) {
            return new Progress(State.FAILED, null, message);
        }
    }
}
