package dev.stockroom.audit;

/**
 * One reservation from reservations.csv: its state at the end of the export's range, and when
 * (ledger time) it was made and closed; {@code closedAt} is {@link Long#MIN_VALUE} while held.
 */
public record ReservationRow(String channel, String orderRef, String sku, long skuId, int qty, String statusAtEnd,
                             long expiresAt, long reservedAt, long closedAt, long line) {
    public boolean heldAtEnd() {
        return "held".equals(statusAtEnd);
    }

    public boolean closed() {
        return closedAt != Long.MIN_VALUE;
    }
}
