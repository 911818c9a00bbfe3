package dev.stockroom.ledger;

import static dev.stockroom.db.schema.Tables.CHANNEL;
import static dev.stockroom.db.schema.Tables.LISTING;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Field;

/**
 * What each marketplace is shown of each SKU: {@code stockroom.channel_quantity}, the same
 * function the sync worker pushes from, so the console never computes its own allocation.
 */
public final class ChannelStock {
    /** A seller's marketplace connection as the console lists it. */
    public record Channel(String code, String kind, String name, boolean paused) {
    }

    private final DSLContext dsl;
    private final long sellerId;

    public ChannelStock(DSLContext dsl, long sellerId) {
        this.dsl = dsl;
        this.sellerId = sellerId;
    }

    public List<Channel> channels() {
        return dsl.select(CHANNEL.CHANNEL_, CHANNEL.KIND, CHANNEL.NAME, CHANNEL.PAUSED).from(CHANNEL)
                .where(CHANNEL.SELLER_ID.eq(sellerId))
                .orderBy(CHANNEL.CHANNEL_)
                .fetch(r -> new Channel(r.value1(), r.value2(), r.value3(), r.value4()));
    }

    /** Per SKU id, per channel code, the quantity shown; a SKU not listed on a channel has no entry. */
    public Map<Long, Map<String, Integer>> shownQuantities() {
        Field<Integer> shown = field("stockroom.channel_quantity({0}, {1}, {2})", Integer.class,
                inline(sellerId), LISTING.SKU_ID, LISTING.CHANNEL);
        Map<Long, Map<String, Integer>> out = new HashMap<>();
        dsl.select(LISTING.SKU_ID, LISTING.CHANNEL, shown).from(LISTING)
                .where(LISTING.SELLER_ID.eq(sellerId))
                .forEach(r -> out.computeIfAbsent(r.value1(), k -> new HashMap<>()).put(r.value2(), r.value3()));
        return out;
    }
}
