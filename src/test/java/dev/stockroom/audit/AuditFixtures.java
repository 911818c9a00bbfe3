package dev.stockroom.audit;

import dev.stockroom.ledger.OrderLine;
import dev.stockroom.ledger.Outcome;
import dev.stockroom.ledger.StockKernel;
import dev.stockroom.ledger.StockLevel;
import dev.stockroom.ledger.StockQueries;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** A seeded random shop history through the real kernel, and tools to take an export apart and tamper with it. */
final class AuditFixtures {
    static final List<String> SKUS = List.of("TEA-ASSAM", "TEA-GREEN", "MUG-WHITE", "MUG-BLUE", "POT-BRASS", "SPOON,\"BRASS\"");

    private static final java.util.concurrent.atomic.AtomicInteger ORDERS = new java.util.concurrent.atomic.AtomicInteger();

    private AuditFixtures() {
    }

    static void catalog(StockKernel k) {
        k.addChannel("amazon", "amazon", "Amazon");
        k.addChannel("shopify", "shopify", "Shopify");
        for (String s : SKUS) {
            k.addSku(s, "Product " + s, List.of(), 3);
        }
        k.addKit("GIFT-SET", "Tea and mug", List.of(OrderLine.of("TEA-ASSAM", 1), OrderLine.of("MUG-WHITE", 1)), List.of());
        for (String s : SKUS) {
            k.restock(s, 30);
        }
    }

    /** {@code ops} random kernel calls: sales, holds and their dispatch or cancel, counts, returns, expiries. */
    static void history(StockKernel k, StockQueries q, Random r, int ops) {
        List<String[]> open = new ArrayList<>();
        for (int i = 0; i < ops; i++) {
            String sku = SKUS.get(r.nextInt(SKUS.size()));
            String channel = r.nextBoolean() ? "amazon" : "shopify";
            int roll = r.nextInt(100);
            Outcome o;
            if (roll < 15) {
                o = k.restock(sku, 1 + r.nextInt(20));
            } else if (roll < 35) {
                List<OrderLine> lines = r.nextInt(4) == 0 ? List.of(OrderLine.of("GIFT-SET", 1))
                        : List.of(OrderLine.of(sku, 1 + r.nextInt(3)));
                o = k.sell(lines, r.nextBoolean() ? channel : null, "S-" + i);
            } else if (roll < 60) {
                int n = ORDERS.incrementAndGet();
                String ref = n % 7 == 0 ? "R-" + n + ", \"gift\"\nwrap" : "R-" + n;
                String second = SKUS.get(r.nextInt(SKUS.size()));
                List<OrderLine> lines = second.equals(sku) ? List.of(OrderLine.of(sku, 1 + r.nextInt(2)))
                        : List.of(OrderLine.of(sku, 1 + r.nextInt(2)), OrderLine.of(second, 1));
                // a third of the holds are due within half a second, so later expiries have something to do
                Instant expiry = r.nextInt(3) == 0 ? Instant.now().plusMillis(50 + r.nextInt(450))
                        : Instant.now().plus(Duration.ofDays(1 + r.nextInt(2)));
                o = k.reserve(channel, ref, lines, expiry);
                if (o.ok()) {
                    open.add(new String[] {channel, ref});
                }
            } else if (roll < 78 && !open.isEmpty()) {
                String[] order = open.remove(r.nextInt(open.size()));
                o = r.nextInt(4) == 0 ? k.release(order[0], order[1]) : k.confirm(order[0], order[1]);
            } else if (roll < 88) {
                StockLevel s = q.stockLevel(sku).orElseThrow();
                int counted = Math.max(s.reserved(), s.onHand() + r.nextInt(7) - 4);
                o = k.adjust(sku, counted, r.nextBoolean() ? "cycle count" : "damaged in storage");
            } else if (roll < 96) {
                o = k.returnStock(sku, 1, channel, "S-" + r.nextInt(i + 1), "customer return");
            } else {
                o = k.expire(Instant.now());  // the kernel refuses to expire holds ahead of time
                open.clear();  // some of them expired; confirm/release of the rest is refused harmlessly
            }
            if (o.refused() && !List.of("insufficient_stock", "not_held", "count_below_reserved", "unknown_reservation")
                    .contains(o.code())) {
                throw new AssertionError("unexpected refusal: " + o);
            }
        }
    }

    // ------------------------------------------------------------- zip surgery

    static Map<String, byte[]> unzip(Path file) {
        Map<String, byte[]> parts = new LinkedHashMap<>();
        try (ZipFile z = new ZipFile(file.toFile())) {
            for (ZipEntry e : java.util.Collections.list(z.entries())) {
                try (InputStream in = z.getInputStream(e)) {
                    parts.put(e.getName(), in.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return parts;
    }

    static Path zip(Path file, Map<String, byte[]> parts) {
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream z = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : parts.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** A copy of {@code source} at {@code target} with one part's text changed. */
    static Path edit(Path source, Path target, String part, UnaryOperator<String> change) {
        Map<String, byte[]> parts = unzip(source);
        parts.put(part, change.apply(new String(parts.get(part), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        return zip(target, parts);
    }

    /** The CSV's lines (CRLF ends kept off), header first. */
    static List<String> lines(String csv) {
        return new ArrayList<>(Arrays.asList(csv.split("\r\n", -1)));
    }

    static String join(List<String> lines) {
        return String.join("\r\n", lines);
    }

    /** Splits a ledger line that has no quoted cells. */
    static String[] cells(String line) {
        return line.split(",", -1);
    }

    static String sha256Hex(byte[] bytes) {
        return Hex.of(ExportWriter.sha256().digest(bytes));
    }
}
