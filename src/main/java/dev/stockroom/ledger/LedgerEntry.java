package dev.stockroom.ledger;

import java.time.Instant;
import java.util.UUID;

/** One ledger row with its SKU code, for history screens and the CLI. */
public record LedgerEntry(long skuId, String sku, long seq, String kind, int onHandDelta, int reservedDelta,
                          int onHandAfter, int reservedAfter, String channel, String orderRef, String reason,
                          UUID movementId, String actor, Instant createdAt) {

    /** The keyset position of this row in a newest-first listing. */
    public LedgerPage.Key key() {
        return new LedgerPage.Key(createdAt, skuId, seq);
    }
}
