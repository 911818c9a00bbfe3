package dev.stockroom.cli;

import dev.stockroom.allocation.Allocation;
import dev.stockroom.allocation.AllocationRule;
import dev.stockroom.allocation.RuleChange;
import dev.stockroom.allocation.RuleChangeResult;
import dev.stockroom.allocation.RuleHistoryEntry;
import dev.stockroom.allocation.Setting;
import dev.stockroom.db.DatabaseSession;
import dev.stockroom.ledger.KernelException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stockroom rules list|set|remove|history}: the channel allocation rules. Exit 1: refused. */
@Command(name = "rules", description = "Channel allocation rules: ring-fence, max percent, max units, buffer, pause.",
        subcommands = {RuleCommands.ListRules.class, RuleCommands.Set.class, RuleCommands.Remove.class, RuleCommands.History.class})
final class RuleCommands implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    abstract static class RuleCommand implements Callable<Integer> {
        @Mixin ConnectionOptions connection = new ConnectionOptions();
        @Spec CommandSpec spec;

        Integer withAllocation(Function<Allocation, Integer> action) {
            try (DatabaseSession session = connection.open(1)) {
                return action.apply(new Allocation(session.database().dataSource(), session.database().sellerId()));
            } catch (KernelException e) {
                spec.commandLine().getErr().println("refused: " + e.getMessage());
                return 1;
            }
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        int printChange(RuleChangeResult result) {
            out().println("ok: " + result.message());
            result.warnings().forEach(w -> out().println("warning: " + w));
            return 0;
        }
    }

    @Command(name = "list", description = "Every rule, by channel; a SKU's own rule overrides the channel-wide one field by field.")
    static final class ListRules extends RuleCommand {
        @Option(names = "--channel", description = "Only this channel") String channel;

        @Override
        public Integer call() {
            return withAllocation(a -> {
                out().printf("%-12s %-18s %-48s %s%n", "CHANNEL", "SKU", "RULE", "SET BY");
                for (AllocationRule r : a.rules()) {
                    if (channel == null || channel.equals(r.channel())) {
                        out().printf("%-12s %-18s %-48s %s, %s%n", r.channel(), r.channelWide() ? "(all SKUs)" : r.sku(), r.words(),
                                r.updatedBy(), r.updatedAt());
                    }
                }
                return 0;
            });
        }
    }

    @Command(name = "set", description = {
        "Set or change the rule of a channel (all its SKUs) or, with --sku, of one SKU on it.",
        "Settings not given keep their value; --clear empties one. Examples:",
        "  rules set amazon --ring-fence 30          keep 30 units for Amazon",
        "  rules set flipkart --max-percent 40       Flipkart gets at most 40% of what you have",
        "  rules set meesho --max-units 50           never show more than 50 on Meesho",
        "  rules set shopify --buffer 5              hold back 5 from Shopify",
        "  rules set ebay --pause                    pause eBay"})
    static final class Set extends RuleCommand {
        @Parameters(index = "0", paramLabel = "CHANNEL") String channel;
        @Option(names = "--sku", description = "Only this SKU (default: all SKUs of the channel)") String sku;
        @Option(names = "--ring-fence", paramLabel = "N", description = "Keep N units for this channel") Integer ringFence;
        @Option(names = "--max-percent", paramLabel = "P", description = "Show at most P% of what is available (0 to 100)") Integer maxPercent;
        @Option(names = "--max-units", paramLabel = "N", description = "Show at most N units") Integer maxUnits;
        @Option(names = "--buffer", paramLabel = "N", description = "Hold back N units from this channel") Integer buffer;
        @Option(names = "--pause", description = "The channel shows 0 and takes no orders") boolean pause;
        @Option(names = "--resume", description = "Undo a pause (for one SKU: even while the channel is paused)") boolean resume;
        @Option(names = "--clear", paramLabel = "SETTING", description = "Empty a setting: ring-fence, max-percent, max-units, buffer, paused")
        List<String> clear = new ArrayList<>();

        @Override
        public Integer call() {
            if (pause && resume) {
                throw new IllegalArgumentException("--pause and --resume contradict each other: give one");
            }
            RuleChange change = RuleChange.none();
            for (String setting : clear) {
                change = change.clear(Setting.parse(setting));
            }
            change = ringFence == null ? change : change.ringFence(ringFence);
            change = maxPercent == null ? change : change.maxPercent(maxPercent);
            change = maxUnits == null ? change : change.maxUnits(maxUnits);
            change = buffer == null ? change : change.buffer(buffer);
            if (pause) {
                change = change.paused(true);
            } else if (resume) {
                // Channel-wide, "not paused" is simply no pause; a SKU's own rule says so explicitly.
                change = sku == null ? change.clear(Setting.PAUSED) : change.paused(false);
            }
            RuleChange finalChange = change;
            return withAllocation(a -> printChange(a.setRule(channel, sku, finalChange)));
        }
    }

    @Command(name = "remove", description = "Remove the rule of a channel (all SKUs) or, with --sku, a SKU's own rule.")
    static final class Remove extends RuleCommand {
        @Parameters(index = "0", paramLabel = "CHANNEL") String channel;
        @Option(names = "--sku") String sku;

        @Override
        public Integer call() {
            return withAllocation(a -> printChange(a.removeRule(channel, sku)));
        }
    }

    @Command(name = "history", description = "Rule changes, newest first: who, when, before and after.")
    static final class History extends RuleCommand {
        @Option(names = "--limit", defaultValue = "30") int limit;

        @Override
        public Integer call() {
            if (limit < 1 || limit > 10_000) {
                throw new IllegalArgumentException("--limit must be between 1 and 10000");
            }
            return withAllocation(a -> {
                for (RuleHistoryEntry h : a.history(limit)) {
                    out().printf("%s  %-14s %s%s: %s -> %s%n", h.changedAt(), h.changedBy(), h.channel(),
                            h.sku() == null ? "" : " for " + h.sku(), h.before() == null ? "no rule" : h.before(),
                            h.after() == null ? "no rule" : h.after());
                    if (h.warnings() != null) {
                        for (String w : h.warnings().split("\n")) {
                            out().println("    warning: " + w);
                        }
                    }
                }
                return 0;
            });
        }
    }
}
