package dev.stockroom.cli;

import dev.stockroom.db.DatabaseSession;
import dev.stockroom.sync.SyncService;
import dev.stockroom.sync.channels.ChannelSecrets;
import dev.stockroom.sync.figures.SyncFigures;
import dev.stockroom.sync.worker.SyncOptions;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stockroom sync}: the sync worker and order intake without a window, and the queue's controls. */
@Command(name = "sync", description = {
    "Run the sync worker and order intake headless until stopped (Ctrl-C).",
    "Channel credentials come from channel-secrets.properties beside the config (lines <seller>.<channel>.<key>=value)."},
        subcommands = {SyncCommands.Status.class, SyncCommands.Retry.class, SyncCommands.Hold.class, MeeshoUploadCommand.class})
final class SyncCommands implements Callable<Integer> {
    @Mixin ConnectionOptions connection = new ConnectionOptions();
    @Spec CommandSpec spec;
    @Option(names = "--no-orders", description = "Push quantities only; do not read channel orders") boolean noOrders;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch stopped = new CountDownLatch(1);
        try (DatabaseSession session = connection.open(8);
             SyncService sync = new SyncService(session.database().dataSource(), session.database().sellerId(),
                     ChannelSecrets.fromFile(SyncService.secretsFile()), Clock.systemUTC(), SyncOptions.defaults(), !noOrders).start()) {
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
            out.println("syncing seller " + session.database().sellerId() + (noOrders ? "" : " and taking orders") + "; Ctrl-C stops");
            out.flush();
            stopped.await();
            out.println("stopping: pushes in flight finish, the rest stays queued");
            out.flush();
        }
        return 0;
    }

    static void printStatus(PrintWriter out, SyncFigures figures) {
        out.printf("%-12s %-11s %8s %7s %10s %8s %8s  %s%n", "CHANNEL", "KIND", "WAITING", "PARKED", "OLDEST", "PUSH/MIN", "FAIL/MIN", "LAST ERROR");
        for (SyncFigures.ChannelHealth c : figures.channels()) {
            out.printf("%-12s %-11s %8d %7d %9ds %8d %8d  %s%s%n", c.channel(), c.kind(), c.waiting(), c.parked(), c.oldestWait().toSeconds(),
                    c.pushesLastMinute(), c.failuresLastMinute(), c.syncPaused() ? "[pushes held] " : c.sellingPaused() ? "[selling stopped] " : "",
                    c.lastError() == null ? "" : c.lastError());
        }
    }

    @Command(name = "status", description = "Queue depth, oldest wait, pushes and failures per minute, listing errors and drift.")
    static final class Status implements Callable<Integer> {
        @Mixin ConnectionOptions connection = new ConnectionOptions();
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (DatabaseSession session = connection.open(2)) {
                SyncFigures figures = new SyncFigures(session.database().dataSource(), session.database().sellerId());
                printStatus(out, figures);
                for (SyncFigures.ListingProblem p : figures.listingProblems()) {
                    out.printf("%s %s on %s (%d attempts): %s%n", p.parked() ? "PARKED " : "waiting", p.sku(), p.channel(), p.attempts(), p.error());
                }
                for (SyncFigures.Drift d : figures.drift(20)) {
                    out.printf("drift %s on %s at %s: %s%n", d.sku(), d.channel(), d.foundAt(), d.message());
                }
            }
            return 0;
        }
    }

    @Command(name = "retry", description = "Push parked and waiting listings now (one channel, or one SKU on it).")
    static final class Retry implements Callable<Integer> {
        @Mixin ConnectionOptions connection = new ConnectionOptions();
        @Spec CommandSpec spec;
        @Parameters(index = "0", arity = "0..1", paramLabel = "CHANNEL") String channel;
        @Option(names = "--sku") String sku;

        @Override
        public Integer call() {
            try (DatabaseSession session = connection.open(1)) {
                int n = new SyncFigures(session.database().dataSource(), session.database().sellerId()).retryNow(channel, sku);
                spec.commandLine().getOut().println("ok: " + n + " listing(s) will be pushed now");
            }
            return 0;
        }
    }

    @Command(name = "hold", description = "Hold pushes to a channel (it keeps its last quantities); --resume sends what waited.")
    static final class Hold implements Callable<Integer> {
        @Mixin ConnectionOptions connection = new ConnectionOptions();
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "CHANNEL") String channel;
        @Option(names = "--resume") boolean resume;

        @Override
        public Integer call() {
            try (DatabaseSession session = connection.open(1)) {
                new SyncFigures(session.database().dataSource(), session.database().sellerId()).holdPushes(channel, !resume);
                spec.commandLine().getOut().println("ok: pushes to " + channel + (resume ? " resumed" : " held"));
            }
            return 0;
        }
    }
}
