package dev.stockroom.app;

import dev.stockroom.allocation.Allocation;
import dev.stockroom.audit.AuditKeys;
import dev.stockroom.audit.AuditService;
import dev.stockroom.db.DatabaseSession;
import dev.stockroom.db.StockWatch;
import dev.stockroom.ledger.ChannelStock;
import dev.stockroom.ledger.LedgerCheck;
import dev.stockroom.ledger.ReservationQueries;
import dev.stockroom.ledger.StockHistory;
import dev.stockroom.ledger.StockKernel;
import dev.stockroom.ledger.StockQueries;
import dev.stockroom.sync.SyncService;
import dev.stockroom.sync.channels.DeskSecrets;
import dev.stockroom.sync.figures.SyncFigures;

/**
 * What the console's view models may use: the services over one open database. Views and
 * view models get this, never a connection, a DSLContext or an HTTP client.
 */
public final class Services implements AutoCloseable {
    private final DatabaseSession session;
    private final StockKernel kernel;
    private final StockQueries queries;
    private final ChannelStock channelStock;
    private final ReservationQueries reservations;
    private final StockHistory history;
    private final Allocation allocation;
    private final Channels channels;

    public Services(DatabaseSession session) {
        this(session, DeskSecrets.at(SyncService.secretsFile()));
    }

    /** @param deskSecrets where this desk keeps channel credentials (tests use a file of their own) */
    public Services(DatabaseSession session, DeskSecrets deskSecrets) {
        this.session = session;
        long seller = session.database().sellerId();
        this.kernel = new StockKernel(session.database().dataSource(), seller);
        this.queries = new StockQueries(session.database().dsl(), seller);
        this.channelStock = new ChannelStock(session.database().dsl(), seller);
        this.reservations = new ReservationQueries(session.database().dsl(), seller);
        this.history = new StockHistory(session.database().dsl(), seller);
        this.allocation = new Allocation(session.database().dataSource(), seller);
        this.channels = new Channels(session.database().dataSource(), seller, kernel, channelStock::channels, deskSecrets, session.embedded());
    }

    public StockKernel kernel() {
        return kernel;
    }

    public StockQueries queries() {
        return queries;
    }

    /** What each marketplace is shown of each SKU. */
    public ChannelStock channelStock() {
        return channelStock;
    }

    public ReservationQueries reservations() {
        return reservations;
    }

    public StockHistory history() {
        return history;
    }

    /** Channel rules, what each channel is shown and why, and previews of rules not yet saved. */
    public Allocation allocation() {
        return allocation;
    }

    public LedgerCheck ledgerCheck() {
        return new LedgerCheck(session.database().dataSource(), session.database().sellerId());
    }

    /** Starts watching for stock changes (and connection loss) on a connection of its own. */
    public StockWatch watch(StockWatch.Listener listener) {
        return StockWatch.start(session.database(), listener);
    }

    public String user() {
        return session.database().user();
    }

    /** Sync health and the seller's sync controls (queue, errors, drift, retry, pause). */
    public SyncFigures syncFigures() {
        return new SyncFigures(session.database().dataSource(), session.database().sellerId());
    }

    /** Starts this console's sync worker and order intake (once); closing the services stops them. */
    public SyncService startSync() {
        return channels.startSync();
    }

    /** The channels as this console runs them: sync, the local demo's marketplaces, connecting a channel. */
    public Channels channels() {
        return channels;
    }

    /** Ledger export, checkpoints and the live check, signed with this user's audit key. */
    public AuditService audit() {
        return new AuditService(session.database().dataSource(), session.database().sellerId(), AuditKeys::mine);
    }

    /** "desk @ embedded" or "alice @ jdbc:postgresql://..." for the status bar. */
    public String whereConnected() {
        return session.database().user() + " @ " + (session.embedded() ? "local demo database" : session.database().url());
    }

    @Override
    public void close() {
        channels.close();
        session.close();
    }
}
