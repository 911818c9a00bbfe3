package dev.stockroom.ledger;

import java.time.Instant;

/** A SKU's stock at a past moment, and the ledger seq it was read from (0: no history yet). */
public record StockAt(String sku, Instant at, int onHand, int reserved, long seq) {
    public int available() {
        return onHand - reserved;
    }
}
