package dev.stockroom.sync.channels;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A channel's answer to one push: an outcome per listing, the HTTP status (0 when no answer
 * came), when the channel asked us to come back (Retry-After), and whether the answer counts
 * as the channel failing (for its circuit breaker).
 */
public record PushResult(int httpStatus, Map<Long, ItemOutcome> items, Instant retryAt, boolean channelFailed) {

    /** Every listing in the batch gets the same outcome. */
    public static PushResult all(List<ListingPush> batch, int status, ItemOutcome outcome, Instant retryAt, boolean failed) {
        Map<Long, ItemOutcome> items = new LinkedHashMap<>();
        for (ListingPush p : batch) {
            items.put(p.skuId(), outcome);
        }
        return new PushResult(status, items, retryAt, failed);
    }

    public ItemOutcome outcome(long skuId) {
        ItemOutcome o = items.get(skuId);
        // A listing the channel's answer did not mention: its fate is unknown, so it is tried again.
        return o != null ? o : ItemOutcome.retry("the channel's answer did not mention this listing");
    }
}
