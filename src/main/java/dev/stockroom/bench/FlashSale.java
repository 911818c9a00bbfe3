package dev.stockroom.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.stockroom.ledger.OrderLine;
import dev.stockroom.ledger.Outcome;
import dev.stockroom.ledger.SaleCombiner;
import dev.stockroom.ledger.StockKernel;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One SKU with stock S, C buyers on three channels, until sold out. Every variant runs on the
 * same database in the same run: the raw single-row UPDATE (the ceiling everyone quotes), a
 * naive read-then-write (to show it oversells), the textbook four-statement locked transaction,
 * one kernel call per sale, and the kernel's batch entry fed by the in-process combiner.
 */
final class FlashSale {
    static final String[] CHANNELS = {"amazon", "flipkart", "shopify"};

    interface Buyer {
        /** One attempt to buy one unit: true if bought, false if refused (sold out). */
        boolean buy(int buyer, int attempt) throws Exception;
    }

    record Result(String variant, int buyers, int sold, int refused, double seconds, Latencies latencies) {
        double perSecond() {
            return sold / seconds;
        }
    }

    private final BenchDatabase db;
    private final PrintWriter out;
    private final int stock;
    private final int poolSize;

    FlashSale(BenchDatabase db, PrintWriter out, int stock) {
        this.db = db;
        this.out = out;
        this.stock = stock;
        // two pools (baselines as the superuser, the kernel as the seller's login) must fit the server
        this.poolSize = Math.max(4, Math.min(64, (db.maxConnections() - 20) / 2));
    }

    void run(int[] buyerCounts) throws Exception {
        try (HikariDataSource admin = db.admin(poolSize); HikariDataSource seller = db.seller(poolSize)) {
            runVariants(admin, seller, buyerCounts);
        }
        Pgbench.run(db, out, buyerCounts);
    }

    private void runVariants(HikariDataSource admin, HikariDataSource seller, int[] buyerCounts) throws Exception {
        StockKernel kernel = new StockKernel(seller, db.sellerId);
        for (String channel : CHANNELS) {
            kernel.addChannel(channel, channel, channel);
        }
        kernel.addSku("HOT-1", "The flash-sale SKU", List.of(), 0);
        for (String channel : CHANNELS) {
            kernel.addListing("HOT-1", channel, channel + "-HOT-1");
        }
        BenchDatabase.exec(admin, "INSERT INTO public.bench_stock VALUES (1, 0)");
        out.printf("%nflash-sale: one SKU, %d units, buyers on %d channels, pool of %d connections%n", stock, CHANNELS.length, poolSize);
        out.printf("%-34s %7s %10s %8s %8s %8s %6s %7s %9s%n", "variant", "buyers", "sales/s", "p50 ms", "p99 ms", "max ms",
                "sold", "refused", "vs raw");
        try (SaleCombiner combiner = new SaleCombiner(kernel, 1000, 8)) {
            for (int buyers : buyerCounts) {
                Result raw = measure("raw UPDATE ... WHERE on_hand >= 1", buyers, () -> rawReset(admin), rawBuyer(admin));
                print(raw, raw);
                Result naive = measure("naive read-then-write (no lock)", buyers, () -> rawReset(admin), naiveBuyer(admin));
                int oversold = Integer.parseInt(BenchDatabase.query(admin, "SELECT count(*) FROM public.bench_sale")) - stock;
                print(naive, raw);
                out.printf("%-34s %s%n", "", oversold > 0 ? "  -> OVERSOLD " + oversold + " units" : "  -> no oversell this time");
                Result textbook = measure("textbook BEGIN/FOR UPDATE/UPD/INS", buyers, () -> rawReset(admin), textbookBuyer(admin));
                print(textbook, raw);
                Result single = measure("kernel: one sell() per sale", buyers, () -> kernelReset(kernel, admin), (b, a) ->
                        kernel.sell(List.of(OrderLine.of("HOT-1", 1)), CHANNELS[b % 3], "F-" + b + "-" + a).ok());
                print(single, raw);
                Result combined = measure("kernel: sell_batch + combiner", buyers, () -> kernelReset(kernel, admin), (b, a) ->
                        combiner.sell("HOT-1", 1, CHANNELS[b % 3], "C-" + b + "-" + a).join().ok());
                print(combined, raw);
                out.printf("%-34s single/raw %.2fx, single/textbook %.2fx, combiner/raw %.2fx%n", "", single.perSecond() / raw.perSecond(),
                        single.perSecond() / textbook.perSecond(), combined.perSecond() / raw.perSecond());
                out.flush();
            }
        }
    }

    private void print(Result r, Result raw) {
        boolean exact = r.sold() == stock;
        out.printf("%-34s %7d %10.0f %8.2f %8.2f %8.1f %6d %7d %8.2fx%s%n", r.variant(), r.buyers(), r.perSecond(),
                r.latencies().millisAt(0.5), r.latencies().millisAt(0.99), r.latencies().maxMillis(), r.sold(), r.refused(),
                r.perSecond() / raw.perSecond(), exact ? "" : "  sold != stock");
    }

    private Result measure(String variant, int buyers, Runnable reset, Buyer buyer) throws InterruptedException {
        reset.run();
        AtomicInteger sold = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        List<Latencies> parts = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int b = 0; b < buyers; b++) {
            Latencies mine = new Latencies();
            parts.add(mine);
            int id = b;
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    for (int attempt = 0; ; attempt++) {
                        long t0 = System.nanoTime();
                        boolean ok = buyer.buy(id, attempt);
                        mine.record(System.nanoTime() - t0);
                        if (!ok) {
                            refused.incrementAndGet();
                            return;
                        }
                        sold.incrementAndGet();
                    }
                } catch (Exception e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }, "buyer-" + b);
            threads.add(t);
            t.start();
        }
        long t0 = System.nanoTime();
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (!failures.isEmpty()) {
            throw new IllegalStateException(variant + ": " + failures.size() + " buyers failed, first: " + failures.get(0), failures.get(0));
        }
        return new Result(variant, buyers, sold.get(), refused.get(), seconds, Latencies.merge(parts));
    }

    private void rawReset(HikariDataSource admin) {
        BenchDatabase.exec(admin, "UPDATE public.bench_stock SET on_hand = " + stock + " WHERE id = 1");
        BenchDatabase.exec(admin, "TRUNCATE public.bench_sale");
    }

    private void kernelReset(StockKernel kernel, HikariDataSource admin) {
        int onHand = Integer.parseInt(BenchDatabase.query(admin,
                "SELECT on_hand FROM stockroom.stock s JOIN stockroom.sku k USING (seller_id, sku_id) WHERE k.code = 'HOT-1'"));
        if (onHand > 0) {
            throw new IllegalStateException("HOT-1 still holds " + onHand + " units: a previous run did not sell out");
        }
        Outcome o = kernel.restock("HOT-1", stock);
        if (!o.ok()) {
            throw new IllegalStateException(o.message());
        }
    }

    private static Buyer rawBuyer(HikariDataSource ds) {
        return (b, a) -> {
            try (Connection c = ds.getConnection();
                 PreparedStatement ps = c.prepareStatement("UPDATE public.bench_stock SET on_hand = on_hand - 1 WHERE id = 1 AND on_hand >= 1")) {
                return ps.executeUpdate() == 1;
            }
        };
    }

    private static Buyer naiveBuyer(HikariDataSource ds) {
        return (b, a) -> {
            try (Connection c = ds.getConnection()) {
                int onHand;
                try (PreparedStatement ps = c.prepareStatement("SELECT on_hand FROM public.bench_stock WHERE id = 1");
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    onHand = rs.getInt(1);
                }
                if (onHand <= 0) {
                    return false;
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE public.bench_stock SET on_hand = ? WHERE id = 1")) {
                    ps.setInt(1, onHand - 1);
                    ps.executeUpdate();
                }
                insertSale(c, b);
                return true;
            }
        };
    }

    private static Buyer textbookBuyer(HikariDataSource ds) {
        return (b, a) -> {
            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                try {
                    int onHand;
                    try (PreparedStatement ps = c.prepareStatement("SELECT on_hand FROM public.bench_stock WHERE id = 1 FOR UPDATE");
                         ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        onHand = rs.getInt(1);
                    }
                    if (onHand <= 0) {
                        c.rollback();
                        return false;
                    }
                    try (PreparedStatement ps = c.prepareStatement("UPDATE public.bench_stock SET on_hand = on_hand - 1 WHERE id = 1")) {
                        ps.executeUpdate();
                    }
                    insertSale(c, b);
                    c.commit();
                    return true;
                } catch (SQLException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            }
        };
    }

    private static void insertSale(Connection c, int buyer) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO public.bench_sale (stock_id, channel) VALUES (1, ?)")) {
            ps.setString(1, CHANNELS[buyer % 3]);
            ps.executeUpdate();
        }
    }
}
