package dev.stockroom.ledger;

/** One line of an order: a SKU code (a kit sells its components) and how many. */
public record OrderLine(String sku, int qty) {
    public static OrderLine of(String sku, int qty) {
        return new OrderLine(sku, qty);
    }
}
