package dev.stockroom.ui;

import dev.stockroom.app.Services;
import dev.stockroom.db.DatabaseSession;
import dev.stockroom.db.DatabaseSettings;
import dev.stockroom.ledger.OrderLine;
import dev.stockroom.ledger.StockKernel;
import dev.stockroom.sync.channels.DeskSecrets;
import dev.stockroom.testing.TcpProxy;
import dev.stockroom.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * A small real shop for console tests: a fresh database, a seller whose login is the desk,
 * three SKUs with barcodes, two channels, one held order; and the console's services over
 * it, reached directly or through a proxy the test can cut.
 */
public final class UiFixture implements AutoCloseable {
    public static final String TEA_BARCODE = "8901230000011";
    public static final String MUG_BARCODE = "8901230000028";

    public final TestDatabase db;
    public final long seller;
    public final String login;
    public final StockKernel otherDesk;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    private UiFixture(String login) {
        this(login, false);
    }

    private UiFixture(String login, boolean demo) {
        this.db = TestDatabase.fresh();
        this.login = login;
        this.seller = db.newSeller("Chai and Co", login);
        if (demo) {
            // The demo shop (tea, mugs, kits on four channels, a few rules) is seller 1 of a fresh database.
            com.zaxxer.hikari.HikariDataSource desk = db.as(login, 2);
            toClose.add(desk);
            dev.stockroom.demo.DemoData.seed(desk);
            this.otherDesk = db.kernel(login, seller);
            return;
        }
        this.otherDesk = db.kernel(login, seller);
        otherDesk.addChannel("amazon", "amazon", "Amazon India");
        otherDesk.addChannel("flipkart", "flipkart", "Flipkart");
        otherDesk.addSku("TEA", "Assam tea, 250 g", List.of(TEA_BARCODE), 5);
        otherDesk.addSku("MUG", "White mug", List.of(MUG_BARCODE), 3);
        otherDesk.addSku("LID", "Steel lid", List.of(), 2);
        otherDesk.addListing("TEA", "amazon", "B0TEA");
        otherDesk.addListing("TEA", "flipkart", "FKTEA");
        otherDesk.addListing("MUG", "amazon", "B0MUG");
        otherDesk.restock("TEA", 20);
        otherDesk.restock("MUG", 4);
        otherDesk.reserve("amazon", "AM-1", List.of(OrderLine.of("TEA", 2), OrderLine.of("MUG", 1)),
                Instant.now().plus(Duration.ofDays(2)));
    }

    public static UiFixture create(String login) {
        return new UiFixture(login);
    }

    /** The local demo's shop instead of the small one: 31 SKUs, four channels, the demo's rules. */
    public static UiFixture demo(String login) {
        return new UiFixture(login, true);
    }

    /** The console's services over the database, as the desk's login. */
    public Services services() {
        return services(db.url());
    }

    /** The console's services reached through {@code proxy}. */
    public Services services(TcpProxy proxy) {
        return services(proxy.url(db.name()));
    }

    /** The console's services, keeping channel credentials in {@code secretsFile} instead of the user's config. */
    public Services services(Path secretsFile) {
        Services s = new Services(DatabaseSession.open(
                new DatabaseSettings(Optional.of(db.url()), Optional.of(login), Optional.empty(), seller), 6, null), DeskSecrets.at(secretsFile));
        toClose.add(s);
        return s;
    }

    private Services services(String url) {
        Services s = new Services(DatabaseSession.open(
                new DatabaseSettings(Optional.of(url), Optional.of(login), Optional.empty(), seller), 4, null));
        toClose.add(s);
        return s;
    }

    public int onHand(String sku) {
        return (int) db.queryLong("SELECT s.on_hand FROM stockroom.stock s JOIN stockroom.sku k USING (seller_id, sku_id)"
                + " WHERE k.seller_id = " + seller + " AND k.code = '" + sku + "'");
    }

    public long ledgerRows() {
        return db.queryLong("SELECT count(*) FROM stockroom.ledger WHERE seller_id = " + seller);
    }

    /** Waits for a condition with a deadline (no fixed sleeps in tests). */
    public static void await(String what, Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            LockSupport.parkNanos(20_000_000L);  // the poll interval while waiting on the condition
        }
    }

    @Override
    public void close() {
        for (AutoCloseable c : toClose) {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort
            }
        }
        db.close();
    }
}
