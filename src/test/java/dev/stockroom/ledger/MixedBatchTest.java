package dev.stockroom.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One batch holding every kind of order at once (V11 checks a whole batch before the lock and
 * writes it with one insert per table): each order still gets the outcome, code and sentence a
 * lone sale would, the good ones are chained in arrival order, every refusal is logged, and a
 * batch carrying an already applied movement replays it exactly.
 */
class MixedBatchTest {
    static TestDatabase db;
    static Shop shop;
    static StockKernel kernel;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.fresh();
        shop = new Shop(db, "Mixed", "mixed_seller");
        kernel = shop.kernel;
        kernel.addChannel("amazon", "amazon", "Amazon");
        kernel.addSku("MUG", "Mug", List.of(), 0);
        kernel.addListing("MUG", "amazon", "AMZ-MUG");
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    @Test
    void everyOrderInAMixedBatchGetsItsOwnOutcome() {
        assertThat(kernel.restock("MUG", 5).ok()).isTrue();
        List<BatchOrder> orders = List.of(
                BatchOrder.of(2, "amazon", "A-1"),
                BatchOrder.of(0, "amazon", "A-2"),
                BatchOrder.of(1, "amazon", "R".repeat(201)),
                BatchOrder.of(1, "ebay", "E-1"),
                BatchOrder.of(4, "amazon", "A-3"),
                BatchOrder.of(1, null, null),
                BatchOrder.of(2, "desk", "D-1"),
                BatchOrder.of(1, "amazon", "A-4"));
        List<Outcome> out = kernel.sellBatch("MUG", orders);

        assertThat(out).extracting(Outcome::code).containsExactly(
                "ok", "bad_quantity", "bad_text", "unknown_channel", "insufficient_stock", "ok", "ok", "insufficient_stock");
        for (int i = 0; i < orders.size(); i++) {
            assertThat(out.get(i).movementId()).isEqualTo(orders.get(i).movementId());
            assertThat(out.get(i).replayed()).isFalse();
        }
        assertThat(out.get(0).message()).isEqualTo("sold 2 units of MUG for order A-1");
        assertThat(out.get(1).message()).isEqualTo("quantity must be at least 1 (got 0)");
        assertThat(out.get(2).message()).isEqualTo("the order reference is 201 characters long; at most 200 are kept");
        assertThat(out.get(3).message()).isEqualTo("unknown channel \"ebay\"");
        assertThat(out.get(4).message()).isEqualTo("only 3 of MUG available (3 on hand, 0 held for orders); the order asks for 4");
        assertThat(out.get(5).message()).isEqualTo("sold 1 unit of MUG");
        assertThat(out.get(7).message()).isEqualTo("only 0 of MUG available (0 on hand, 0 held for orders); the order asks for 1");

        assertThat(shop.onHand("MUG")).isZero();
        assertThat(shop.ledgerRows("MUG", "sale")).isEqualTo(3);
        assertThat(shop.value("SELECT count(*) FROM stockroom.rejection WHERE seller_id = ? AND movement_id = ANY (?::uuid[])",
                (Object) orders.stream().map(o -> o.movementId().toString()).toArray(String[]::new))).isEqualTo(5);
        // chained in arrival order: A-1 leaves 3, the desk-less sale 2, D-1 none
        assertThat(shop.value("SELECT count(*) FROM stockroom.ledger l JOIN stockroom.sku k USING (seller_id, sku_id) "
                + "WHERE l.seller_id = ? AND k.code = 'MUG' AND ((l.seq = 2 AND l.order_ref = 'A-1' AND l.on_hand_after = 3) "
                + "OR (l.seq = 3 AND l.order_ref IS NULL AND l.on_hand_after = 2) OR (l.seq = 4 AND l.order_ref = 'D-1' AND l.on_hand_after = 0))"))
                .isEqualTo(3);
        shop.assertChecksClean();

        // The same batch again (a retry after a lost answer): the sales replay, the refusals ask again.
        assertThat(kernel.restock("MUG", 1).ok()).isTrue();
        List<Outcome> again = kernel.sellBatch("MUG", orders);
        assertThat(again.get(0).replayed()).isTrue();
        assertThat(again.get(0).message()).isEqualTo("sold 2 units of MUG for order A-1");
        assertThat(again.get(5).replayed()).isTrue();
        assertThat(again.get(6).replayed()).isTrue();
        assertThat(again.get(7).ok()).as("a refusal is not sticky: asked again, it sells the unit restocked since").isTrue();
        assertThat(shop.onHand("MUG")).isZero();
        shop.assertChecksClean();
    }

    @Test
    void aLargeBatchSellsExactlyWhatIsThereInArrivalOrder() {
        kernel.addSku("CUP", "Cup", List.of(), 0);
        assertThat(kernel.restock("CUP", 700).ok()).isTrue();
        List<BatchOrder> orders = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            orders.add(BatchOrder.of(1, i % 2 == 0 ? "amazon" : "desk", "C-" + i));
        }
        List<Outcome> out = kernel.sellBatch("CUP", orders);
        assertThat(out.subList(0, 700)).allSatisfy(o -> assertThat(o.ok()).isTrue());
        assertThat(out.subList(700, 1000)).allSatisfy(o -> assertThat(o.code()).isEqualTo("insufficient_stock"));
        assertThat(shop.onHand("CUP")).isZero();
        assertThat(shop.value("SELECT max(seq) FROM stockroom.ledger l JOIN stockroom.sku k USING (seller_id, sku_id) "
                + "WHERE l.seller_id = ? AND k.code = 'CUP'")).isEqualTo(701);
        assertThat(shop.value("SELECT count(*) FROM stockroom.ledger l WHERE l.seller_id = ? AND l.order_ref = 'C-699'")).isEqualTo(1);
        shop.assertChecksClean();
    }
}
