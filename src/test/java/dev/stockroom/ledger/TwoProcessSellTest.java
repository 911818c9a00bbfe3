package dev.stockroom.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.testing.ChildJvm;
import dev.stockroom.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Two desks in two JVMs sell the same SKU at once against one database: each unit goes once. */
class TwoProcessSellTest {
    static final int UNITS = 300;
    static final int THREADS_PER_PROCESS = 8;

    @Test
    void twoProcessesSellingTheSameSkuSellEachUnitOnce() throws Exception {
        try (TestDatabase db = TestDatabase.fresh()) {
            Shop shop = new Shop(db, "Two desks", "twodesk_seller");
            db.member(shop.seller, "twodesk_other", "seller");
            shop.kernel.addSku("LAST", "Limited edition", List.of(), 0);
            assertThat(shop.kernel.restock("LAST", UNITS).ok()).isTrue();

            try (ChildJvm a = desk(db, shop, "twodesk_seller"); ChildJvm b = desk(db, shop, "twodesk_other")) {
                a.awaitLine("READY");
                b.awaitLine("READY");
                a.send("GO");
                b.send("GO");
                int soldA = sold(a.awaitLine("SOLD"));
                int soldB = sold(b.awaitLine("SOLD"));
                assertThat(a.awaitExit()).as("desk A:\n%s", a.output()).isZero();
                assertThat(b.awaitExit()).as("desk B:\n%s", b.output()).isZero();

                // how the units split between the desks depends on the machine; that they add up exactly does not
                assertThat(soldA + soldB).as("desk A sold %s, desk B sold %s", soldA, soldB).isEqualTo(UNITS);
            }
            assertThat(shop.onHand("LAST")).isZero();
            assertThat(shop.ledgerRows("LAST", "sale")).isEqualTo(UNITS);
            assertThat(shop.rejections("insufficient_stock")).isEqualTo(2L * THREADS_PER_PROCESS);
            shop.assertChecksClean();
        }
    }

    private static ChildJvm desk(TestDatabase db, Shop shop, String login) {
        return ChildJvm.start(SellingProcess.class, db.url(), login, Long.toString(shop.seller), "LAST",
                Integer.toString(THREADS_PER_PROCESS));
    }

    private static int sold(String line) {
        return Integer.parseInt(line.split(" ")[1]);
    }
}
