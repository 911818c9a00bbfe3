package dev.stockroom.ledger;

import java.util.UUID;

/** One order in a {@link StockKernel#sellBatch} call for a single SKU. */
public record BatchOrder(UUID movementId, int qty, String channel, String orderRef) {
    public static BatchOrder of(int qty, String channel, String orderRef) {
        return new BatchOrder(UUID.randomUUID(), qty, channel, orderRef);
    }
}
