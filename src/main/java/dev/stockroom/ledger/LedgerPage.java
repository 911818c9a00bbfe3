package dev.stockroom.ledger;

import java.time.Instant;
import java.util.List;

/** A page of ledger rows, newest first, and where the next page starts (keyset paging). */
public record LedgerPage(List<LedgerEntry> rows, Key next) {
    /** Position after which the next page starts: rows strictly older than this key. */
    public record Key(Instant createdAt, long skuId, long seq) {
    }

    public boolean hasMore() {
        return next != null;
    }
}
