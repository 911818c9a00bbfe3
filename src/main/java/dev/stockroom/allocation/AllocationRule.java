package dev.stockroom.allocation;

import java.time.Instant;

/**
 * A rule as saved: for a channel and all its SKUs ({@code sku} null) or one SKU, with its
 * settings, the same in words ("ring-fence 30, buffer 5"), and who set it when.
 */
public record AllocationRule(String channel, String sku, RuleSettings settings, String words, String updatedBy, Instant updatedAt) {
    public boolean channelWide() {
        return sku == null;
    }

    /** "amazon" or "amazon for MUG-WHT-350". */
    public String scope() {
        return sku == null ? channel : channel + " for " + sku;
    }
}
