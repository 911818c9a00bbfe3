package dev.stockroom.sync.orders;

import java.io.IOException;
import java.time.Instant;

/** Reads a channel's orders that changed at or after a moment, a page at a time. */
public interface OrderSource {
    /** {@code page} is null for the first page, then the previous page's {@code nextPage}. */
    OrderPage changedSince(Instant since, String page) throws IOException, OrderSourceException;

    /** The channel refused (bad credentials, bad request): polling stops until the seller fixes it. */
    final class OrderSourceException extends Exception {
        private final boolean throttled;

        public OrderSourceException(String message, boolean throttled) {
            super(message);
            this.throttled = throttled;
        }

        public boolean throttled() {
            return throttled;
        }
    }
}
