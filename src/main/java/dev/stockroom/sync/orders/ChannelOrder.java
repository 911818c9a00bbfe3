package dev.stockroom.sync.orders;

import dev.stockroom.ledger.OrderLine;
import java.time.Instant;
import java.util.List;

/** An order as a channel reports it now: where it stands, its lines (seller SKU codes), when it last changed. */
public record ChannelOrder(String orderId, State state, List<OrderLine> lines, Instant updatedAt) {
    public enum State { OPEN, CANCELLED, DISPATCHED }
}
