package dev.stockroom.sync.simulator;

import java.time.Instant;
import java.util.List;

/** An order a simulated marketplace took: its lines are seller SKU codes. */
public final class SimOrder {
    public enum Status { OPEN, CANCELLED, SHIPPED }

    public record Line(String itemId, String sku, int qty) {
    }

    final String id;
    final String name;
    final Instant createdAt;
    final List<Line> lines;
    volatile Status status = Status.OPEN;
    volatile Instant updatedAt;

    SimOrder(String id, String name, Instant createdAt, List<Line> lines) {
        this.id = id;
        this.name = name;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
        this.lines = List.copyOf(lines);
    }

    public String id() {
        return id;
    }

    /** The order's name as the seller sees it (Shopify "#1001"; elsewhere the id). */
    public String name() {
        return name;
    }

    public Status status() {
        return status;
    }

    public List<Line> lines() {
        return lines;
    }
}
