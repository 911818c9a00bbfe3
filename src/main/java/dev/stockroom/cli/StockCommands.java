package dev.stockroom.cli;

import dev.stockroom.db.DatabaseSession;
import dev.stockroom.ledger.OrderLine;
import dev.stockroom.ledger.Outcome;
import dev.stockroom.ledger.StockKernel;
import java.time.Duration;
import java.time.Instant;
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

/** The kernel's stock changes, one command each. Exit 0: applied; 1: refused; 2: could not run. */
final class StockCommands {
    private StockCommands() {
    }

    abstract static class KernelCommand implements Callable<Integer> {
        @Mixin
        ConnectionOptions connection = new ConnectionOptions();
        @Mixin
        KernelOptions kernelOptions = new KernelOptions();
        @Spec
        CommandSpec spec;

        Integer call(Function<StockKernel, Outcome> action) {
            try (DatabaseSession session = connection.open(2)) {
                StockKernel kernel = new StockKernel(session.database().dataSource(), session.database().sellerId());
                return Printing.outcome(spec.commandLine().getOut(), spec.commandLine().getErr(), action.apply(kernel));
            }
        }
    }

    static List<OrderLine> lines(List<String> specs) {
        List<OrderLine> lines = new ArrayList<>();
        for (String s : specs) {
            int colon = s.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("order line \"" + s + "\" should be SKU:QTY, e.g. MUG-WHT-350:2");
            }
            try {
                lines.add(OrderLine.of(s.substring(0, colon), Integer.parseInt(s.substring(colon + 1))));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("order line \"" + s + "\": the quantity after ':' must be a whole number");
            }
        }
        return lines;
    }

    @Command(name = "restock", description = "Goods in: on hand += QTY.")
    static final class Restock extends KernelCommand {
        @Parameters(index = "0", paramLabel = "SKU") String sku;
        @Parameters(index = "1", paramLabel = "QTY") int qty;
        @Option(names = "--reason", description = "Why (e.g. supplier delivery note)") String reason;

        @Override
        public Integer call() {
            return call(k -> k.restock(kernelOptions.movementId(), sku, qty, reason));
        }
    }

    @Command(name = "return", description = "A customer return back on the shelf: on hand += QTY.")
    static final class Return extends KernelCommand {
        @Parameters(index = "0", paramLabel = "SKU") String sku;
        @Parameters(index = "1", paramLabel = "QTY") int qty;
        @Option(names = "--channel") String channel;
        @Option(names = "--order") String order;
        @Option(names = "--reason") String reason;

        @Override
        public Integer call() {
            return call(k -> k.returnStock(kernelOptions.movementId(), sku, qty, channel, order, reason));
        }
    }

    @Command(name = "adjust", description = "Cycle count: on hand becomes COUNTED; the difference is ledgered with the reason.")
    static final class Adjust extends KernelCommand {
        @Parameters(index = "0", paramLabel = "SKU") String sku;
        @Parameters(index = "1", paramLabel = "COUNTED") int counted;
        @Option(names = "--reason", required = true, description = "Why (e.g. \"cycle count\", \"damaged\")") String reason;

        @Override
        public Integer call() {
            return call(k -> k.adjust(kernelOptions.movementId(), sku, counted, reason));
        }
    }

    @Command(name = "sell", description = "Immediate sale of one or more lines, all or none: on hand -= QTY.")
    static final class Sell extends KernelCommand {
        @Parameters(paramLabel = "SKU:QTY", arity = "1..*") List<String> lines;
        @Option(names = "--channel", description = "Channel the sale came from (default: desk)") String channel;
        @Option(names = "--order") String order;

        @Override
        public Integer call() {
            return call(k -> k.sell(kernelOptions.movementId(), lines(lines), channel, order));
        }
    }

    @Command(name = "reserve", description = "Hold stock for a channel order until dispatch, cancel or expiry.")
    static final class Reserve extends KernelCommand {
        @Parameters(index = "0", paramLabel = "CHANNEL") String channel;
        @Parameters(index = "1", paramLabel = "ORDER") String order;
        @Parameters(index = "2..*", paramLabel = "SKU:QTY", arity = "1..*") List<String> lines;
        @Option(names = "--hold", description = "How long to hold, ISO-8601 duration (default PT72H)") Duration hold = Duration.ofHours(72);

        @Override
        public Integer call() {
            return call(k -> k.reserve(kernelOptions.movementId(), channel, order, lines(lines), Instant.now().plus(hold)));
        }
    }

    @Command(name = "confirm", description = "Dispatch a held order: on hand and reserved both drop.")
    static final class Confirm extends KernelCommand {
        @Parameters(index = "0", paramLabel = "CHANNEL") String channel;
        @Parameters(index = "1", paramLabel = "ORDER") String order;

        @Override
        public Integer call() {
            return call(k -> k.confirm(kernelOptions.movementId(), channel, order));
        }
    }

    @Command(name = "release", description = "Cancel a held order: its units become available again.")
    static final class Release extends KernelCommand {
        @Parameters(index = "0", paramLabel = "CHANNEL") String channel;
        @Parameters(index = "1", paramLabel = "ORDER") String order;

        @Override
        public Integer call() {
            return call(k -> k.release(kernelOptions.movementId(), channel, order));
        }
    }

    @Command(name = "expire", description = "Release every hold past its expiry.")
    static final class Expire extends KernelCommand {
        @Override
        public Integer call() {
            return call(k -> k.expire(kernelOptions.movementId(), Instant.now()));
        }
    }
}
