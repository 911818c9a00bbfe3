package dev.stockroom.ledger;

import static dev.stockroom.db.schema.Tables.BARCODE;
import static dev.stockroom.db.schema.Tables.KIT_COMPONENT;
import static dev.stockroom.db.schema.Tables.LEDGER;
import static dev.stockroom.db.schema.Tables.REJECTION;
import static dev.stockroom.db.schema.Tables.SKU;
import static dev.stockroom.db.schema.Tables.STOCK;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.floor;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.min;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.row;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.listAgg;

import dev.stockroom.db.schema.tables.KitComponent;
import dev.stockroom.db.schema.tables.Stock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Result;
import dev.stockroom.db.schema.tables.records.LedgerRecord;
import java.util.Map;

/** Reading stock and history. Everything here is a read under the login's row-level security. */
public final class StockQueries {
    private final DSLContext dsl;
    private final long sellerId;

    public StockQueries(DSLContext dsl, long sellerId) {
        this.dsl = dsl;
        this.sellerId = sellerId;
    }

    /** Every SKU with its stock, kits with how many whole kits their components make. */
    public List<StockLevel> stockLevels() {
        KitComponent kc = KIT_COMPONENT.as("kc");
        Stock cs = STOCK.as("cs");
        Field<Integer> kitAvailable = select(coalesce(min(floor(cs.ON_HAND.minus(cs.RESERVED).div(kc.QTY))), inline(0)).cast(Integer.class))
                .from(kc).join(cs).on(cs.SELLER_ID.eq(kc.SELLER_ID).and(cs.SKU_ID.eq(kc.COMPONENT_SKU_ID)))
                .where(kc.SELLER_ID.eq(SKU.SELLER_ID).and(kc.KIT_SKU_ID.eq(SKU.SKU_ID)))
                .asField();
        Field<String> barcodes = select(listAgg(BARCODE.BARCODE_, " ").withinGroupOrderBy(BARCODE.BARCODE_))
                .from(BARCODE).where(BARCODE.SELLER_ID.eq(SKU.SELLER_ID).and(BARCODE.SKU_ID.eq(SKU.SKU_ID)))
                .asField();
        return dsl.select(SKU.SKU_ID, SKU.CODE, SKU.TITLE, SKU.IS_KIT, SKU.LOW_STOCK_AT, STOCK.ON_HAND, STOCK.RESERVED,
                        kitAvailable.as("kit_available"), barcodes.as("barcodes"))
                .from(SKU)
                .leftJoin(STOCK).on(STOCK.SELLER_ID.eq(SKU.SELLER_ID).and(STOCK.SKU_ID.eq(SKU.SKU_ID)))
                .where(SKU.SELLER_ID.eq(sellerId))
                .orderBy(SKU.CODE)
                .fetch(r -> {
                    boolean kit = r.get(SKU.IS_KIT);
                    int onHand = kit ? 0 : r.get(STOCK.ON_HAND);
                    int reserved = kit ? 0 : r.get(STOCK.RESERVED);
                    int available = kit ? r.get("kit_available", Integer.class) : onHand - reserved;
                    return new StockLevel(r.get(SKU.SKU_ID), r.get(SKU.CODE), r.get(SKU.TITLE), kit, onHand, reserved,
                            available, r.get(SKU.LOW_STOCK_AT), r.get("barcodes", String.class));
                });
    }

    public Optional<StockLevel> stockLevel(String code) {
        return stockLevels().stream().filter(s -> s.code().equals(code)).findFirst();
    }

    /** What a scanner typed: a barcode or a SKU code. Returns the SKU code. */
    public Optional<String> findSku(String scanned) {
        if (scanned == null || scanned.isBlank()) {
            return Optional.empty();
        }
        String s = scanned.trim();
        return dsl.select(SKU.CODE).from(SKU)
                .where(SKU.SELLER_ID.eq(sellerId))
                .and(SKU.CODE.eq(s).or(SKU.SKU_ID.in(
                        select(BARCODE.SKU_ID).from(BARCODE).where(BARCODE.SELLER_ID.eq(sellerId)).and(BARCODE.BARCODE_.eq(s)))))
                .limit(1)
                .fetchOptional(SKU.CODE);
    }

    /** Newest first, {@code limit} rows strictly after {@code after} (null for the first page). */
    public LedgerPage ledgerPage(LedgerFilter filter, LedgerPage.Key after, int limit) {
        Condition where = LEDGER.SELLER_ID.eq(sellerId).and(conditions(filter));
        if (after != null) {
            where = where.and(row(LEDGER.CREATED_AT, LEDGER.SKU_ID, LEDGER.SEQ)
                    .lt(utc(after.createdAt()), after.skuId(), after.seq()));
        }
        // The page comes from the ledger's own (seller, time) index alone; SKU codes are looked up
        // for its few rows afterwards. A join here let the planner walk every SKU's history instead.
        Result<LedgerRecord> page = dsl.selectFrom(LEDGER)
                .where(where)
                .orderBy(LEDGER.CREATED_AT.desc(), LEDGER.SKU_ID.desc(), LEDGER.SEQ.desc())
                .limit(limit + 1)
                .fetch();
        Map<Long, String> codes = page.isEmpty() ? Map.of()
                : dsl.select(SKU.SKU_ID, SKU.CODE).from(SKU)
                        .where(SKU.SELLER_ID.eq(sellerId)).and(SKU.SKU_ID.in(page.getValues(LEDGER.SKU_ID)))
                        .fetchMap(SKU.SKU_ID, SKU.CODE);
        List<LedgerEntry> rows = new ArrayList<>(page.size());
        for (LedgerRecord r : page) {
            rows.add(new LedgerEntry(r.getSkuId(), codes.get(r.getSkuId()), r.getSeq(), r.getKind(), r.getOnHandDelta(),
                    r.getReservedDelta(), r.getOnHandAfter(), r.getReservedAfter(), r.getChannel(), r.getOrderRef(),
                    r.getReason(), r.getMovementId(), r.getActor(), r.getCreatedAt().toInstant()));
        }
        LedgerPage.Key next = null;
        if (rows.size() > limit) {
            rows = new ArrayList<>(rows.subList(0, limit));
            next = rows.get(limit - 1).key();
        }
        return new LedgerPage(rows, next);
    }

    /** Stock of one SKU as it was at a moment: the balances after its last ledger row at or before then. */
    public StockAt stockAt(String code, Instant at) {
        Long skuId = dsl.select(SKU.SKU_ID).from(SKU).where(SKU.SELLER_ID.eq(sellerId)).and(SKU.CODE.eq(code)).fetchOne(SKU.SKU_ID);
        if (skuId == null) {
            throw new IllegalArgumentException("unknown SKU \"" + code + "\"");
        }
        Record r = dsl.select(LEDGER.ON_HAND_AFTER, LEDGER.RESERVED_AFTER, LEDGER.SEQ)
                .from(LEDGER)
                .where(LEDGER.SELLER_ID.eq(sellerId)).and(LEDGER.SKU_ID.eq(skuId)).and(LEDGER.CREATED_AT.le(utc(at)))
                .orderBy(LEDGER.CREATED_AT.desc(), LEDGER.SEQ.desc())
                .limit(1)
                .fetchOne();
        if (r == null) {
            return new StockAt(code, at, 0, 0, 0);
        }
        return new StockAt(code, at, r.get(LEDGER.ON_HAND_AFTER), r.get(LEDGER.RESERVED_AFTER), r.get(LEDGER.SEQ));
    }

    /** Every SKU's stock at a moment, for the "as of" view. */
    public List<StockAt> stockAt(Instant at) {
        List<StockAt> out = new ArrayList<>();
        for (StockLevel level : stockLevels()) {
            if (!level.kit()) {
                out.add(stockAt(level.code(), at));
            }
        }
        return out;
    }

    /** Refused sales and reservations since a moment: the oversell attempts that were stopped. */
    public int refusalsSince(Instant since) {
        return dsl.select(count()).from(REJECTION)
                .where(REJECTION.SELLER_ID.eq(sellerId)).and(REJECTION.CREATED_AT.ge(utc(since)))
                .and(REJECTION.CODE.in("insufficient_stock", "allocation"))
                .fetchOne(0, Integer.class);
    }

    private Condition conditions(LedgerFilter f) {
        Condition c = noCondition();
        if (f.sku() != null) {
            c = c.and(LEDGER.SKU_ID.eq(select(SKU.SKU_ID).from(SKU).where(SKU.SELLER_ID.eq(sellerId)).and(SKU.CODE.eq(f.sku()))));
        }
        if (f.kind() != null) {
            c = c.and(LEDGER.KIND.eq(f.kind()));
        }
        if (f.channel() != null) {
            c = c.and(LEDGER.CHANNEL.eq(f.channel()));
        }
        if (f.actor() != null) {
            c = c.and(LEDGER.ACTOR.eq(f.actor()));
        }
        if (f.from() != null) {
            c = c.and(LEDGER.CREATED_AT.ge(utc(f.from())));
        }
        if (f.to() != null) {
            c = c.and(LEDGER.CREATED_AT.lt(utc(f.to())));
        }
        return c;
    }

    static OffsetDateTime utc(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}
