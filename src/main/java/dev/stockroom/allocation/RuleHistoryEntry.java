package dev.stockroom.allocation;

import java.time.Instant;

/** One recorded rule change: what it was and became, in words, by whom and when. */
public record RuleHistoryEntry(long changeId, String channel, String sku, String action, String before, String after,
                               String warnings, String changedBy, Instant changedAt) {
}
