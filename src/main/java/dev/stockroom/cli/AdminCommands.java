package dev.stockroom.cli;

import com.zaxxer.hikari.HikariDataSource;
import dev.stockroom.db.DatabaseSession;
import dev.stockroom.db.DatabaseSettings;
import dev.stockroom.db.Migrations;
import dev.stockroom.ledger.LedgerCheck;
import dev.stockroom.ledger.StockKernel;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.flywaydb.core.api.output.MigrateResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

final class AdminCommands {
    private AdminCommands() {
    }

    @Command(name = "migrate", description = {
        "Bring the database to this version's schema.",
        "On a shared server, run it once as an administrator login (e.g. --db-user postgres); desks never migrate."})
    static final class Migrate implements Callable<Integer> {
        @Mixin ConnectionOptions connection = new ConnectionOptions();
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            DatabaseSettings settings = connection.settings();
            if (settings.embedded()) {
                try (DatabaseSession session = connection.open(1)) {
                    out.println("ok: embedded database at schema " + Migrations.SCHEMA_VERSION + " (" + session.database().url() + ")");
                }
                return 0;
            }
            String user = settings.user().orElse(System.getProperty("user.name"));
            try (HikariDataSource admin = DatabaseSession.adminPool(settings.url().orElseThrow(), user, settings.password().orElse(null))) {
                MigrateResult result = Migrations.migrate(admin);
                out.println("ok: " + result.migrationsExecuted + " migration(s) applied; schema is now "
                        + (result.targetSchemaVersion == null ? Migrations.SCHEMA_VERSION : result.targetSchemaVersion));
            }
            return 0;
        }
    }

    @Command(name = "check", description = {
        "Recompute every SKU from its ledger: chains, balances, reservations.",
        "Exits 0 when everything agrees, 1 on any mismatch (each one is listed)."})
    static final class Check implements Callable<Integer> {
        @Mixin ConnectionOptions connection = new ConnectionOptions();
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (DatabaseSession session = connection.open(2)) {
                LedgerCheck.Report report = new LedgerCheck(session.database().dataSource(), session.database().sellerId()).run();
                for (String problem : report.problems()) {
                    out.println("MISMATCH " + problem);
                }
                out.printf("%s: %d SKUs, %d ledger rows, %d problem(s)%n", report.passed() ? "ok" : "FAILED",
                        report.skus(), report.rows(), report.problems().size());
                return report.passed() ? 0 : 1;
            }
        }
    }

    @Command(name = "member", description = {
        "Give a database login a role for this seller: seller, staff, auditor or sync.",
        "The login must exist on the server (CREATE ROLE name LOGIN PASSWORD '...'; GRANT stockroom_<role> TO name)."})
    static final class Member implements Callable<Integer> {
        @Mixin ConnectionOptions connection = new ConnectionOptions();
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "LOGIN") String login;
        @Parameters(index = "1", paramLabel = "ROLE") String role;

        @Override
        public Integer call() {
            try (DatabaseSession session = connection.open(1)) {
                new StockKernel(session.database().dataSource(), session.database().sellerId()).addMember(login, role);
                spec.commandLine().getOut().println("ok: " + login + " is now " + role + " for seller " + session.database().sellerId());
                return 0;
            }
        }
    }
}
