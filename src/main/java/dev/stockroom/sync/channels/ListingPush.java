package dev.stockroom.sync.channels;

import java.time.Instant;

/**
 * One listing to set on a channel: the SKU, the channel's id for it, the quantity to show,
 * what Stockroom believes the channel shows now ({@code believed}, null when unknown) and when
 * Stockroom last set it (so a retry of this push can be told from a later, identical one).
 */
public record ListingPush(long skuId, String skuCode, String externalId, int quantity, Integer believed, Instant lastPushedAt,
                          long version) {
}
