package dev.stockroom.sync;

import dev.stockroom.db.AppDirectories;
import dev.stockroom.sync.channels.ChannelSecrets;
import dev.stockroom.sync.figures.SyncFigures;
import dev.stockroom.sync.orders.OrderIntake;
import dev.stockroom.sync.worker.SyncOptions;
import dev.stockroom.sync.worker.SyncWorker;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Sync as one thing to start and stop: the outbox worker and order intake beside it, for one
 * seller, with this desk's channel secrets. The console starts one; so does {@code stockroom sync}.
 */
public final class SyncService implements AutoCloseable {
    private final SyncWorker worker;
    private final OrderIntake intake;
    private final SyncFigures figures;

    public SyncService(DataSource ds, long sellerId, ChannelSecrets secrets, Clock clock, SyncOptions options, boolean takeOrders) {
        this.worker = new SyncWorker(ds, sellerId, secrets, clock, options);
        this.intake = takeOrders ? new OrderIntake(ds, sellerId, secrets, clock, options.owner()) : null;
        this.figures = new SyncFigures(ds, sellerId);
    }

    /** The desk's channel secrets file: {@code channel-secrets.properties} beside the config. */
    public static Path secretsFile() {
        return AppDirectories.configDir().resolve("channel-secrets.properties");
    }

    public SyncService start() {
        worker.start();
        if (intake != null) {
            intake.start();
        }
        return this;
    }

    /** "Sync now". */
    public void syncNow() {
        worker.wake();
    }

    /** The channel's credentials changed on this desk: use the new ones from the next push. */
    public void credentialsChanged(String channel) {
        worker.credentialsChanged(channel);
    }

    /** Channels whose circuit breaker is open or half open in this console's worker. */
    public Map<String, String> circuitStates() {
        return worker.circuitStates();
    }

    public SyncFigures figures() {
        return figures;
    }

    public int ordersTaken() {
        return intake == null ? 0 : intake.ordersApplied();
    }

    @Override
    public void close() {
        if (intake != null) {
            intake.close();
        }
        worker.close();
    }
}
