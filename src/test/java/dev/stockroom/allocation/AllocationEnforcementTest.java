package dev.stockroom.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.allocation.ReferenceAllocation.Rule;
import dev.stockroom.ledger.BatchOrder;
import dev.stockroom.ledger.LedgerCheck;
import dev.stockroom.ledger.OrderLine;
import dev.stockroom.ledger.Outcome;
import dev.stockroom.ledger.StockKernel;
import dev.stockroom.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Threads selling, reserving, batching and selling kits on every channel at once against a
 * ring-fence, a cap, a max and a buffer, while stock arrives: every accepted take fitted its
 * channel's allocation at the moment of the lock, no ring-fence was breached, nothing was
 * oversold, and what the threads were told adds up to the ledger exactly.
 */
class AllocationEnforcementTest {
    static final List<String> CHANNELS = List.of("amazon", "flipkart", "meesho", "shopify");
    static final int AMAZON_FENCE = 40;
    static TestDatabase db;
    static StockKernel kernel;
    static long seller;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.fresh();
        seller = db.newSeller("Rush", "rush_seller");
        kernel = db.kernel("rush_seller", seller);
        for (String channel : CHANNELS) {
            kernel.addChannel(channel, channel, null);
        }
        kernel.addSku("HOT", "Hot item", List.of(), 0);
        kernel.addKit("PAIR", "Two hot items", List.of(OrderLine.of("HOT", 2)), List.of());
        kernel.restock("HOT", 200);
        Allocation allocation = new Allocation(db.as("rush_seller", 1), seller);
        allocation.setRule("amazon", null, RuleChange.none().ringFence(AMAZON_FENCE));
        allocation.setRule("flipkart", null, RuleChange.none().maxPercent(40));
        allocation.setRule("meesho", null, RuleChange.none().maxUnits(15));
        allocation.setRule("shopify", null, RuleChange.none().buffer(5));
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    static Map<String, Rule> rules() {
        Map<String, Rule> r = new LinkedHashMap<>();
        r.put("amazon", new Rule(AMAZON_FENCE, null, null, null, null));
        r.put("flipkart", new Rule(null, 40, null, null, null));
        r.put("meesho", new Rule(null, null, 15, null, null));
        r.put("shopify", new Rule(null, null, null, 5, null));
        return r;
    }

    @Test
    void concurrentChannelOrdersNeverBreachARingFenceNorOversell() throws Exception {
        int threads = 6;
        int attempts = 50;
        Map<String, LongAdder> soldByChannel = new ConcurrentHashMap<>();
        Map<String, LongAdder> heldByChannel = new ConcurrentHashMap<>();
        CHANNELS.forEach(c -> {
            soldByChannel.put(c, new LongAdder());
            heldByChannel.put(c, new LongAdder());
        });
        AtomicInteger refusedByAllocation = new AtomicInteger();
        AtomicInteger refusedForStock = new AtomicInteger();
        LongAdder restocked = new LongAdder();
        Instant expiry = Instant.now().plus(1, ChronoUnit.HOURS);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                Random random = new Random(7919L * thread);
                start.await();
                for (int i = 0; i < attempts; i++) {
                    String channel = CHANNELS.get(random.nextInt(CHANNELS.size()));
                    int qty = 1 + random.nextInt(6);
                    String ref = "T" + thread + "-" + i;
                    int kind = random.nextInt(10);
                    List<Outcome> outcomes;
                    int units;
                    if (kind < 5) {
                        units = qty;
                        outcomes = List.of(kernel.sell(List.of(OrderLine.of("HOT", qty)), channel, ref));
                    } else if (kind < 6) {
                        units = 2 * qty;
                        outcomes = List.of(kernel.sell(List.of(OrderLine.of("PAIR", qty)), channel, ref));
                    } else if (kind < 8) {
                        units = qty;
                        outcomes = List.of(kernel.reserve(channel, ref, List.of(OrderLine.of("HOT", qty)), expiry));
                    } else {
                        units = qty;
                        outcomes = kernel.sellBatch("HOT", List.of(BatchOrder.of(qty, channel, ref + "a"), BatchOrder.of(qty, channel, ref + "b")));
                    }
                    for (Outcome o : outcomes) {
                        if (o.ok()) {
                            (kind >= 6 && kind < 8 ? heldByChannel : soldByChannel).get(channel).add(units);
                        } else if (o.code().equals("allocation")) {
                            refusedByAllocation.incrementAndGet();
                        } else {
                            assertThat(o.code()).as(o.message()).isEqualTo("insufficient_stock");
                            refusedForStock.incrementAndGet();
                        }
                    }
                    if (kind >= 6 && kind < 8 && outcomes.get(0).ok() && random.nextBoolean()) {
                        boolean dispatch = random.nextBoolean();
                        Outcome closed = dispatch ? kernel.confirm(channel, ref) : kernel.release(channel, ref);
                        assertThat(closed.ok()).isTrue();
                        heldByChannel.get(channel).add(-units);
                        if (dispatch) {
                            soldByChannel.get(channel).add(units);
                        }
                    }
                }
                return null;
            }));
        }
        done.add(pool.submit(() -> {
            start.await();
            for (int i = 0; i < attempts; i++) {
                assertThat(kernel.restock("HOT", 4).ok()).isTrue();
                restocked.add(4);
            }
            return null;
        }));
        start.countDown();
        for (Future<?> f : done) {
            f.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();

        // Every accepted channel take fitted what its channel could see at the moment of the lock.
        Map<String, Rule> rules = rules();
        int checked = 0;
        for (long[] row : takes()) {
            String channel = CHANNELS.get((int) row[0]);
            int before = (int) row[1];
            int take = (int) row[2];
            assertThat(take).as("%s took %s with %s available", channel, take, before)
                    .isLessThanOrEqualTo(ReferenceAllocation.quantity(before, channel, rules));
            if (!channel.equals("amazon")) {
                assertThat(before - take).as("amazon's ring-fence after a %s take", channel).isGreaterThanOrEqualTo(
                        Math.min(before, AMAZON_FENCE));
            }
            checked++;
        }
        assertThat(checked).isGreaterThan(50);
        assertThat(refusedByAllocation.get()).as("the rules were tested, not just stock").isGreaterThan(10);

        long sold = soldByChannel.values().stream().mapToLong(LongAdder::sum).sum();
        long held = heldByChannel.values().stream().mapToLong(LongAdder::sum).sum();
        assertThat(db.queryLong("SELECT on_hand FROM stockroom.stock s JOIN stockroom.sku k USING (seller_id, sku_id) "
                + "WHERE k.code = 'HOT' AND s.seller_id = " + seller)).isEqualTo(200 + restocked.sum() - sold);
        assertThat(db.queryLong("SELECT reserved FROM stockroom.stock s JOIN stockroom.sku k USING (seller_id, sku_id) "
                + "WHERE k.code = 'HOT' AND s.seller_id = " + seller)).isEqualTo(held);
        for (String channel : CHANNELS) {
            assertThat(db.queryLong("SELECT coalesce(-sum(on_hand_delta), 0) FROM stockroom.ledger WHERE channel = '" + channel
                    + "' AND seller_id = " + seller)).as("sold on %s", channel).isEqualTo(soldByChannel.get(channel).sum());
        }
        assertThat(db.queryLong("SELECT count(*) FROM stockroom.rejection WHERE code = 'allocation' AND seller_id = " + seller))
                .isEqualTo(refusedByAllocation.get());
        assertThat(db.queryLong("SELECT count(*) FROM stockroom.rejection WHERE code = 'insufficient_stock' AND seller_id = " + seller))
                .isEqualTo(refusedForStock.get());
        assertThat(new LedgerCheck(db.as("rush_seller", 1), seller).run().problems()).isEmpty();

        // Whatever the others did, amazon can still take what is left of its ring-fence.
        long available = db.queryLong("SELECT on_hand - reserved FROM stockroom.stock s JOIN stockroom.sku k USING (seller_id, sku_id) "
                + "WHERE k.code = 'HOT' AND s.seller_id = " + seller);
        if (available > 0) {
            Outcome last = kernel.sell(List.of(OrderLine.of("HOT", (int) available)), "amazon", "AM-LAST");
            assertThat(last.ok()).as(last.message()).isTrue();
        }
    }

    /** (channel index, available before, units taken) for every channel sale and reservation of HOT, in ledger order. */
    private static List<long[]> takes() throws SQLException {
        List<long[]> out = new ArrayList<>();
        try (Connection c = db.admin().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT l.channel, (l.on_hand_after - l.on_hand_delta) - (l.reserved_after - l.reserved_delta), "
                     + "CASE l.kind WHEN 'sale' THEN -l.on_hand_delta ELSE l.reserved_delta END "
                     + "FROM stockroom.ledger l JOIN stockroom.sku k USING (seller_id, sku_id) "
                     + "WHERE k.code = 'HOT' AND l.kind IN ('sale', 'reserve') AND l.seller_id = " + seller + " ORDER BY l.seq")) {
            while (rs.next()) {
                out.add(new long[] {CHANNELS.indexOf(rs.getString(1)), rs.getLong(2), rs.getLong(3)});
            }
        }
        return out;
    }
}
