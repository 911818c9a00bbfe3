package dev.stockroom.ledger;

import static dev.stockroom.db.schema.Tables.LEDGER;
import static dev.stockroom.db.schema.Tables.SKU;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jooq.DSLContext;

/** A SKU's stock over time, read from its ledger rows' balances (no sums over history). */
public final class StockHistory {
    /** Stock right after one ledger row. */
    public record Point(Instant at, int onHand, int reserved) {
        public int available() {
            return onHand - reserved;
        }
    }

    private final DSLContext dsl;
    private final long sellerId;

    public StockHistory(DSLContext dsl, long sellerId) {
        this.dsl = dsl;
        this.sellerId = sellerId;
    }

    /** Oldest first, the latest {@code limit} points of the SKU's history. */
    public List<Point> series(String code, int limit) {
        List<Point> newestFirst = dsl.select(LEDGER.CREATED_AT, LEDGER.ON_HAND_AFTER, LEDGER.RESERVED_AFTER)
                .from(LEDGER)
                .join(SKU).on(SKU.SELLER_ID.eq(LEDGER.SELLER_ID).and(SKU.SKU_ID.eq(LEDGER.SKU_ID)))
                .where(LEDGER.SELLER_ID.eq(sellerId)).and(SKU.CODE.eq(code))
                .orderBy(LEDGER.SEQ.desc())
                .limit(limit)
                .fetch(r -> new Point(r.value1().toInstant(), r.value2(), r.value3()));
        List<Point> oldestFirst = new ArrayList<>(newestFirst);
        Collections.reverse(oldestFirst);
        return oldestFirst;
    }
}
