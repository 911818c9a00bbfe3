package dev.stockroom.ledger;

import static dev.stockroom.db.schema.Tables.RESERVATION;
import static dev.stockroom.db.schema.Tables.SKU;
import static org.jooq.impl.DSL.noCondition;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;

/** Reading channel orders' holds, newest first. Changes go through {@link StockKernel}. */
public final class ReservationQueries {
    private final DSLContext dsl;
    private final long sellerId;

    public ReservationQueries(DSLContext dsl, long sellerId) {
        this.dsl = dsl;
        this.sellerId = sellerId;
    }

    /**
     * @param status held, confirmed, released, expired, or null for all
     * @param search part of an order reference or SKU code (case-insensitive), or null
     */
    public List<Reservation> list(String status, String search, int limit) {
        Condition where = RESERVATION.SELLER_ID.eq(sellerId);
        where = where.and(status == null ? noCondition() : RESERVATION.STATUS.eq(status));
        if (search != null && !search.isBlank()) {
            String like = "%" + search.trim().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            where = where.and(RESERVATION.ORDER_REF.likeIgnoreCase(like).or(SKU.CODE.likeIgnoreCase(like)));
        }
        return dsl.select(RESERVATION.CHANNEL, RESERVATION.ORDER_REF, SKU.CODE, RESERVATION.QTY, RESERVATION.STATUS,
                        RESERVATION.CREATED_AT, RESERVATION.EXPIRES_AT, RESERVATION.CLOSED_AT)
                .from(RESERVATION)
                .join(SKU).on(SKU.SELLER_ID.eq(RESERVATION.SELLER_ID).and(SKU.SKU_ID.eq(RESERVATION.SKU_ID)))
                .where(where)
                .orderBy(RESERVATION.CREATED_AT.desc(), RESERVATION.ORDER_REF, SKU.CODE)
                .limit(limit)
                .fetch(r -> new Reservation(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(),
                        instant(r.value6()), instant(r.value7()), instant(r.value8())));
    }

    /** The lines of one order still held, on any channel: how the desk finds a scanned packing slip. */
    public List<Reservation> heldOrder(String orderRef) {
        return order(orderRef).stream().filter(Reservation::held).toList();
    }

    /** Every line of orders with this reference, whatever their status. */
    public List<Reservation> order(String orderRef) {
        return dsl.select(RESERVATION.CHANNEL, RESERVATION.ORDER_REF, SKU.CODE, RESERVATION.QTY, RESERVATION.STATUS,
                        RESERVATION.CREATED_AT, RESERVATION.EXPIRES_AT, RESERVATION.CLOSED_AT)
                .from(RESERVATION)
                .join(SKU).on(SKU.SELLER_ID.eq(RESERVATION.SELLER_ID).and(SKU.SKU_ID.eq(RESERVATION.SKU_ID)))
                .where(RESERVATION.SELLER_ID.eq(sellerId)).and(RESERVATION.ORDER_REF.equalIgnoreCase(orderRef.trim()))
                .orderBy(RESERVATION.CHANNEL, SKU.CODE)
                .fetch(r -> new Reservation(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(),
                        instant(r.value6()), instant(r.value7()), instant(r.value8())));
    }

    /** Held orders (distinct channel and reference). */
    public int heldOrders() {
        return dsl.fetchCount(dsl.selectDistinct(RESERVATION.CHANNEL, RESERVATION.ORDER_REF).from(RESERVATION)
                .where(RESERVATION.SELLER_ID.eq(sellerId)).and(RESERVATION.STATUS.eq("held")));
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
