package dev.stockroom.app;

import dev.stockroom.audit.AuditKeys;
import dev.stockroom.audit.AuditService;
import dev.stockroom.db.DatabaseSession;
import dev.stockroom.ledger.LedgerCheck;
import dev.stockroom.ledger.StockKernel;
import dev.stockroom.ledger.StockQueries;

/**
 * What the console's view models may use: the services over one open database. Views and
 * view models get this, never a connection, a DSLContext or an HTTP client.
 */
public final class Services implements AutoCloseable {
    private final DatabaseSession session;
    private final StockKernel kernel;
    private final StockQueries queries;

    public Services(DatabaseSession session) {
        this.session = session;
        long seller = session.database().sellerId();
        this.kernel = new StockKernel(session.database().dataSource(), seller);
        this.queries = new StockQueries(session.database().dsl(), seller);
    }

    public StockKernel kernel() {
        return kernel;
    }

    public StockQueries queries() {
        return queries;
    }

    public LedgerCheck ledgerCheck() {
        return new LedgerCheck(session.database().dataSource(), session.database().sellerId());
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
        session.close();
    }
}
