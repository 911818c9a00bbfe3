package dev.stockroom.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.testing.TcpProxy;
import dev.stockroom.testing.TestDatabase;
import dev.stockroom.ledger.StockKernel;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StockNotificationsTest {
    private record Event(String what, long sku) {
    }

    @Test
    void changesFromAnotherConnectionArriveAndALostDatabaseIsReportedAndRecovered() throws Exception {
        try (TestDatabase db = TestDatabase.fresh(); TcpProxy proxy = new TcpProxy(db.port())) {
            long seller = db.newSeller("Live", "live_desk");
            StockKernel other = db.kernel("live_desk", seller);
            long sku = other.addSku("TEA", "Tea", List.of(), 0);
            BlockingQueue<Event> events = new LinkedBlockingQueue<>();
            StockNotifications.Listener listener = new StockNotifications.Listener() {
                @Override
                public void stockChanged(long skuId) {
                    events.add(new Event("change", skuId));
                }

                @Override
                public void connectionChanged(boolean online, String problem, Instant since) {
                    events.add(new Event(online ? "online" : "offline: " + problem, 0));
                }
            };
            try (StockNotifications n = new StockNotifications(() -> DriverManager.getConnection(proxy.url(db.name()), "live_desk", ""),
                    seller, proxy.url(db.name()), "live_desk", listener, Clock.systemUTC()).startLoop()) {
                assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo(new Event("online", 0));
                other.restock("TEA", 3);
                assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo(new Event("change", sku));

                proxy.cut();
                Event lost = events.poll(10, TimeUnit.SECONDS);
                assertThat(lost.what()).startsWith("offline: ").contains("not reachable");
                proxy.restore();
                assertThat(events.poll(15, TimeUnit.SECONDS)).isEqualTo(new Event("online", 0));
                other.restock("TEA", 1);
                assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo(new Event("change", sku));
            }
        }
    }
}
