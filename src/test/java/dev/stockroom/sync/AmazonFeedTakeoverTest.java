package dev.stockroom.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.sync.simulator.RecordedRequest;
import dev.stockroom.sync.simulator.SimChannel;
import dev.stockroom.testing.ChildJvm;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A worker process that sent an Amazon feed is killed while Amazon still processes it: a second
 * worker process adopts the feed from the database and follows it to its report. Nothing in the
 * feed is pushed again while Amazon holds it, the listings it settled are not pushed again, the
 * one Amazon refused is parked with Amazon's words, and the one whose stock moved meanwhile is
 * pushed once more after the feed.
 */
class AmazonFeedTakeoverTest {
    static final String FEEDS = "/feeds/2021-06-30";
    static final int LISTINGS = 40;
    static SyncFixture f;

    @BeforeAll
    static void setUp() {
        f = new SyncFixture("feedko");
        f.channel("amzn", "amazon", Map.of());
        for (int i = 0; i < LISTINGS; i++) {
            f.sku(String.format("K-%02d", i), 5 + i, "amzn");
        }
        f.sim.refuseOnAmazon("amzn", "K-07");
        f.sim.holdAmazonFeeds("amzn", true);
    }

    @AfterAll
    static void tearDown() {
        f.close();
    }

    static ChildJvm worker(String owner) {
        ChildJvm w = ChildJvm.start(WorkerProcess.class, f.db.url(), f.syncLogin, Long.toString(f.seller), owner, "10");
        w.awaitLine("started");
        return w.drain();
    }

    static String watcher() {
        return text("SELECT watcher FROM stockroom.sync_feed WHERE seller_id = " + f.seller);
    }

    static int feedLooks(SimChannel ch) {
        return ch.requests(r -> r.method().equals("GET") && r.path().startsWith(FEEDS + "/feeds/")).size();
    }

    static String text(String sql) {
        return f.queryText(sql);
    }

    static long count(String sql) {
        return f.db.queryLong(sql.replace("$seller", Long.toString(f.seller)));
    }

    @Test
    void aFeedInFlightIsFollowedToItsReportByTheWorkerThatTakesOver() throws Exception {
        SimChannel amzn = f.sim.channel("amzn");
        try (ChildJvm a = worker("worker-a")) {
            SyncFixture.await("worker-a sent a feed that Amazon is processing", Duration.ofSeconds(60),
                    () -> "worker-a".equals(watcher()) && f.sim.amazonFeedStatuses("amzn").getOrDefault("IN_PROGRESS", 0L) == 1);
            f.kernel.restock("K-03", 4);   // moves while Amazon holds the feed: pushed again after it
            a.kill();
        }
        assertThat(count("SELECT count(*) FROM stockroom.sync_outbox WHERE lease_owner = 'worker-a' AND seller_id = $seller"))
                .as("the dead worker's listings are still held for the feed").isEqualTo(LISTINGS);

        int looksBefore = feedLooks(amzn);
        try (ChildJvm b = worker("worker-b")) {
            SyncFixture.await("worker-b adopts the feed", Duration.ofSeconds(60), () -> "worker-b".equals(watcher()));
            SyncFixture.await("worker-b looks at the feed itself", Duration.ofSeconds(30), () -> feedLooks(amzn) > looksBefore + 1);
            assertThat(amzn.requests(r -> r.method().equals("PATCH"))).as("listings pushed while Amazon holds the feed").isEmpty();
            assertThat(amzn.requests(r -> r.method().equals("POST") && r.path().equals(FEEDS + "/feeds"))).hasSize(1);
            assertThat(count("SELECT count(*) FROM stockroom.sync_outbox WHERE lease_owner = 'worker-b' AND seller_id = $seller"))
                    .as("the feed's listings moved to the worker that follows it").isEqualTo(LISTINGS);

            f.sim.holdAmazonFeeds("amzn", false);
            SyncFixture.await("the feed is settled and K-03 pushed again", Duration.ofSeconds(60),
                    () -> watcher() == null && count("SELECT count(*) FROM stockroom.sync_outbox WHERE NOT parked AND seller_id = $seller") == 0
                            && amzn.quantitiesBySku().get("K-03").equals(f.expected("amzn").get("K-03")));
        }

        Map<String, Integer> expected = f.expected("amzn");
        Map<String, Integer> shown = amzn.quantitiesBySku();
        for (String sku : expected.keySet()) {
            assertThat(shown.get(sku)).as(sku).isEqualTo(sku.equals("K-07") ? 0 : expected.get(sku));
        }
        String error = text("SELECT o.last_error FROM stockroom.sync_outbox o JOIN stockroom.sku s USING (seller_id, sku_id) "
                + "WHERE o.parked AND s.code = 'K-07' AND o.seller_id = " + f.seller);
        assertThat(error).startsWith("Amazon refused the update in feed ").contains("(90220)");
        assertThat(count("SELECT count(*) FROM stockroom.sync_outbox WHERE seller_id = $seller")).as("only the refused listing waits").isEqualTo(1);

        // One feed, nothing in it sent twice: each listing set once by the feed, K-03 once more after it.
        assertThat(amzn.requests(r -> r.method().equals("POST") && r.path().equals(FEEDS + "/feeds"))).hasSize(1);
        List<RecordedRequest> patches = amzn.requests(r -> r.method().equals("PATCH"));
        assertThat(patches).hasSize(1);
        assertThat(patches.get(0).path()).contains("/K-03");
        for (SimChannel.Listing l : amzn.listings()) {
            int sets = switch (l.sku()) {
                case "K-03" -> 2;
                case "K-07" -> 0;
                default -> 1;
            };
            assertThat(l.sets()).as("times " + l.sku() + " was set").isEqualTo(sets);
        }
        assertThat(count("SELECT count(*) FROM stockroom.sync_attempt WHERE worker = 'worker-a' AND seller_id = $seller"))
                .as("the killed worker settled nothing").isZero();
        assertThat(count("SELECT count(*) FROM stockroom.sync_attempt WHERE worker = 'worker-b' AND outcome = 'pushed' AND seller_id = $seller"))
                .as("pushed: the feed's listings but the refused one, and K-03 again").isEqualTo(LISTINGS);
        assertThat(count("SELECT count(*) FROM stockroom.sync_attempt WHERE worker = 'worker-b' AND outcome = 'parked' AND seller_id = $seller"))
                .isEqualTo(1);
        assertThat(amzn.overlaps()).isZero();
    }
}
