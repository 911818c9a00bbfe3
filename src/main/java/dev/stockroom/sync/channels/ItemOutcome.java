package dev.stockroom.sync.channels;

/** What happened to one listing in a push, in the channel's own words where it gave any. */
public record ItemOutcome(Kind kind, String message, Integer found) {
    public enum Kind {
        /** the channel now shows the quantity */
        PUSHED,
        /** a transient failure: try again after a backoff */
        RETRY,
        /** the channel asked us to slow down */
        THROTTLED,
        /** a permanent refusal: stop and show the seller */
        PARKED,
        /** the channel held a different quantity than Stockroom last set */
        DRIFT,
        /** not applied because of another listing in the same call: try again at once, no attempt counted */
        DEFERRED
    }

    public static ItemOutcome pushed() {
        return new ItemOutcome(Kind.PUSHED, null, null);
    }

    public static ItemOutcome retry(String message) {
        return new ItemOutcome(Kind.RETRY, message, null);
    }

    public static ItemOutcome throttled(String message) {
        return new ItemOutcome(Kind.THROTTLED, message, null);
    }

    public static ItemOutcome parked(String message) {
        return new ItemOutcome(Kind.PARKED, message, null);
    }

    public static ItemOutcome deferred(String message) {
        return new ItemOutcome(Kind.DEFERRED, message, null);
    }

    public static ItemOutcome drift(String message, Integer found) {
        return new ItemOutcome(Kind.DRIFT, message, found);
    }
}
