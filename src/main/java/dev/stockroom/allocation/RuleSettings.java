package dev.stockroom.allocation;

/**
 * The settings of one allocation rule as stored; an empty (null) field is not set (for a SKU's
 * own rule: inherited from the channel-wide rule).
 */
public record RuleSettings(Integer ringFence, Integer maxPercent, Integer maxUnits, Integer buffer, Boolean paused) {
}
