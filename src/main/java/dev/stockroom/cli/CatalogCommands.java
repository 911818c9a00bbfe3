package dev.stockroom.cli;

import dev.stockroom.db.DatabaseSession;
import dev.stockroom.ledger.StockKernel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

final class CatalogCommands {
    private CatalogCommands() {
    }

    abstract static class CatalogCommand implements Callable<Integer> {
        @Mixin ConnectionOptions connection = new ConnectionOptions();
        @Spec CommandSpec spec;

        Integer call(String done, Consumer<StockKernel> action) {
            try (DatabaseSession session = connection.open(1)) {
                action.accept(new StockKernel(session.database().dataSource(), session.database().sellerId()));
                spec.commandLine().getOut().println("ok: " + done);
                return 0;
            }
        }
    }

    @Command(name = "sku", description = "Add SKUs and kits.", subcommands = {Sku.Add.class, Sku.AddKit.class})
    static final class Sku {
        @Command(name = "add", description = "Add a SKU with its barcodes.")
        static final class Add extends CatalogCommand {
            @Parameters(index = "0", paramLabel = "CODE") String code;
            @Parameters(index = "1", paramLabel = "TITLE") String title;
            @Option(names = "--barcode", description = "A barcode (repeatable)") List<String> barcodes = new ArrayList<>();
            @Option(names = "--low-stock-at", defaultValue = "0") int lowStockAt;

            @Override
            public Integer call() {
                return call("added " + code, k -> k.addSku(code, title, barcodes, lowStockAt));
            }
        }

        @Command(name = "add-kit", description = "Add a kit: a virtual SKU that sells its components.")
        static final class AddKit extends CatalogCommand {
            @Parameters(index = "0", paramLabel = "CODE") String code;
            @Parameters(index = "1", paramLabel = "TITLE") String title;
            @Parameters(index = "2..*", paramLabel = "COMPONENT:QTY", arity = "1..*") List<String> components;
            @Option(names = "--barcode") List<String> barcodes = new ArrayList<>();

            @Override
            public Integer call() {
                return call("added kit " + code, k -> k.addKit(code, title, StockCommands.lines(components), barcodes));
            }
        }
    }

    @Command(name = "channel", description = "Add channels and listings.", subcommands = {Channel.Add.class, Channel.List.class})
    static final class Channel {
        @Command(name = "add", description = "Connect a channel: shopify, amazon, flipkart, woocommerce, ebay, webhook or meesho.")
        static final class Add extends CatalogCommand {
            @Parameters(index = "0", paramLabel = "CODE") String code;
            @Parameters(index = "1", paramLabel = "KIND") String kind;
            @Option(names = "--name") String name;

            @Override
            public Integer call() {
                return call("channel " + code + " (" + kind + ")", k -> k.addChannel(code, kind, name));
            }
        }

        @Command(name = "list", description = "List a SKU on a channel under the channel's own id for it.")
        static final class List extends CatalogCommand {
            @Parameters(index = "0", paramLabel = "SKU") String sku;
            @Parameters(index = "1", paramLabel = "CHANNEL") String channel;
            @Parameters(index = "2", paramLabel = "EXTERNAL_ID") String externalId;

            @Override
            public Integer call() {
                return call(sku + " listed on " + channel + " as " + externalId, k -> k.addListing(sku, channel, externalId));
            }
        }
    }
}
