package dev.stockroom.ledger;

import java.time.Instant;

/** One line of a channel order's hold: held, confirmed (dispatched), released or expired. */
public record Reservation(String channel, String orderRef, String sku, int qty, String status, Instant createdAt,
                          Instant expiresAt, Instant closedAt) {
    public boolean held() {
        return "held".equals(status);
    }
}
