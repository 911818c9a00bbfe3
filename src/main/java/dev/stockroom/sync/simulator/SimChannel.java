package dev.stockroom.sync.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * One simulated marketplace on its own loopback port: its listings and quantities, its orders,
 * its limits, the faults it was told to play, and a record of every request it received.
 */
public final class SimChannel {
    /** A listing on the simulated channel: its key (the channel's id), the seller's SKU, what it shows. */
    public static final class Listing {
        final String key;
        final String sku;
        final String productId;
        volatile int qty;
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger sets = new AtomicInteger();

        Listing(String key, String sku, String productId, int qty) {
            this.key = key;
            this.sku = sku;
            this.productId = productId;
            this.qty = qty;
        }

        public int qty() {
            return qty;
        }

        public String sku() {
            return sku;
        }

        public int sets() {
            return sets.get();
        }
    }

    /** A request as a speaker sees it. */
    record Request(String method, String path, String query, Map<String, List<String>> headers, String body) {
        String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }

        Optional<String> param(String name) {
            if (query == null) {
                return Optional.empty();
            }
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String k = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                if (k.equals(name)) {
                    return Optional.of(eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            return Optional.empty();
        }
    }

    /** A speaker's answer; {@code listings} are the keys a push set (empty for other calls). */
    record Reply(int status, Map<String, String> headers, String body, List<String> listings, boolean push) {
        static Reply json(int status, String body) {
            return new Reply(status, Map.of(), body, List.of(), false);
        }

        Reply withHeader(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Reply(status, h, body, listings, push);
        }

        Reply asPush(List<String> keys) {
            return new Reply(status, headers, body, keys, true);
        }
    }

    interface Speaker {
        Reply answer(SimChannel channel, Request request) throws IOException;

        /** Token endpoints are not subject to faults (the faults are about the inventory API). */
        default boolean exempt(Request request) {
            return false;
        }
    }

    final String name;
    final String kind;
    final Clock clock;
    private final Speaker speaker;
    private final ExecutorService executor;
    private volatile HttpServer server;
    private int port;
    final Map<String, Listing> listings = new ConcurrentHashMap<>();
    final List<SimOrder> orders = new CopyOnWriteArrayList<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final Deque<Fault> nextFaults = new ArrayDeque<>();
    private volatile Fault steadyFault;
    private volatile long latencyMillis;
    private volatile boolean down;
    final AtomicInteger overlaps = new AtomicInteger();
    final AtomicInteger throttledByLimit = new AtomicInteger();
    final AtomicLong sequence = new AtomicLong(1000);
    volatile TokenBucket pushLimit;
    volatile TokenBucket orderLimit;
    volatile boolean strictListings;
    volatile String secret = "sim-secret";

    SimChannel(String name, String kind, Speaker speaker, Clock clock, ExecutorService executor, TokenBucket pushLimit, TokenBucket orderLimit) {
        this.name = name;
        this.kind = kind;
        this.speaker = speaker;
        this.clock = clock;
        this.executor = executor;
        this.pushLimit = pushLimit;
        this.orderLimit = orderLimit;
    }

    synchronized void start(int wantedPort) throws IOException {
        HttpServer s = HttpServer.create();
        IOException last = null;
        for (int i = 0; i < 50; i++) {
            try {
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), wantedPort), 50);
                last = null;
                break;
            } catch (BindException e) {
                last = e;   // the old socket is still closing: the same port comes free in moments
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
        if (last != null) {
            throw last;
        }
        s.createContext("/", this::handle);
        s.setExecutor(executor);
        s.start();
        this.server = s;
        this.port = s.getAddress().getPort();
    }

    synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    // ------------------------------------------------------------- for tests and the demo

    boolean speakerIsAmazon() {
        return speaker instanceof AmazonSpeaker;
    }

    Speaker speaker() {
        return speaker;
    }

    AmazonSpeaker amazon() {
        return (AmazonSpeaker) speaker;
    }

    /** The credential this channel accepts (token, refresh token, app secret, consumer secret, signing secret). */
    public SimChannel secret(String s) {
        this.secret = s;
        return this;
    }

    public String name() {
        return name;
    }

    public String kind() {
        return kind;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Puts a listing on the channel (key: the channel's own id for it; Amazon, Flipkart, eBay use the SKU). */
    public SimChannel list(String key, String sku, String productId, int qty) {
        listings.put(key, new Listing(key, sku, productId, qty));
        return this;
    }

    public SimChannel list(String key, String sku, int qty) {
        return list(key, sku, null, qty);
    }

    public Optional<Listing> listing(String key) {
        return Optional.ofNullable(listings.get(key));
    }

    /** Listings by the channel's own key. */
    public Map<String, Listing> listingKeys() {
        return Map.copyOf(listings);
    }

    public Collection<Listing> listings() {
        return listings.values();
    }

    /** Sets what the channel shows for a seller SKU, whatever its key. */
    public void showSku(String sku, int qty) {
        listings.values().stream().filter(l -> sku.equals(l.sku)).forEach(l -> l.qty = qty);
    }

    /** Someone edits the quantity directly on the channel (drift). */
    public void editQuantity(String key, int qty) {
        listings.get(key).qty = qty;
    }

    /** Unknown listing ids are refused instead of created on first push. */
    public SimChannel strictListings(boolean strict) {
        this.strictListings = strict;
        return this;
    }

    /** Numbers the next orders from {@code first}: a demo run again must not reuse the last run's order ids (they would read as replays). */
    public SimChannel orderNumbersFrom(long first) {
        sequence.set(first - 1);
        return this;
    }

    public SimChannel pushLimit(double perSecond, double burst) {
        this.pushLimit = new TokenBucket(perSecond, burst);
        return this;
    }

    public SimChannel orderLimit(double perSecond, double burst) {
        this.orderLimit = new TokenBucket(perSecond, burst);
        return this;
    }

    public SimChannel latency(long millis) {
        this.latencyMillis = millis;
        return this;
    }

    public SimChannel failNext(int times, Fault fault) {
        synchronized (nextFaults) {
            for (int i = 0; i < times; i++) {
                nextFaults.add(fault);
            }
        }
        return this;
    }

    /** Plays the fault on every request until cleared with null. */
    public SimChannel failAlways(Fault fault) {
        this.steadyFault = fault;
        return this;
    }

    /** The channel stops listening: connections are refused until {@link #comeBack()}. */
    public void goDown() {
        down = true;
        stop();
    }

    public void comeBack() throws IOException {
        start(port);
        down = false;
    }

    public boolean isDown() {
        return down;
    }

    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public List<RecordedRequest> pushes() {
        return requests.stream().filter(RecordedRequest::push).toList();
    }

    public List<RecordedRequest> requests(Predicate<RecordedRequest> which) {
        return requests.stream().filter(which).toList();
    }

    public void clearRequests() {
        requests.clear();
    }

    /** How many listings are being set right now. */
    public int inFlight() {
        return listings.values().stream().mapToInt(l -> l.inFlight.get()).sum();
    }

    /** How many times a listing was being set by two requests at once. */
    public int overlaps() {
        return overlaps.get();
    }

    /** How many requests the channel's own limit refused. */
    public int throttledByLimit() {
        return throttledByLimit.get();
    }

    public Map<String, Integer> quantitiesBySku() {
        return listings.values().stream().collect(Collectors.toMap(l -> l.sku, l -> l.qty, (a, b) -> a));
    }

    public List<SimOrder> orders() {
        return List.copyOf(orders);
    }

    /**
     * A buyer orders: taken only if the channel shows enough (a marketplace never sells more
     * than it shows), which lowers what it shows. Empty when the channel would not sell it.
     */
    public Optional<SimOrder> placeOrder(String sku, int qty) {
        Listing l = listings.values().stream().filter(x -> sku.equals(x.sku)).findFirst().orElse(null);
        if (l == null) {
            return Optional.empty();
        }
        synchronized (l) {
            if (l.qty < qty) {
                return Optional.empty();
            }
            l.qty -= qty;
        }
        long n = sequence.incrementAndGet();
        String id = switch (kind) {
            case "shopify" -> "gid://shopify/Order/" + (5_000_000 + n);
            case "amazon" -> String.format("402-%07d-%07d", n, (n * 7919) % 10_000_000);
            case "flipkart" -> "OD" + (330000000000L + n);
            default -> kind + "-" + n;
        };
        String orderName = "shopify".equals(kind) ? "#" + n : id;
        SimOrder order = new SimOrder(id, orderName, clock.instant(), List.of(new SimOrder.Line(id + "-1", sku, qty)));
        orders.add(order);
        return Optional.of(order);
    }

    public void cancel(String orderId) {
        SimOrder o = order(orderId);
        if (o.status == SimOrder.Status.OPEN) {
            o.status = SimOrder.Status.CANCELLED;
            o.updatedAt = clock.instant();
            for (SimOrder.Line line : o.lines) {
                listings.values().stream().filter(x -> line.sku().equals(x.sku)).findFirst().ifPresent(l -> {
                    synchronized (l) {
                        l.qty += line.qty();
                    }
                });
            }
        }
    }

    public void ship(String orderId) {
        SimOrder o = order(orderId);
        if (o.status == SimOrder.Status.OPEN) {
            o.status = SimOrder.Status.SHIPPED;
            o.updatedAt = clock.instant();
        }
    }

    /** Delivers an order again as if new (a replayed webhook or a page read twice). */
    public void touch(String orderId) {
        order(orderId).updatedAt = clock.instant();
    }

    private SimOrder order(String id) {
        return orders.stream().filter(o -> o.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no order " + id + " on " + name));
    }

    // ------------------------------------------------------------------ serving

    Listing listingFor(String key, String sku, Integer startingQty) {
        Listing l = listings.get(key);
        if (l == null && !strictListings) {
            l = listings.computeIfAbsent(key, k -> new Listing(k, sku == null ? k : sku, null, startingQty == null ? 0 : startingQty));
        }
        return l;
    }

    /** Runs a change to listings while marking them in flight (to catch two pushes at once), after the configured delay. */
    void applying(List<String> keys, Runnable change) {
        List<Listing> touched = new ArrayList<>();
        for (String k : keys) {
            Listing l = listings.get(k);
            if (l != null) {
                touched.add(l);
                if (l.inFlight.incrementAndGet() > 1) {
                    overlaps.incrementAndGet();
                }
            }
        }
        try {
            pause(latencyMillis);
            change.run();
            touched.forEach(l -> l.sets.incrementAndGet());
        } finally {
            touched.forEach(l -> l.inFlight.decrementAndGet());
        }
    }

    boolean overPushLimit() {
        TokenBucket b = pushLimit;
        if (b != null && !b.take(1)) {
            throttledByLimit.incrementAndGet();
            return true;
        }
        return false;
    }

    boolean overOrderLimit() {
        TokenBucket b = orderLimit;
        if (b != null && !b.take(1)) {
            throttledByLimit.incrementAndGet();
            return true;
        }
        return false;
    }

    private void handle(HttpExchange ex) throws IOException {
        long arrived = System.nanoTime();
        Instant arrivedAt = clock.instant();
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(v)));
        Request req = new Request(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), ex.getRequestURI().getRawQuery(), headers, body);
        Fault fault = speaker.exempt(req) ? null : nextFault();
        Reply reply;
        try {
            reply = fault == null ? speaker.answer(this, req) : faulty(fault, req);
        } catch (RuntimeException e) {
            reply = Reply.json(500, "{\"errors\":[{\"message\":\"simulator error: " + e.getClass().getSimpleName() + "\"}]}");
        }
        if (reply == null) {   // drop the connection without answering
            requests.add(new RecordedRequest(req.method(), req.path(), req.query(), headers, body, arrived, System.nanoTime(), arrivedAt,
                    0, null, List.of(), false));
            ex.close();
            return;
        }
        byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        reply.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        requests.add(new RecordedRequest(req.method(), req.path(), req.query(), headers, body, arrived, System.nanoTime(), arrivedAt,
                reply.status(), reply.body(), reply.listings(), reply.push()));
        ex.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(out);
        }
    }

    private Fault nextFault() {
        synchronized (nextFaults) {
            Fault f = nextFaults.poll();
            return f != null ? f : steadyFault;
        }
    }

    private Reply faulty(Fault fault, Request req) throws IOException {
        return switch (fault.kind()) {
            case THROTTLE_SECONDS -> Reply.json(429, "{\"errors\":[{\"code\":\"QuotaExceeded\",\"message\":\"You exceeded your quota for the requested resource.\"}]}")
                    .withHeader("Retry-After", Integer.toString(fault.seconds()));
            case THROTTLE_DATE -> Reply.json(429, "{\"errors\":[{\"code\":\"QuotaExceeded\",\"message\":\"Too many requests\"}]}")
                    .withHeader("Retry-After", dev.stockroom.sync.channels.RetryAfter.httpDate(
                            clock.instant().plusSeconds(fault.seconds()).plusMillis(999).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
            case UNAVAILABLE -> Reply.json(503, "{\"errors\":[{\"message\":\"Service temporarily unavailable\"}]}")
                    .withHeader("Retry-After", Integer.toString(fault.seconds()));
            case SERVER_ERROR -> Reply.json(500, "{\"errors\":[{\"message\":\"We encountered an internal error. Please try again.\"}]}");
            case TIMEOUT -> {
                pause(fault.seconds() * 1000L);
                yield null;
            }
            case RESET -> null;
            case GARBAGE -> {
                Reply real = speaker.answer(this, req);
                yield new Reply(200, Map.of("Content-Type", "text/html"), "<html><body>502 Bad Gateway</body>", real.listings(), real.push());
            }
        };
    }

    static void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
