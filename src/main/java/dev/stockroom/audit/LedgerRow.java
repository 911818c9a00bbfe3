package dev.stockroom.audit;

import java.time.Instant;
import java.util.UUID;

/** One ledger row as the database stores it and an export carries it. */
public record LedgerRow(
        long sellerId, long skuId, long seq, String kind,
        int onHandDelta, int reservedDelta, int onHandAfter, int reservedAfter,
        String channel, String orderRef, String reason, UUID movementId, String actor,
        Instant createdAt, byte[] prevHash, byte[] hash) {
}
