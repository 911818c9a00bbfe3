package dev.stockroom.sync.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A marketplace simulator that ships with Stockroom: each channel on its own loopback port,
 * speaking that channel's request and answer shapes (CHANNELS.md), keeping its own listing
 * quantities, taking orders, and throttling, failing, slowing down, answering garbage or going
 * down on demand. The demo runs against it, and so do the tests.
 */
public final class MarketplaceSimulator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MarketplaceSimulator.class);
    /** The credential every simulated channel accepts (tokens, keys, signing secret). */
    public static final String SECRET = "sim-secret";
    public static final String FLIPKART_LOCATION = FlipkartSpeaker.LOCATION;

    private final Clock clock;
    private final ExecutorService executor;
    private final Map<String, SimChannel> channels = new LinkedHashMap<>();
    private ScheduledExecutorService orderStream;

    public MarketplaceSimulator(Clock clock) {
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "simulator-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public MarketplaceSimulator() {
        this(Clock.systemUTC());
    }

    /** Starts a simulated channel of {@code kind} with the channel's published limits. */
    public synchronized SimChannel add(String name, String kind) {
        TokenBucket push = switch (kind) {
            case "amazon" -> new TokenBucket(5, 10);
            case "flipkart" -> new TokenBucket(10, 10);
            case "ebay" -> new TokenBucket(5, 10);
            case "woocommerce", "webhook" -> new TokenBucket(10, 20);
            default -> null;   // Shopify: its cost bucket
        };
        TokenBucket orders = "amazon".equals(kind) ? new TokenBucket(0.0056, 20) : new TokenBucket(2, 10);
        SimChannel ch = new SimChannel(name, kind, Speakers.forKind(kind), clock, executor, push, orders);
        try {
            ch.start(0);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the simulated " + kind + " channel", e);
        }
        channels.put(name, ch);
        log.info("simulated {} channel {} listening on {}", kind, name, ch.baseUrl());
        return ch;
    }

    public SimChannel channel(String name) {
        SimChannel ch = channels.get(name);
        if (ch == null) {
            throw new IllegalArgumentException("no simulated channel " + name);
        }
        return ch;
    }

    public Collection<SimChannel> channels() {
        return channels.values();
    }

    /** Marks SKUs whose Amazon updates come back INVALID. */
    public void refuseOnAmazon(String channel, String sku) {
        SimChannel ch = channel(channel);
        if (ch.speakerIsAmazon()) {
            ch.amazon().invalidSkus.add(sku);
        }
    }

    /** Amazon takes updates for the SKU again (the seller fixed the listing on Amazon). */
    public void acceptOnAmazon(String channel, String sku) {
        SimChannel ch = channel(channel);
        if (ch.speakerIsAmazon()) {
            ch.amazon().invalidSkus.remove(sku);
        }
    }

    /** Amazon's createFeed budget on a simulated Amazon channel: {@code feeds} per {@code window} (5 per 5 minutes unless set). */
    public void amazonFeedLimit(String channel, int feeds, Duration window) {
        SimChannel ch = channel(channel);
        if (ch.speakerIsAmazon()) {
            ch.amazon().feeds.limit(feeds, window);
        }
    }

    /** Shopify answers the next inventorySetQuantities with this idempotency userError code (once). */
    public void failShopifyIdempotency(String channel, String code) {
        SimChannel ch = channel(channel);
        if (ch.speaker() instanceof ShopifySpeaker s) {
            s.idempotencyFaults.add(code);
        }
    }

    /** eBay: every user token issued so far stops working now (the next call with one gets 401). */
    public void expireEbayTokens(String channel) {
        SimChannel ch = channel(channel);
        if (ch.speaker() instanceof EbaySpeaker e) {
            e.expireTokens();
        }
    }

    /** Amazon keeps every feed of the channel IN_PROGRESS until released (to kill a worker mid-feed). */
    public void holdAmazonFeeds(String channel, boolean hold) {
        SimChannel ch = channel(channel);
        if (ch.speakerIsAmazon()) {
            ch.amazon().feeds.hold(hold);
        }
    }

    /** Feeds the channel has processed or is processing, by status (IN_QUEUE, IN_PROGRESS, DONE, FATAL). */
    public Map<String, Long> amazonFeedStatuses(String channel) {
        SimChannel ch = channel(channel);
        return ch.speakerIsAmazon() ? ch.amazon().feeds.statuses() : Map.of();
    }

    /**
     * Buyers at work: every {@code every}, an order on a random channel for a listing it shows;
     * some orders are later cancelled, most shipped.
     */
    public synchronized void startOrderStream(Duration every, long seed) {
        Random random = new Random(seed);
        orderStream = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "simulator-buyers");
            t.setDaemon(true);
            return t;
        });
        List<SimChannel> selling = channels.values().stream()
                .filter(c -> List.of("shopify", "amazon", "flipkart").contains(c.kind)).toList();
        orderStream.scheduleWithFixedDelay(() -> {
            try {
                if (selling.isEmpty()) {
                    return;
                }
                SimChannel ch = selling.get(random.nextInt(selling.size()));
                List<SimChannel.Listing> showing = new ArrayList<>(ch.listings().stream().filter(l -> l.qty > 0).toList());
                if (!showing.isEmpty() && !ch.isDown()) {
                    SimChannel.Listing l = showing.get(random.nextInt(showing.size()));
                    Optional<SimOrder> o = ch.placeOrder(l.sku, 1 + (random.nextInt(5) == 0 ? 1 : 0));
                    o.ifPresent(order -> log.info("{}: order {} for {} x {}", ch.name, order.id, order.lines.get(0).qty(), order.lines.get(0).sku()));
                }
                for (SimOrder open : ch.orders()) {
                    if (open.status == SimOrder.Status.OPEN && random.nextInt(12) == 0) {
                        if (random.nextInt(4) == 0) {
                            ch.cancel(open.id);
                        } else {
                            ch.ship(open.id);
                        }
                    }
                }
            } catch (RuntimeException e) {
                log.warn("simulated buyers stumbled", e);
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        if (orderStream != null) {
            orderStream.shutdownNow();
        }
        channels.values().forEach(SimChannel::stop);
        executor.shutdownNow();
    }
}
