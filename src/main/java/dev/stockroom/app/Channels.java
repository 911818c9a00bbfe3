package dev.stockroom.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stockroom.demo.SimulatedMarketplaces;
import dev.stockroom.ledger.ChannelStock;
import dev.stockroom.ledger.StockKernel;
import dev.stockroom.sync.SyncService;
import dev.stockroom.sync.channels.ChannelSecrets;
import dev.stockroom.sync.channels.DeskSecrets;
import dev.stockroom.sync.channels.Json;
import dev.stockroom.sync.channels.meesho.MeeshoUploads;
import dev.stockroom.sync.figures.SyncFigures;
import dev.stockroom.sync.worker.SyncOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seller's channels as this console runs them: the sync worker and order intake (DESIGN
 * section 6: every console runs them), on the local demo the simulated marketplaces they push
 * to, connecting a channel with its credentials (kept in this desk's secrets file, never in
 * the database, never shown again), and the figures and controls of {@link SyncFigures}.
 */
public final class Channels implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Channels.class);
    private static final Duration DEMO_ORDER_EVERY = Duration.ofMillis(1500);

    private final DataSource ds;
    private final long sellerId;
    private final StockKernel kernel;
    private final Supplier<java.util.List<ChannelStock.Channel>> channelList;
    private final DeskSecrets deskSecrets;
    private final boolean localDemo;
    private final SyncFigures figures;
    private SyncService sync;
    private SimulatedMarketplaces demo;
    private volatile WorkerState state = new WorkerState(false, "Sync is not running on this desk.");

    /** Whether this console's sync worker runs, in a sentence for the seller. */
    public record WorkerState(boolean running, String sentence) {
    }

    Channels(DataSource ds, long sellerId, StockKernel kernel, Supplier<java.util.List<ChannelStock.Channel>> channelList,
             DeskSecrets deskSecrets, boolean localDemo) {
        this.ds = ds;
        this.sellerId = sellerId;
        this.kernel = kernel;
        this.channelList = channelList;
        this.deskSecrets = deskSecrets;
        this.localDemo = localDemo;
        this.figures = new SyncFigures(ds, sellerId);
    }

    public SyncFigures figures() {
        return figures;
    }

    public WorkerState workerState() {
        return state;
    }

    /** Starts this console's sync worker and order intake once (later calls return the running one). */
    public SyncService startSync() {
        return startSync(SyncOptions.defaults());
    }

    public synchronized SyncService startSync(SyncOptions options) {
        if (sync == null) {
            ChannelSecrets secrets = demo == null ? deskSecrets : ChannelSecrets.overlay(demo.secrets(), deskSecrets);
            sync = new SyncService(ds, sellerId, secrets, Clock.systemUTC(), options, true).start();
            state = new WorkerState(true, demo == null ? "Sync runs on this desk."
                    : "Sync runs here, against marketplaces simulated on this computer (local demo).");
        }
        return sync;
    }

    /**
     * What a console does once connected, off the FX thread: on the local demo, the simulated
     * marketplaces and their buyers first, then sync. Never throws: a failure becomes the state's
     * sentence, and the console goes on without pushing.
     */
    public WorkerState startInConsole() {
        state = new WorkerState(false, "Sync is starting...");
        try {
            synchronized (this) {
                if (localDemo && demo == null && sync == null) {
                    demo = SimulatedMarketplaces.pointChannels(ds, sellerId).startBuyers(DEMO_ORDER_EVERY);
                }
            }
            startSync();
        } catch (Exception e) {
            log.warn("sync did not start in this console", e);
            state = new WorkerState(false, "Sync did not start on this desk: " + e.getMessage()
                    + ". Changes wait in the queue until a desk running sync (or stockroom sync) pushes them.");
        }
        return state;
    }

    /** Channels whose circuit breaker in this console's worker is open (resting) or half open. */
    public synchronized Map<String, String> circuitStates() {
        return sync == null ? Map.of() : sync.circuitStates();
    }

    /** The names (never the values) of the secrets this desk holds for a channel. */
    public Set<String> credentialNames(String channel) {
        if (isSimulated(channel)) {
            return demo.secrets().forChannel(sellerId, channel).keys();
        }
        return deskSecrets.forChannel(sellerId, channel).keys();
    }

    public synchronized boolean isSimulated(String channel) {
        return demo != null && demo.simulates(channel);
    }

    /** The local demo's simulated marketplaces, when this console runs them. */
    public synchronized Optional<SimulatedMarketplaces> demoMarketplaces() {
        return Optional.ofNullable(demo);
    }

    /** "Sync now": the worker looks at the queue at once. */
    public synchronized void syncNow() {
        if (sync != null) {
            sync.syncNow();
        }
    }

    /** The seller uploaded a file channel's (Meesho) file: its quantities now count as shown. Returns how many listings it confirmed. */
    public int confirmUpload(String channel, Path file) {
        try {
            return MeeshoUploads.confirm(ds, sellerId, channel, file);
        } catch (IOException | SQLException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * Connects a channel (or updates one: same code) with its settings and this desk's secrets.
     * Blank values leave what was saved. A refusal is an IllegalArgumentException with a sentence,
     * and then nothing was saved.
     */
    public void connect(String code, String kindCode, String name, Map<String, String> settings, Map<String, String> secrets) {
        ChannelKinds.Kind kind = ChannelKinds.of(kindCode).orElseThrow(() -> new IllegalArgumentException(
                "Choose the kind of channel (" + String.join(", ", ChannelKinds.all().stream().map(ChannelKinds.Kind::code).toList()) + ")."));
        Optional<ChannelStock.Channel> existing = channelList.get().stream().filter(c -> c.code().equals(code)).findFirst();
        if (existing.isPresent() && !existing.get().kind().equals(kindCode)) {
            throw new IllegalArgumentException("Channel " + code + " is a " + existing.get().kind() + " channel; to connect "
                    + kind.label() + ", give it a code of its own.");
        }
        Set<String> saved = existing.isPresent() ? credentialNames(code) : Set.of();
        for (ChannelKinds.Field f : kind.fields()) {
            String typed = f.secret() ? secrets.get(f.key()) : settings.get(f.key());
            boolean blank = typed == null || typed.isBlank();
            if (f.required() && blank && (f.secret() ? !saved.contains(f.key()) : existing.isEmpty())) {
                throw new IllegalArgumentException(f.label() + " is needed to connect " + kind.label() + ".");
            }
            if (!blank && !f.secret() && isAddress(f.key()) && !typed.strip().matches("(?i)https?://\\S+")) {
                throw new IllegalArgumentException(f.label() + " must be a web address starting with https:// (got \"" + typed.strip() + "\").");
            }
        }
        ObjectNode merged = existing.isPresent() ? currentSettings(code) : Json.object();
        settings.forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                merged.put(k, v.strip());
            }
        });
        try {
            kernel.addChannel(code, kindCode, name);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        figures.saveSettings(code, Json.write(merged));
        Map<String, String> typedSecrets = new LinkedHashMap<>();
        kind.secrets().forEach(f -> typedSecrets.put(f.key(), secrets.get(f.key())));
        deskSecrets.save(sellerId, code, typedSecrets);
        synchronized (this) {
            if (sync != null) {
                sync.credentialsChanged(code);
            }
        }
    }

    /** Settings that hold a web address. */
    public static boolean isAddress(String key) {
        return key.equals("base_url") || key.equals("store_url") || key.equals("url");
    }

    private ObjectNode currentSettings(String code) {
        try {
            JsonNode n = Json.parse(figures.settings(code));
            return n instanceof ObjectNode o ? o : Json.object();
        } catch (Json.MalformedAnswerException e) {
            return Json.object();
        }
    }

    /** Stops sync (pushes in flight finish), then the simulated marketplaces. */
    @Override
    public synchronized void close() {
        if (sync != null) {
            sync.close();
            sync = null;
        }
        if (demo != null) {
            demo.close();
            demo = null;
        }
        state = new WorkerState(false, "Sync is not running on this desk.");
    }
}
