package dev.stockroom.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.testing.ChildJvm;
import dev.stockroom.testing.Eventually;
import dev.stockroom.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** kill -9 on a client in the middle of its transaction: the database keeps none of it. */
class KilledClientTest {

    @Test
    void aClientKilledMidTransactionLeavesNoPartialMovement() throws Exception {
        try (TestDatabase db = TestDatabase.fresh()) {
            Shop shop = new Shop(db, "Killed", "killed_seller");
            db.member(shop.seller, "killed_desk", "seller");
            shop.kernel.addSku("JAR", "Glass jar", List.of(), 0);
            assertThat(shop.kernel.restock("JAR", 10).ok()).isTrue();
            Shop.State before = shop.state();
            long rejections = shop.count("rejection");
            UUID restock = UUID.randomUUID();
            UUID sale = UUID.randomUUID();

            long backend;
            try (ChildJvm client = ChildJvm.start(HalfDoneClient.class, db.url(), "killed_desk",
                    Long.toString(shop.seller), "JAR", restock.toString(), sale.toString())) {
                backend = Long.parseLong(client.awaitLine("PID ").substring(4));
                client.awaitLine("READY");
                assertThat(db.queryLong("SELECT count(*) FROM pg_stat_activity WHERE pid = " + backend
                        + " AND state = 'idle in transaction'")).as("the client is inside its transaction").isEqualTo(1);
                client.kill();
            }
            Eventually.await("the server to notice backend " + backend + " lost its client", Duration.ofSeconds(30),
                    () -> db.queryLong("SELECT count(*) FROM pg_stat_activity WHERE pid = " + backend) == 0);

            assertThat(shop.state()).isEqualTo(before);
            assertThat(shop.count("rejection")).isEqualTo(rejections);
            assertThat(shop.value("SELECT count(*) FROM stockroom.movement WHERE seller_id = ? AND movement_id IN (?, ?)",
                    restock, sale)).isZero();
            assertThat(shop.value("SELECT count(*) FROM stockroom.ledger WHERE seller_id = ? AND movement_id IN (?, ?)",
                    restock, sale)).isZero();
            assertThat(shop.onHand("JAR")).isEqualTo(10);
            shop.assertChecksClean();

            // the row lock went with the backend: the next desk is not kept waiting, and the ids are still free
            Outcome again = shop.kernel.restock(restock, "JAR", 25, null);
            assertThat(again.ok()).isTrue();
            assertThat(again.replayed()).isFalse();
            assertThat(shop.onHand("JAR")).isEqualTo(35);
            shop.assertChecksClean();
        }
    }
}
