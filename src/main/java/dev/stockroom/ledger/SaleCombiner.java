package dev.stockroom.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Groups concurrent single-unit-line sales of the same SKU into one {@code sell_batch} call
 * while the previous batch of that SKU commits. A hot SKU then pays one lock and one commit
 * per batch instead of per sale; every sale keeps its own movement id and outcome.
 */
public final class SaleCombiner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SaleCombiner.class);

    private record Pending(BatchOrder order, CompletableFuture<Outcome> result) {
    }

    /** One SKU's queue; at most one batch of it is in flight at a time. */
    private final class Lane {
        final String sku;
        final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
        final AtomicBoolean draining = new AtomicBoolean();

        Lane(String sku) {
            this.sku = sku;
        }

        void drain() {
            do {
                List<Pending> batch = new ArrayList<>();
                for (Pending p; batch.size() < maxBatch && (p = queue.poll()) != null; ) {
                    batch.add(p);
                }
                if (!batch.isEmpty()) {
                    send(batch);
                }
                draining.set(false);
                // A sale may have arrived between the last poll and the release: take it over.
            } while (!queue.isEmpty() && draining.compareAndSet(false, true));
        }

        void send(List<Pending> batch) {
            try {
                List<Outcome> outcomes = kernel.sellBatch(sku, batch.stream().map(Pending::order).toList());
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).result().complete(outcomes.get(i));
                }
            } catch (RuntimeException e) {
                log.warn("batch of {} sales of {} failed", batch.size(), sku, e);
                batch.forEach(p -> p.result().completeExceptionally(e));
            }
        }
    }

    private final StockKernel kernel;
    private final int maxBatch;
    private final ExecutorService workers;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

    public SaleCombiner(StockKernel kernel, int maxBatch, int threads) {
        if (maxBatch < 1 || maxBatch > 10_000) {
            throw new IllegalArgumentException("maxBatch must be 1..10000");
        }
        this.kernel = kernel;
        this.maxBatch = maxBatch;
        this.workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "sale-combiner");
            t.setDaemon(true);
            return t;
        });
    }

    public CompletableFuture<Outcome> sell(String sku, int qty, String channel, String orderRef) {
        return sell(sku, new BatchOrder(UUID.randomUUID(), qty, channel, orderRef));
    }

    public CompletableFuture<Outcome> sell(String sku, BatchOrder order) {
        Lane lane = lanes.computeIfAbsent(sku, Lane::new);
        CompletableFuture<Outcome> result = new CompletableFuture<>();
        lane.queue.add(new Pending(order, result));
        if (lane.draining.compareAndSet(false, true)) {
            workers.execute(lane::drain);
        }
        return result;
    }

    @Override
    public void close() {
        workers.shutdown();
    }
}
