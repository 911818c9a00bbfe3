package dev.stockroom.sync.worker;

import java.time.Instant;

/** What becomes of one claimed row: see stockroom.sync_settle for the outcomes. */
record Settlement(long skuId, long version, Integer quantity, String outcome, Instant dueAt, String error, Integer found) {
}
