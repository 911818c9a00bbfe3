package dev.stockroom.cli;

import dev.stockroom.db.DatabaseUnavailableException;
import dev.stockroom.ledger.KernelException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import dev.stockroom.ui.ConsoleLauncher;

/** {@code stockroom}: with no command, opens the console; otherwise runs the command. */
@Command(name = "stockroom",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Stock that is never sold twice, on every channel. With no command, opens the console.",
        subcommands = {
            ConsoleCommand.class,
            StockCommands.Restock.class,
            StockCommands.Return.class,
            StockCommands.Adjust.class,
            StockCommands.Sell.class,
            StockCommands.Reserve.class,
            StockCommands.Confirm.class,
            StockCommands.Release.class,
            StockCommands.Expire.class,
            ReadCommands.Stock.class,
            ReadCommands.Ledger.class,
            AdminCommands.Migrate.class,
            AdminCommands.Check.class,
            AdminCommands.Member.class,
            BenchCommand.class,
            CatalogCommands.Sku.class,
            CatalogCommands.Channel.class,
            RuleCommands.class,
            AllocationCommands.class,
            SyncCommands.class,
            DemoCommand.class,
            OrderCommands.class,
            AuditCommands.Audit.class,
            CommandLine.HelpCommand.class,
        })
public final class StockroomCommand implements Runnable {
    /** So that {@code stockroom --db-url ... --db-user ...} opens the console on that server. */
    @Mixin
    ConnectionOptions connection = new ConnectionOptions();

    @Override
    public void run() {
        ConsoleLauncher.launch(connection.settings());
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new StockroomCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof DatabaseUnavailableException || e instanceof KernelException
                    || e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
                commandLine.getErr().println("stockroom: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli;
    }

    public static int run(String[] args) {
        return commandLine().execute(args);
    }
}
