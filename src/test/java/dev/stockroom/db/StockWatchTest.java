package dev.stockroom.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.ledger.StockKernel;
import dev.stockroom.testing.Eventually;
import dev.stockroom.testing.TcpProxy;
import dev.stockroom.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StockWatchTest {
    private record Event(String what, Set<Long> skus) {
        static Event change(long sku) {
            return new Event("change", Set.of(sku));
        }
    }

    private static final class Events implements StockWatch.Listener {
        final BlockingQueue<Event> queue = new LinkedBlockingQueue<>();

        @Override
        public void stockChanged(Set<Long> skuIds) {
            queue.add(new Event("change", skuIds));
        }

        @Override
        public void reloadAll() {
            queue.add(new Event("reload all", Set.of()));
        }

        @Override
        public void connectionChanged(boolean online, String problem, Instant since) {
            queue.add(new Event(online ? "online" : "offline: " + problem, Set.of()));
        }

        Event next() throws InterruptedException {
            return queue.poll(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void changesFromAnotherConnectionArriveAndALostDatabaseIsReportedAndRecovered() throws Exception {
        try (TestDatabase db = TestDatabase.fresh(); TcpProxy proxy = new TcpProxy(db.port())) {
            long seller = db.newSeller("Live", "live_desk");
            StockKernel other = db.kernel("live_desk", seller);
            long sku = other.addSku("TEA", "Tea", List.of(), 0);
            Events events = new Events();
            try (StockWatch w = new StockWatch(() -> DriverManager.getConnection(proxy.url(db.name()), "live_desk", ""),
                    seller, proxy.url(db.name()), "live_desk", events, Clock.systemUTC()).startLoop()) {
                assertThat(events.next()).isEqualTo(new Event("online", Set.of()));
                other.restock("TEA", 3);
                assertThat(events.next()).isEqualTo(Event.change(sku));

                proxy.cut();
                Event lost = events.next();
                assertThat(lost.what()).startsWith("offline: ").contains("not reachable");
                proxy.restore();
                assertThat(events.queue.poll(15, TimeUnit.SECONDS)).isEqualTo(new Event("online", Set.of()));
                other.restock("TEA", 1);
                assertThat(events.next()).isEqualTo(Event.change(sku));
            }
        }
    }

    @Test
    void aChangeThatCommitsLongAfterItWasMadeStillArrivesAndOtherSellersChangesDoNot() throws Exception {
        try (TestDatabase db = TestDatabase.fresh()) {
            long seller = db.newSeller("Live", "late_desk");
            long stranger = db.newSeller("Other shop", "other_desk");
            StockKernel desk = db.kernel("late_desk", seller);
            long tea = desk.addSku("TEA", "Tea", List.of(), 0);
            long mug = desk.addSku("MUG", "Mug", List.of(), 0);
            db.kernel("other_desk", stranger).addSku("TEA", "Their tea", List.of(), 0);
            Events events = new Events();
            try (StockWatch w = new StockWatch(() -> DriverManager.getConnection(db.url(), "late_desk", ""), seller,
                    db.url(), "late_desk", events, Clock.systemUTC()).startLoop();
                 Connection slow = DriverManager.getConnection(db.url(), "late_desk", "")) {
                assertThat(events.next()).isEqualTo(new Event("online", Set.of()));
                // The ledger row is written now, but its transaction stays open across many looks.
                slow.setAutoCommit(false);
                restock(slow, seller, "TEA", 5);
                long before = w.looks();
                desk.restock("MUG", 2);
                assertThat(events.next()).isEqualTo(Event.change(mug));
                Eventually.await("a dozen more looks", Duration.ofSeconds(10), () -> w.looks() > before + 12);
                db.kernel("other_desk", stranger).restock("TEA", 7);
                slow.commit();
                assertThat(events.next()).isEqualTo(Event.change(tea));
                assertThat(events.queue.poll(500, TimeUnit.MILLISECONDS)).as("nothing else, nothing twice").isNull();
            }
        }
    }

    @Test
    void aTransactionOpenLongerThanTheWindowEndsInAReloadOfEverything() throws Exception {
        try (TestDatabase db = TestDatabase.fresh()) {
            long seller = db.newSeller("Live", "long_desk");
            StockKernel desk = db.kernel("long_desk", seller);
            long mug = desk.addSku("MUG", "Mug", List.of(), 0);
            desk.addSku("TEA", "Tea", List.of(), 0);
            Events events = new Events();
            try (StockWatch w = new StockWatch(() -> DriverManager.getConnection(db.url(), "long_desk", ""), seller,
                    db.url(), "long_desk", events, Clock.systemUTC(), Duration.ofMillis(500)).startLoop();
                 Connection slow = DriverManager.getConnection(db.url(), "long_desk", "")) {
                assertThat(events.next()).isEqualTo(new Event("online", Set.of()));
                slow.setAutoCommit(false);
                restock(slow, seller, "TEA", 5);
                Eventually.await("the window to reach its limit", Duration.ofSeconds(10), w::capped);
                desk.restock("MUG", 2);
                assertThat(events.next()).as("changes go on arriving meanwhile").isEqualTo(Event.change(mug));
                slow.commit();
                assertThat(events.next()).isEqualTo(new Event("reload all", Set.of()));
                Eventually.await("the window to be whole again", Duration.ofSeconds(10), () -> !w.capped());
            }
        }
    }

    private static void restock(Connection c, long seller, String sku, int qty) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("SELECT ok FROM stockroom.restock(?, ?, ?, ?)")) {
            ps.setLong(1, seller);
            ps.setObject(2, UUID.randomUUID());
            ps.setString(3, sku);
            ps.setInt(4, qty);
            ps.executeQuery().close();
        }
    }

    @Test
    void aLookReadsOnlyTheWindowOfTheTimeIndexUnderRowLevelSecurity() throws Exception {
        try (TestDatabase db = TestDatabase.fresh()) {
            long seller = db.newSeller("Plan", "plan_desk");
            try (Connection c = db.as("plan_desk", 1).getConnection();
                 PreparedStatement ps = c.prepareStatement("EXPLAIN " + StockWatch.LOOK)) {
                ps.setLong(1, seller);
                ps.setObject(2, null, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
                ps.setInt(3, 10);
                StringBuilder plan = new StringBuilder();
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        plan.append(rs.getString(1)).append('\n');
                    }
                }
                // a bound the policy holds back would show as "Filter: (created_at >= ...)" over the seller's whole ledger
                assertThat(plan.toString()).containsPattern("Index Cond: .*created_at >=");
                assertThat(plan.toString()).doesNotContainPattern("Filter: .*created_at");
            }
        }
    }
}
