package dev.stockroom.ui.orders;

import dev.stockroom.ledger.OrderLine;
import java.util.ArrayList;
import java.util.List;

/**
 * Order lines typed by hand: {@code TEA-ASSAM-250 2, MUG-WHT-350 x1} (a code alone is one
 * unit). Parsing says what is wrong in a sentence instead of guessing.
 */
public final class OrderLines {
    public record Parsed(List<OrderLine> lines, String problem) {
        public boolean ok() {
            return problem == null;
        }
    }

    private OrderLines() {
    }

    public static Parsed parse(String text) {
        if (text == null || text.isBlank()) {
            return new Parsed(List.of(), "Type the order's lines, e.g. \"TEA-ASSAM-250 2, MUG-WHT-350 1\".");
        }
        List<OrderLine> out = new ArrayList<>();
        for (String raw : text.split("[,;\\n]")) {
            String part = raw.trim();
            if (part.isEmpty()) {
                continue;
            }
            String[] words = part.split("\\s+");
            if (words.length > 3 || (words.length == 3 && !words[1].equalsIgnoreCase("x"))) {
                return new Parsed(List.of(), "\"" + part + "\" is not a line: write the SKU code, then the quantity.");
            }
            String code = words[0];
            String qtyText = words.length == 1 ? "1" : words[words.length - 1].replaceFirst("^[xX]", "");
            int qty;
            try {
                qty = Integer.parseInt(qtyText);
            } catch (NumberFormatException e) {
                return new Parsed(List.of(), "\"" + qtyText + "\" in \"" + part + "\" is not a number of units.");
            }
            if (qty <= 0) {
                return new Parsed(List.of(), code + ": the quantity must be at least 1.");
            }
            if (qty > 10_000) {
                return new Parsed(List.of(), code + ": " + qty + " units in one hand-typed order is not believable.");
            }
            out.add(OrderLine.of(code, qty));
        }
        if (out.isEmpty()) {
            return new Parsed(List.of(), "Type the order's lines, e.g. \"TEA-ASSAM-250 2, MUG-WHT-350 1\".");
        }
        return new Parsed(List.copyOf(out), null);
    }
}
