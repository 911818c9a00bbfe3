package dev.stockroom.cli;

import dev.stockroom.allocation.Allocation;
import dev.stockroom.allocation.ChannelAllocation;
import dev.stockroom.allocation.ProposedRule;
import dev.stockroom.allocation.RuleChange;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stockroom allocation show|preview}: what each channel is shown, and why. */
@Command(name = "allocation", description = "What each channel is shown of a SKU, and why.",
        subcommands = {AllocationCommands.Show.class, AllocationCommands.Preview.class})
final class AllocationCommands implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "show", description = "Per channel: the quantity it is shown of a SKU (or of every SKU) and the rules that produced it.")
    static final class Show extends RuleCommands.RuleCommand {
        @Parameters(arity = "0..1", paramLabel = "SKU") String sku;

        @Override
        public Integer call() {
            return withAllocation(a -> {
                print(out(), sku == null ? a.showAll() : a.show(sku));
                return 0;
            });
        }
    }

    @Command(name = "preview", description = {
        "What each channel would be shown if these rules were saved. Nothing is saved.",
        "  allocation preview MUG-WHT-350 --rule amazon:ring-fence=30 --rule flipkart:max-percent=40",
        "  allocation preview --available 35 --rule amazon:ring-fence=30 --only-these",
        "  allocation preview --rule amazon/TEA-ASSAM-250:buffer=none --remove meesho"})
    static final class Preview extends RuleCommands.RuleCommand {
        @Parameters(arity = "0..1", paramLabel = "SKU", description = "One SKU (default: every SKU)") String sku;
        @Option(names = "--rule", paramLabel = "CHANNEL[/SKU]:SETTINGS",
                description = "A rule change, e.g. amazon:ring-fence=30,buffer=5 or flipkart/MUG-WHT-350:max-percent=40 "
                        + "(settings: ring-fence, max-percent, max-units, buffer, paused, resume; =none empties one)")
        List<String> rules = new ArrayList<>();
        @Option(names = "--remove", paramLabel = "CHANNEL[/SKU]", description = "Preview without this rule") List<String> removals = new ArrayList<>();
        @Option(names = "--available", paramLabel = "N", description = "What if the SKU had N available (with no SKU: any SKU with only channel-wide rules)")
        Integer available;
        @Option(names = "--only-these", description = "Ignore the saved rules: only the rules given here apply") boolean onlyThese;

        @Override
        public Integer call() {
            List<ProposedRule> proposed = new ArrayList<>();
            for (String r : rules) {
                int colon = r.indexOf(':');
                if (colon <= 0) {
                    throw new IllegalArgumentException("--rule \"" + r + "\" should be CHANNEL[/SKU]:SETTINGS, e.g. amazon:ring-fence=30");
                }
                String[] scope = scope(r.substring(0, colon));
                proposed.add(ProposedRule.set(scope[0], scope[1], RuleChange.parse(r.substring(colon + 1))));
            }
            for (String r : removals) {
                String[] scope = scope(r);
                proposed.add(ProposedRule.remove(scope[0], scope[1]));
            }
            return withAllocation(a -> {
                List<ChannelAllocation> rows = a.preview(proposed, sku, available, onlyThese);
                out().println("preview, nothing saved:");
                print(out(), rows);
                a.warnings(proposed).forEach(w -> out().println("warning: " + w));
                return 0;
            });
        }

        private static String[] scope(String text) {
            int slash = text.indexOf('/');
            return slash < 0 ? new String[] {text.trim(), null}
                    : new String[] {text.substring(0, slash).trim(), text.substring(slash + 1).trim()};
        }
    }

    /** One block per SKU: its available, then a line per channel with the quantity and the explanation. */
    static void print(PrintWriter out, List<ChannelAllocation> rows) {
        String current = "\u0000";
        for (ChannelAllocation row : rows) {
            if (!Objects.equals(row.sku(), current)) {
                current = row.sku();
                out.printf("%s: %d available%n", row.sku() == null ? "any SKU" : row.sku(), row.available());
            }
            out.printf("  %-12s %7d   %s%n", row.channel(), row.quantity(), row.explanation());
        }
    }
}
