package dev.stockroom.sync.worker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stockroom.sync.channels.ChannelAdapter;
import dev.stockroom.sync.channels.ChannelAdapters;
import dev.stockroom.sync.channels.ChannelConfig;
import dev.stockroom.sync.channels.ChannelSecrets;
import dev.stockroom.sync.channels.Json;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background thread that keeps every channel right (DESIGN section 6), modelled on
 * db-scheduler: a loop that runs until shutdown, catches and logs everything, claims due rows
 * with a lease, hands each channel's rows to that channel's lane, and rests on a {@link Waiter}
 * that a stock change, "sync now" or a finished push wakes. Time comes from a {@link Clock}.
 */
public final class SyncWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SyncWorker.class);

    private final SyncQueue queue;
    private final ChannelSecrets secrets;
    private final Clock clock;
    private final SyncOptions options;
    private final OkHttpClient http;
    private final Waiter waiter = new Waiter();
    private final Map<String, ChannelLane> lanes = new ConcurrentHashMap<>();   // read by the console for breaker states
    private final Set<String> credentialsChanged = ConcurrentHashMap.newKeySet();
    private final ExecutorService pushers;
    /** Follows feeds the channels are processing (see FeedWatch): short looks, never a lane. */
    private final ScheduledExecutorService feedWatches;
    private final ChangeListener listener;
    private final AtomicInteger passes = new AtomicInteger();
    private volatile boolean running;
    private volatile boolean stopping;
    private Thread loop;

    public SyncWorker(DataSource ds, long sellerId, ChannelSecrets secrets, Clock clock, SyncOptions options) {
        this.queue = new SyncQueue(ds, sellerId);
        this.secrets = secrets;
        this.clock = clock;
        this.options = options;
        this.http = new OkHttpClient.Builder().build();
        AtomicInteger n = new AtomicInteger();
        this.pushers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "stockroom-sync-push-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.feedWatches = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stockroom-sync-feeds");
            t.setDaemon(true);
            return t;
        });
        this.listener = options.listenForChanges() ? new ChangeListener(ds, sellerId, waiter) : null;
    }

    public synchronized SyncWorker start() {
        if (running) {
            return this;
        }
        running = true;
        stopping = false;
        loop = new Thread(this::runLoop, "stockroom-sync");
        loop.setDaemon(true);
        loop.start();
        if (listener != null) {
            listener.start();
        }
        log.info("sync worker {} started for seller {}", options.owner(), queue.sellerId());
        return this;
    }

    /** "Sync now": look at the queue at once. */
    public void wake() {
        waiter.wake();
    }

    /** The channel's credentials changed on this desk: its next push builds the channel anew with them. */
    public void credentialsChanged(String channel) {
        credentialsChanged.add(channel);
        waiter.wake();
    }

    /** Channels whose circuit breaker is not closed in this worker: "open" (resting) or "half open" (one trial call). */
    public Map<String, String> circuitStates() {
        Map<String, String> out = new TreeMap<>();
        lanes.forEach((channel, lane) -> {
            switch (lane.guards.breaker.getState()) {
                case CLOSED, DISABLED, METRICS_ONLY -> {
                }
                case HALF_OPEN -> out.put(channel, "half open");
                default -> out.put(channel, "open");
            }
        });
        return out;
    }

    public String owner() {
        return options.owner();
    }

    /** How many passes over the queue the loop has made (tests wait on it). */
    public int passes() {
        return passes.get();
    }

    private void runLoop() {
        while (running) {
            Duration rest;
            try {
                rest = pass();
            } catch (Exception | Error e) {
                log.error("sync pass failed; trying again shortly", e);
                rest = Duration.ofSeconds(2);
            }
            passes.incrementAndGet();
            try {
                waiter.await(rest);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One look at every channel: claim for idle lanes; answer how long to rest. */
    Duration pass() throws SQLException {
        Instant now = clock.instant();
        Instant wakeAt = now.plus(options.pollInterval());
        for (SyncQueue.ChannelRow row : queue.channels()) {
            if (stopping) {
                break;
            }
            ChannelLane lane = lane(row);
            if (lane != null) {
                try {
                    lane.adoptFeeds(now);
                } catch (SQLException e) {
                    log.warn("could not look for feeds of {} to follow: {}", row.channel(), e.getMessage());
                }
            }
            if (lane == null || row.syncPaused() || lane.busy.get()) {
                continue;
            }
            if (now.isBefore(lane.holdUntil())) {
                wakeAt = earliest(wakeAt, lane.holdUntil());
                continue;
            }
            if (!lane.guards.channelUp()) {
                continue;   // breaker open: the poll interval brings us back to ask again
            }
            List<ClaimedListing> rows = queue.claim(row.channel(), options.owner(), now, lane.claimSize(now), options.leaseSeconds());
            if (rows.isEmpty()) {
                Optional<Instant> next = queue.nextDue(row.channel());
                if (next.isPresent()) {
                    wakeAt = earliest(wakeAt, next.get());
                }
                continue;
            }
            lane.busy.set(true);
            pushers.execute(() -> {
                try {
                    lane.run(rows);
                } finally {
                    lane.busy.set(false);
                    waiter.wake();
                }
            });
        }
        Duration rest = Duration.between(clock.instant(), wakeAt);
        return rest.isNegative() ? Duration.ofMillis(10) : rest;
    }

    private ChannelLane lane(SyncQueue.ChannelRow row) {
        String fingerprint = row.kind() + "|" + row.name() + "|" + row.settings();
        ChannelLane lane = lanes.get(row.channel());
        if (lane != null && lane.fingerprint.equals(fingerprint) && !credentialsChanged.contains(row.channel())) {
            return lane;
        }
        if (lane != null && lane.busy.get()) {
            return lane;   // settings changed mid-push: switch once this push is done
        }
        JsonNode settings;
        try {
            settings = Json.parse(row.settings());
        } catch (Json.MalformedAnswerException e) {
            settings = Json.object();
            log.warn("channel {} has settings that are not JSON; using defaults", row.channel());
        }
        credentialsChanged.remove(row.channel());
        ChannelConfig config = new ChannelConfig(queue.sellerId(), row.channel(), row.kind(), row.name(), settings,
                secrets.forChannel(queue.sellerId(), row.channel()));
        Optional<ChannelAdapter> adapter = ChannelAdapters.forChannel(config, http, clock);
        if (adapter.isEmpty()) {
            lanes.remove(row.channel());
            return null;
        }
        ChannelLane fresh = new ChannelLane(config, adapter.get(), fingerprint, queue, clock, options, () -> stopping, feedWatches, waiter::wake);
        lanes.put(row.channel(), fresh);
        return fresh;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** Stops claiming, lets pushes in flight finish (their unsent rows are given back), then stops. */
    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        stopping = true;
        running = false;
        waiter.wake();
        if (listener != null) {
            listener.close();
        }
        // Feeds still being processed are handed on: another worker (or this desk's next start) adopts them.
        feedWatches.shutdownNow();
        try {
            feedWatches.awaitTermination(5, TimeUnit.SECONDS);   // a look in progress renews no watch after the release below
            queue.releaseFeeds(options.owner(), clock.instant());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            log.warn("could not hand on the feeds this worker follows ({}); they are adopted when its watch runs out", e.getMessage());
        }
        try {
            loop.join(options.drainTimeout().toMillis());
            pushers.shutdown();
            if (!pushers.awaitTermination(options.drainTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                pushers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pushers.shutdownNow();
        }
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
        log.info("sync worker {} stopped", options.owner());
    }
}
