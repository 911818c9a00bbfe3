package dev.stockroom.cli;

import dev.stockroom.db.DatabaseSession;
import dev.stockroom.demo.MarketplaceDemo;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stockroom demo}: the demo shop on simulated marketplaces, orders flowing in and quantities out. */
@Command(name = "demo", description = {
    "Run the demo shop against built-in simulated marketplaces (loopback only): buyers order on Shopify, Amazon and",
    "Flipkart, orders become reservations, quantities flow back out. Type 'down amazon', 'up amazon',",
    "'throttle shopify 5', 'fail flipkart 3' or 'quit' while it runs."})
final class DemoCommand implements Callable<Integer> {
    @Mixin ConnectionOptions connection = new ConnectionOptions();
    @Spec CommandSpec spec;
    @Option(names = "--seconds", description = "Stop after this many seconds (default: run until 'quit' or Ctrl-C)") Integer seconds;
    @Option(names = "--order-every-ms", defaultValue = "1500", description = "How often a simulated buyer orders") long orderEvery;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (!connection.settings().embedded()) {
            spec.commandLine().getErr().println("stockroom: the demo runs on the embedded demo database only; leave out --db-url");
            return 2;
        }
        try (DatabaseSession session = connection.open(12);
             MarketplaceDemo demo = new MarketplaceDemo(session.database().dataSource(), session.database().sellerId())
                     .start(Duration.ofMillis(orderEvery))) {
            demo.simulator().channels().forEach(ch -> out.println("simulated " + ch.kind() + " '" + ch.name() + "' at " + ch.baseUrl()));
            out.println("type 'help' for commands, 'quit' to stop");
            out.flush();
            Instant end = seconds == null ? Instant.MAX : Instant.now().plusSeconds(seconds);
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (java.io.IOException ignored) {
                    // no console: the demo runs until --seconds or Ctrl-C
                }
            }, "demo-commands");
            reader.setDaemon(true);
            reader.start();
            Instant nextReport = Instant.now();
            while (Instant.now().isBefore(end)) {
                if (Instant.now().isAfter(nextReport)) {
                    demo.report(out);
                    nextReport = Instant.now().plusSeconds(5);
                }
                String line = lines.poll(200, TimeUnit.MILLISECONDS);
                if (line != null) {
                    if (line.trim().equals("quit")) {
                        break;
                    }
                    out.println(demo.command(line));
                    out.flush();
                }
            }
            demo.report(out);
        }
        return 0;
    }
}
