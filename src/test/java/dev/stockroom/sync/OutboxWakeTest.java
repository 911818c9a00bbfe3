package dev.stockroom.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.ledger.OrderLine;
import dev.stockroom.sync.worker.SyncWorker;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The kernel wakes the sync worker (NOTIFY stockroom_sync) only when a channel's queue goes
 * from nothing due to something due; a listing already waiting is not rewritten unless a
 * worker holds it. The worker still pushes every change at once: woken by the kernel, or by
 * the end of its own push.
 */
class OutboxWakeTest {

    @Test
    void onlyTheFirstChangeIntoAQuietQueueWakesTheWorker() throws Exception {
        try (SyncFixture f = new SyncFixture("wakeq")) {
            f.channel("shop", "shopify", Map.of());
            f.channel("fk", "flipkart", Map.of());
            f.sku("A1", 5, "shop");
            f.sku("A2", 5, "shop");
            f.sku("B1", 5, "fk");
            f.sku("LOOSE", 5);
            f.db.exec("DELETE FROM stockroom.sync_outbox WHERE seller_id = " + f.seller);  // as if all pushed
            try (Connection listen = f.db.admin().getConnection()) {
                try (Statement st = listen.createStatement()) {
                    st.execute("LISTEN stockroom_sync");
                }
                PGConnection pg = listen.unwrap(PGConnection.class);

                f.kernel.restock("A1", 1);
                assertThat(wakes(pg, 1)).as("shop's queue was empty").containsExactly(Long.toString(f.seller));

                f.kernel.restock("A2", 1);     // shop has A1 waiting: a worker already knows
                f.kernel.restock("LOOSE", 1);  // listed nowhere: nothing to push
                f.kernel.restock("A1", 1);     // waiting already: locked, not rewritten
                f.kernel.restock("B1", 1);     // fk's queue was empty
                assertThat(wakes(pg, 1)).as("one wake, for fk only").hasSize(1);
                assertThat(version(f, "A1")).as("a waiting row nobody holds is left as it is").isEqualTo(1);

                f.db.exec("UPDATE stockroom.sync_outbox o SET lease_owner = 'worker-1', lease_until = now() + interval '1 minute' "
                        + "FROM stockroom.sku s WHERE s.seller_id = o.seller_id AND s.sku_id = o.sku_id AND s.code = 'A1'");
                f.kernel.restock("A1", 1);
                assertThat(version(f, "A1")).as("a row being pushed gets a new version: the push will not complete it").isEqualTo(2);

                f.db.exec("DELETE FROM stockroom.sync_outbox WHERE seller_id = " + f.seller + " AND channel = 'shop'");
                f.kernel.sell(List.of(OrderLine.of("A2", 1)), "shop", null);
                assertThat(wakes(pg, 1)).as("shop's queue went quiet, then due again").hasSize(1);
            }
        }
    }

    @Test
    void theWorkerPushesEveryChangeAtOnceWithoutWaitingForItsPoll() {
        try (SyncFixture f = new SyncFixture("wakew")) {
            f.channel("shop", "shopify", Map.of("batch_size", 4));
            f.channel("fk", "flipkart", Map.of());
            for (int i = 0; i < 10; i++) {
                f.sku("W-" + i, 40, "shop", "fk");
            }
            SyncWorker w = f.worker(SyncFixture.fastOptions("wake-1").withPollInterval(Duration.ofHours(1)));
            SyncFixture.await("the first push", Duration.ofSeconds(30), f::converged);
            f.kernel.restock("W-3", 2);
            SyncFixture.await("a change into a quiet queue", Duration.ofSeconds(10), f::converged);
            Random random = new Random(7);
            for (int i = 0; i < 40; i++) {
                f.kernel.sell(List.of(OrderLine.of("W-" + random.nextInt(10), 1)),
                        random.nextBoolean() ? "shop" : "fk", null);
            }
            SyncFixture.await("a burst, most of it without a wake of its own", Duration.ofSeconds(20), f::converged);
            assertThat(w.passes()).isPositive();
        }
    }

    /** Waits for at least {@code atLeast} notifications, then returns all that arrived (their payloads). */
    private static List<String> wakes(PGConnection pg, int atLeast) throws Exception {
        List<String> payloads = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (payloads.size() < atLeast && System.nanoTime() < deadline) {
            PGNotification[] batch = pg.getNotifications(100);
            if (batch != null) {
                for (PGNotification n : batch) {
                    payloads.add(n.getParameter());
                }
            }
        }
        PGNotification[] rest = pg.getNotifications(1);  // anything committed before is already queued
        if (rest != null) {
            for (PGNotification n : rest) {
                payloads.add(n.getParameter());
            }
        }
        return payloads;
    }

    private static long version(SyncFixture f, String code) {
        return f.db.queryLong("SELECT o.version FROM stockroom.sync_outbox o JOIN stockroom.sku s USING (seller_id, sku_id) "
                + "WHERE o.seller_id = " + f.seller + " AND s.code = '" + code + "'");
    }
}
