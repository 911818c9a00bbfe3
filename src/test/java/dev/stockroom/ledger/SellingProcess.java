package dev.stockroom.ledger;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A separate desk, in its own JVM: logs in by URL, waits for GO on stdin, then sells one unit
 * at a time from several threads until the kernel says there is no stock, and prints
 * {@code SOLD <n> REFUSED <m>}. Started by {@link TwoProcessSellTest}.
 */
public final class SellingProcess {
    private SellingProcess() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String login = args[1];
        long seller = Long.parseLong(args[2]);
        String sku = args[3];
        int threads = Integer.parseInt(args[4]);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(login);
        config.setMaximumPoolSize(threads);
        config.setMinimumIdle(threads);
        try (HikariDataSource ds = new HikariDataSource(config)) {
            StockKernel kernel = new StockKernel(ds, seller);
            ds.getConnection().close();  // connected before the race starts
            System.out.println("READY");
            System.out.flush();
            BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            if (!"GO".equals(stdin.readLine())) {
                System.exit(2);
            }
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<int[]>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    int sold = 0;
                    int refused = 0;
                    while (true) {
                        Outcome o = kernel.sell(List.of(OrderLine.of(sku, 1)), null, null);
                        if (o.ok()) {
                            sold++;
                        } else if ("insufficient_stock".equals(o.code())) {
                            refused++;
                            return new int[] {sold, refused};
                        } else {
                            throw new IllegalStateException("unexpected refusal: " + o);
                        }
                    }
                }));
            }
            int sold = 0;
            int refused = 0;
            for (Future<int[]> f : results) {
                int[] r = f.get();
                sold += r[0];
                refused += r[1];
            }
            pool.shutdown();
            System.out.println("SOLD " + sold + " REFUSED " + refused);
            System.out.flush();
        }
    }
}
