package dev.stockroom.sync.orders;

import java.io.IOException;
import java.io.Reader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Imports a marketplace's order report (CSV: order id, SKU, quantity, optionally status) as
 * reservations, all rows or none: every order is tried inside one transaction, and if any row
 * is wrong nothing is kept and the report names each bad row. Importing the same file again
 * changes nothing (the movement ids derive from channel, order and event).
 */
public final class OrderReportImport {
    private static final Map<String, String> COLUMNS = Map.ofEntries(
            Map.entry("orderid", "order"), Map.entry("order", "order"), Map.entry("suborderno", "order"),
            Map.entry("amazonorderid", "order"), Map.entry("ordernumber", "order"), Map.entry("orderno", "order"),
            Map.entry("sku", "sku"), Map.entry("sellersku", "sku"), Map.entry("skuid", "sku"),
            Map.entry("quantity", "qty"), Map.entry("qty", "qty"), Map.entry("quantitypurchased", "qty"),
            Map.entry("status", "status"), Map.entry("orderstatus", "status"));

    private final DataSource ds;
    private final long sellerId;
    private final Clock clock;

    public OrderReportImport(DataSource ds, long sellerId, Clock clock) {
        this.ds = ds;
        this.sellerId = sellerId;
        this.clock = clock;
    }

    /** What the import did: applied (all rows) or not (none), and a sentence per bad row. */
    public record Report(boolean applied, int rows, int orders, int changed, List<String> problems) {
    }

    private record Row(int number, String order, String sku, int qty, ChannelOrder.State state) {
    }

    public Report importReport(String channel, Reader csv) throws IOException {
        List<String> problems = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        try (CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true)
                .setTrim(true).get().parse(csv)) {
            Map<String, String> header = new LinkedHashMap<>();
            for (String h : parser.getHeaderNames()) {
                String role = COLUMNS.get(h.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", ""));
                if (role != null) {
                    header.putIfAbsent(role, h);
                }
            }
            for (String needed : List.of("order", "sku", "qty")) {
                if (!header.containsKey(needed)) {
                    return new Report(false, 0, 0, 0, List.of("the file has no " + switch (needed) {
                        case "order" -> "order id column (order_id, Order ID, Sub Order No...)";
                        case "sku" -> "SKU column (sku, Seller SKU...)";
                        default -> "quantity column (quantity, qty...)";
                    } + "; its columns are " + parser.getHeaderNames()));
                }
            }
            for (CSVRecord rec : parser) {
                int line = (int) rec.getRecordNumber() + 1;   // the header is line 1
                String order = value(rec, header.get("order"));
                String sku = value(rec, header.get("sku"));
                String qtyText = value(rec, header.get("qty"));
                String status = header.containsKey("status") ? value(rec, header.get("status")) : "";
                if (order.isEmpty() || sku.isEmpty()) {
                    problems.add("row " + line + ": the order id and the SKU are both needed");
                    continue;
                }
                int qty;
                try {
                    qty = Integer.parseInt(qtyText);
                } catch (NumberFormatException e) {
                    problems.add("row " + line + ": quantity \"" + qtyText + "\" is not a whole number");
                    continue;
                }
                rows.add(new Row(line, order, sku, qty, state(status)));
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            return new Report(false, 0, 0, 0, List.of("the file is not a readable CSV order report: " + e.getMessage()));
        }
        if (!problems.isEmpty()) {
            return new Report(false, rows.size() + problems.size(), 0, 0, problems);
        }
        return apply(channel, rows);
    }

    private Report apply(String channel, List<Row> rows) {
        Map<String, List<Row>> byOrder = new LinkedHashMap<>();
        rows.forEach(r -> byOrder.computeIfAbsent(r.order(), k -> new ArrayList<>()).add(r));
        List<String> problems = new ArrayList<>();
        int changed = 0;
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (Map.Entry<String, List<Row>> e : byOrder.entrySet()) {
                    List<Row> lines = e.getValue();
                    ChannelOrder.State state = lines.get(0).state();
                    String rowsText = lines.size() == 1 ? "row " + lines.get(0).number()
                            : "rows " + lines.stream().map(r -> Integer.toString(r.number())).reduce((a, b) -> a + ", " + b).orElse("");
                    Outcome placed = reserve(c, channel, e.getKey(), lines);
                    if (!placed.ok && !"duplicate_order".equals(placed.code)) {
                        problems.add(rowsText + " (order " + e.getKey() + "): " + placed.message);
                        continue;
                    }
                    boolean orderChanged = placed.ok && !placed.replayed;
                    if (state != ChannelOrder.State.OPEN) {
                        Outcome closing = close(c, channel, e.getKey(), state);
                        if (!closing.ok && !"not_held".equals(closing.code)) {
                            problems.add(rowsText + " (order " + e.getKey() + "): " + closing.message);
                            continue;
                        }
                        orderChanged |= closing.ok && !closing.replayed;
                    }
                    if (orderChanged) {
                        changed++;
                    }
                }
                if (problems.isEmpty()) {
                    c.commit();
                } else {
                    c.rollback();
                }
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            return new Report(false, rows.size(), byOrder.size(), 0, List.of("the database refused the import, so nothing was kept: " + e.getMessage()));
        }
        return problems.isEmpty() ? new Report(true, rows.size(), byOrder.size(), changed, List.of())
                : new Report(false, rows.size(), byOrder.size(), 0, problems);
    }

    private record Outcome(boolean ok, String code, String message, boolean replayed) {
    }

    private Outcome reserve(Connection c, String channel, String order, List<Row> lines) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM stockroom.reserve(?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, sellerId);
            ps.setObject(2, OrderMovements.of(sellerId, channel, order, "placed"));
            ps.setString(3, channel);
            ps.setString(4, order);
            ps.setArray(5, c.createArrayOf("text", lines.stream().map(Row::sku).toArray()));
            ps.setArray(6, c.createArrayOf("int4", lines.stream().map(Row::qty).toArray()));
            ps.setObject(7, OffsetDateTime.ofInstant(clock.instant().plus(OrderApplier.HOLD), ZoneOffset.UTC));
            Outcome o = read(ps);
            // The derived id was used before for this order (with another expiry): it is already held.
            return "movement_id_reused".equals(o.code) ? new Outcome(true, "ok", o.message, true) : o;
        }
    }

    private Outcome close(Connection c, String channel, String order, ChannelOrder.State state) throws SQLException {
        boolean cancel = state == ChannelOrder.State.CANCELLED;
        try (PreparedStatement ps = c.prepareStatement(cancel ? "SELECT * FROM stockroom.release(?, ?, ?, ?)" : "SELECT * FROM stockroom.confirm(?, ?, ?, ?)")) {
            ps.setLong(1, sellerId);
            UUID id = OrderMovements.of(sellerId, channel, order, cancel ? "cancelled" : "dispatched");
            ps.setObject(2, id);
            ps.setString(3, channel);
            ps.setString(4, order);
            return read(ps);
        }
    }

    private static Outcome read(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new Outcome(rs.getBoolean("ok"), rs.getString("code"), rs.getString("message"), rs.getBoolean("replayed"));
        }
    }

    private static String value(CSVRecord rec, String column) {
        return rec.isMapped(column) && rec.isSet(column) ? rec.get(column).trim() : "";
    }

    static ChannelOrder.State state(String status) {
        String s = status.toLowerCase(Locale.ROOT);
        if (s.contains("cancel") || s.contains("rto") || s.contains("return")) {
            return ChannelOrder.State.CANCELLED;
        }
        if (s.contains("ship") || s.contains("deliver") || s.contains("dispatch")) {
            return ChannelOrder.State.DISPATCHED;
        }
        return ChannelOrder.State.OPEN;
    }
}
