package dev.stockroom.sync.orders;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Movement ids for channel orders, derived from (seller, channel, order, event): the same
 * delivery of the same event always maps to the same kernel call, so it counts once.
 */
public final class OrderMovements {
    private OrderMovements() {
    }

    public static UUID of(long sellerId, String channel, String orderId, String event) {
        String name = "stockroom-order\n" + sellerId + "\n" + channel + "\n" + orderId + "\n" + event;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }
}
