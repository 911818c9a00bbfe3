package dev.stockroom.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One seller in a test database, with the superuser's view of its rows: what the kernel
 * wrote, counted behind its back, so a test can say "this changed exactly this much".
 */
final class Shop {
    final TestDatabase db;
    final long seller;
    final String login;
    final StockKernel kernel;

    Shop(TestDatabase db, String name, String login) {
        this.db = db;
        this.login = login;
        this.seller = db.newSeller(name, login);
        this.kernel = db.kernel(login, seller);
    }

    int onHand(String sku) {
        return (int) value("SELECT s.on_hand FROM stockroom.stock s JOIN stockroom.sku k USING (seller_id, sku_id) "
                + "WHERE s.seller_id = ? AND k.code = ?", sku);
    }

    int reserved(String sku) {
        return (int) value("SELECT s.reserved FROM stockroom.stock s JOIN stockroom.sku k USING (seller_id, sku_id) "
                + "WHERE s.seller_id = ? AND k.code = ?", sku);
    }

    long ledgerRows(String sku, String kind) {
        return value("SELECT count(*) FROM stockroom.ledger l JOIN stockroom.sku k USING (seller_id, sku_id) "
                + "WHERE l.seller_id = ? AND k.code = ? AND l.kind = ?", sku, kind);
    }

    long rejections(String code) {
        return value("SELECT count(*) FROM stockroom.rejection WHERE seller_id = ? AND code = ?", code);
    }

    long count(String table) {
        return value("SELECT count(*) FROM stockroom." + table + " WHERE seller_id = ?");
    }

    /** Everything a kernel call may change, except the rejection log (refusals add to it by design). */
    State state() {
        return new State(count("ledger"), count("movement"), count("reservation"),
                value("SELECT coalesce(sum(on_hand), 0) FROM stockroom.stock WHERE seller_id = ?"),
                value("SELECT coalesce(sum(reserved), 0) FROM stockroom.stock WHERE seller_id = ?"),
                value("SELECT count(*) FROM stockroom.reservation WHERE seller_id = ? AND status = 'held'"),
                value("SELECT coalesce(sum(version), 0) FROM stockroom.sync_outbox WHERE seller_id = ?"),
                count("sku"));
    }

    record State(long ledgerRows, long movements, long reservations, long onHand, long reserved, long held,
                 long outboxVersions, long skus) {
    }

    LedgerCheck.Report check() {
        return new LedgerCheck(db.admin(), seller).run();
    }

    void assertChecksClean() {
        LedgerCheck.Report report = check();
        assertThat(report.problems()).as("ledger check").isEmpty();
    }

    long value(String sql, Object... args) {
        try (Connection c = db.admin().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, seller);
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 2, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as(sql).isTrue();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
