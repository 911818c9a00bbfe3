package dev.stockroom.allocation;

/**
 * What one channel is shown of one SKU: the quantity, the rule that binds it (named in a
 * refusal) and the explanation, e.g. "35 available - 30 ring-fenced for amazon = 5; 40% cap of
 * 35 = 14; shows 5". {@code sku} is null for a what-if preview of no particular SKU.
 */
public record ChannelAllocation(String sku, String channel, int available, int quantity, String rule, String explanation) {
}
