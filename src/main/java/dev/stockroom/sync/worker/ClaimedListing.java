package dev.stockroom.sync.worker;

import java.time.Instant;

/** An outbox row this worker holds until {@code leaseUntil}. */
record ClaimedListing(long skuId, String skuCode, String externalId, long version, int attempts, Instant leaseUntil) {
}
