package dev.stockroom.ledger;

import java.time.Instant;

/** What to show of the ledger; null fields do not filter. */
public record LedgerFilter(String sku, String kind, String channel, String actor, Instant from, Instant to) {
    public static final LedgerFilter ALL = new LedgerFilter(null, null, null, null, null, null);

    public LedgerFilter withSku(String code) {
        return new LedgerFilter(code, kind, channel, actor, from, to);
    }
}
