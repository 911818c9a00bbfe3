package dev.stockroom.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.stockroom.ledger.OrderLine;
import dev.stockroom.ledger.StockKernel;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** Sales spread over 10,000 SKUs (listed on three channels) against the raw uniform UPDATE. */
final class Spread {
    static final int SKUS = 10_000;

    interface Sale {
        void sell(int sku) throws Exception;
    }

    private final BenchDatabase db;
    private final PrintWriter out;

    Spread(BenchDatabase db, PrintWriter out) {
        this.db = db;
        this.out = out;
    }

    void run(int seconds) throws Exception {
        int threads = Math.max(4, Math.min(64, (db.maxConnections() - 20) / 2));
        HikariDataSource admin = db.admin(threads);
        HikariDataSource seller = db.seller(threads);
        StockKernel kernel = new StockKernel(seller, db.sellerId);
        for (String channel : FlashSale.CHANNELS) {
            kernel.addChannel(channel, channel, channel);
        }
        long s = db.sellerId;
        BenchDatabase.exec(seller, "SELECT count(*) FROM generate_series(1, " + SKUS + ") g, LATERAL stockroom.add_sku(" + s
                + ", 'S-' || g, 'Spread ' || g, '{}', 0)");
        for (String channel : FlashSale.CHANNELS) {
            BenchDatabase.exec(seller, "SELECT count(*) FROM generate_series(1, " + SKUS + ") g, LATERAL stockroom.add_listing(" + s
                    + ", 'S-' || g, '" + channel + "', '" + channel + "-' || g)");
        }
        BenchDatabase.exec(seller, "SELECT count(*) FROM generate_series(1, " + SKUS + ") g, LATERAL stockroom.restock(" + s
                + ", gen_random_uuid(), 'S-' || g, 1000000) r");
        BenchDatabase.exec(admin, "INSERT INTO public.bench_stock SELECT 1000 + g, 1000000 FROM generate_series(1, " + SKUS + ") g");
        BenchDatabase.exec(admin, "ANALYZE");

        out.printf("%nspread: %d SKUs, %d concurrent buyers, %d s per variant%n", SKUS, threads, seconds);
        out.printf("%-34s %10s %8s %8s %8s %9s%n", "variant", "sales/s", "p50 ms", "p99 ms", "max ms", "vs raw");
        double raw = measure("raw uniform UPDATE by id", threads, seconds, sku -> {
            try (Connection c = admin.getConnection();
                 PreparedStatement ps = c.prepareStatement("UPDATE public.bench_stock SET on_hand = on_hand - 1 WHERE id = ? AND on_hand >= 1")) {
                ps.setInt(1, 1000 + sku);
                ps.executeUpdate();
            }
        }, 0);
        measure("kernel: one sell() per sale", threads, seconds, sku -> {
            if (!kernel.sell(List.of(OrderLine.of("S-" + sku, 1)), FlashSale.CHANNELS[sku % 3], null).ok()) {
                throw new IllegalStateException("refused with a million in stock");
            }
        }, raw);
    }

    private double measure(String variant, int threads, int seconds, Sale sale, double raw) throws InterruptedException {
        AtomicLong count = new AtomicLong();
        List<Latencies> parts = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        long[] deadline = new long[1];
        List<Throwable> failures = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Latencies mine = new Latencies();
            parts.add(mine);
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    while (System.nanoTime() < deadline[0]) {
                        int sku = 1 + ThreadLocalRandom.current().nextInt(SKUS);
                        long t0 = System.nanoTime();
                        sale.sell(sku);
                        mine.record(System.nanoTime() - t0);
                        count.incrementAndGet();
                    }
                } catch (Exception e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            });
            workers.add(t);
            t.start();
        }
        long t0 = System.nanoTime();
        deadline[0] = t0 + seconds * 1_000_000_000L;
        start.countDown();
        for (Thread t : workers) {
            t.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException(variant + " failed: " + failures.get(0), failures.get(0));
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        double perSecond = count.get() / elapsed;
        Latencies all = Latencies.merge(parts);
        out.printf("%-34s %10.0f %8.2f %8.2f %8.1f %8.2fx%n", variant, perSecond, all.millisAt(0.5), all.millisAt(0.99),
                all.maxMillis(), raw == 0 ? 1.0 : perSecond / raw);
        out.flush();
        return perSecond;
    }
}
