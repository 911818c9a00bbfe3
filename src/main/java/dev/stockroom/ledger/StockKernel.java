package dev.stockroom.ledger;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The typed Java face of the kernel functions in {@code sql/}. Every stock change is one call
 * (one round trip, one commit) with a fresh movement id, unless the caller passes one to make
 * a retry of its own. Java never does stock arithmetic: the database decides.
 */
public final class StockKernel {
    private final DataSource ds;
    private final long sellerId;

    public StockKernel(DataSource ds, long sellerId) {
        this.ds = Objects.requireNonNull(ds);
        this.sellerId = sellerId;
    }

    public long sellerId() {
        return sellerId;
    }

    // ----------------------------------------------------------- desk changes

    public Outcome restock(String sku, int qty) {
        return restock(UUID.randomUUID(), sku, qty, null);
    }

    public Outcome restock(UUID movementId, String sku, int qty, String reason) {
        return outcome("restock", movementId, "SELECT * FROM stockroom.restock(?, ?, ?, ?, ?)",
                ps -> {
                    ps.setString(3, sku);
                    ps.setInt(4, qty);
                    ps.setString(5, reason);
                });
    }

    public Outcome returnStock(String sku, int qty, String channel, String orderRef, String reason) {
        return returnStock(UUID.randomUUID(), sku, qty, channel, orderRef, reason);
    }

    public Outcome returnStock(UUID movementId, String sku, int qty, String channel, String orderRef, String reason) {
        return outcome("return", movementId, "SELECT * FROM stockroom.return_stock(?, ?, ?, ?, ?, ?, ?)",
                ps -> {
                    ps.setString(3, sku);
                    ps.setInt(4, qty);
                    ps.setString(5, channel);
                    ps.setString(6, orderRef);
                    ps.setString(7, reason);
                });
    }

    /** Cycle count: on hand becomes the counted quantity; the difference is ledgered with the reason. */
    public Outcome adjust(String sku, int counted, String reason) {
        return adjust(UUID.randomUUID(), sku, counted, reason);
    }

    public Outcome adjust(UUID movementId, String sku, int counted, String reason) {
        return outcome("count", movementId, "SELECT * FROM stockroom.adjust(?, ?, ?, ?, ?)",
                ps -> {
                    ps.setString(3, sku);
                    ps.setInt(4, counted);
                    ps.setString(5, reason);
                });
    }

    // ------------------------------------------------------------------ orders

    public Outcome sell(List<OrderLine> lines, String channel, String orderRef) {
        return sell(UUID.randomUUID(), lines, channel, orderRef);
    }

    public Outcome sell(UUID movementId, List<OrderLine> lines, String channel, String orderRef) {
        return outcome("sale", movementId, "SELECT * FROM stockroom.sell(?, ?, ?, ?, ?, ?)",
                ps -> {
                    setLines(ps, 3, lines);
                    ps.setString(5, channel);
                    ps.setString(6, orderRef);
                });
    }

    /** Holds stock for a channel order until {@link #confirm}, {@link #release} or expiry. */
    public Outcome reserve(String channel, String orderRef, List<OrderLine> lines, Instant expiresAt) {
        return reserve(UUID.randomUUID(), channel, orderRef, lines, expiresAt);
    }

    public Outcome reserve(UUID movementId, String channel, String orderRef, List<OrderLine> lines, Instant expiresAt) {
        return outcome("reservation", movementId, "SELECT * FROM stockroom.reserve(?, ?, ?, ?, ?, ?, ?)",
                ps -> {
                    ps.setString(3, channel);
                    ps.setString(4, orderRef);
                    setLines(ps, 5, lines);
                    setInstant(ps, 7, expiresAt);
                });
    }

    /** Dispatch: the held units leave the building. */
    public Outcome confirm(String channel, String orderRef) {
        return confirm(UUID.randomUUID(), channel, orderRef);
    }

    public Outcome confirm(UUID movementId, String channel, String orderRef) {
        return outcome("dispatch", movementId, "SELECT * FROM stockroom.confirm(?, ?, ?, ?)",
                ps -> {
                    ps.setString(3, channel);
                    ps.setString(4, orderRef);
                });
    }

    /** Cancel: the held units become available again. */
    public Outcome release(String channel, String orderRef) {
        return release(UUID.randomUUID(), channel, orderRef);
    }

    public Outcome release(UUID movementId, String channel, String orderRef) {
        return outcome("release", movementId, "SELECT * FROM stockroom.release(?, ?, ?, ?)",
                ps -> {
                    ps.setString(3, channel);
                    ps.setString(4, orderRef);
                });
    }

    /** Releases every hold whose expiry is at or before {@code now}. */
    public Outcome expire(Instant now) {
        return expire(UUID.randomUUID(), now);
    }

    public Outcome expire(UUID movementId, Instant now) {
        Instant at = now == null ? Instant.now() : now;  // explicit, so a retry asks the same question
        return outcome("expiry", movementId, "SELECT * FROM stockroom.expire(?, ?, ?)",
                ps -> setInstant(ps, 3, at));
    }

    /**
     * Many orders for one SKU in one call and one commit, answered one by one in the given
     * order. Each order keeps its own movement id, so any of them can be retried alone.
     */
    public List<Outcome> sellBatch(String sku, List<BatchOrder> orders) {
        if (orders.isEmpty()) {
            return List.of();
        }
        UUID first = orders.get(0).movementId();
        return KernelCall.run(ds, "batch of sales", first, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM stockroom.sell_batch(?, ?, ?, ?, ?, ?)")) {
                int n = orders.size();
                UUID[] ids = new UUID[n];
                Integer[] qtys = new Integer[n];
                String[] channels = new String[n];
                String[] refs = new String[n];
                for (int i = 0; i < n; i++) {
                    BatchOrder o = orders.get(i);
                    ids[i] = o.movementId();
                    qtys[i] = o.qty();
                    channels[i] = o.channel();
                    refs[i] = o.orderRef();
                }
                ps.setLong(1, sellerId);
                ps.setString(2, sku);
                ps.setArray(3, c.createArrayOf("uuid", ids));
                ps.setArray(4, c.createArrayOf("int4", qtys));
                ps.setArray(5, c.createArrayOf("text", channels));
                ps.setArray(6, c.createArrayOf("text", refs));
                List<Outcome> out = new ArrayList<>(n);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Outcome(rs.getBoolean("ok"), rs.getString("code"),
                                rs.getString("message"), rs.getObject("movement_id", UUID.class), rs.getBoolean("replayed")));
                    }
                }
                return out;
            }
        });
    }

    // ----------------------------------------------------------------- catalog

    public long addSku(String code, String title, List<String> barcodes, int lowStockAt) {
        return catalog("add SKU", "SELECT stockroom.add_sku(?, ?, ?, ?, ?)", (c, ps) -> {
            ps.setString(2, code);
            ps.setString(3, title);
            ps.setArray(4, c.createArrayOf("text", barcodes.toArray()));
            ps.setInt(5, lowStockAt);
        });
    }

    public long addKit(String code, String title, List<OrderLine> components, List<String> barcodes) {
        return catalog("add kit", "SELECT stockroom.add_kit(?, ?, ?, ?, ?, ?)", (c, ps) -> {
            ps.setString(2, code);
            ps.setString(3, title);
            ps.setArray(4, c.createArrayOf("text", components.stream().map(OrderLine::sku).toArray()));
            ps.setArray(5, c.createArrayOf("int4", components.stream().map(OrderLine::qty).toArray()));
            ps.setArray(6, c.createArrayOf("text", barcodes.toArray()));
        });
    }

    public void addChannel(String channel, String kind, String name) {
        catalog("add channel", "SELECT 0::bigint FROM stockroom.add_channel(?, ?, ?, ?)", (c, ps) -> {
            ps.setString(2, channel);
            ps.setString(3, kind);
            ps.setString(4, name);
        });
    }

    public void addListing(String sku, String channel, String externalId) {
        catalog("add listing", "SELECT 0::bigint FROM stockroom.add_listing(?, ?, ?, ?)", (c, ps) -> {
            ps.setString(2, sku);
            ps.setString(3, channel);
            ps.setString(4, externalId);
        });
    }

    public void addMember(String login, String role) {
        catalog("add member", "SELECT 0::bigint FROM stockroom.add_member(?, ?, ?)", (c, ps) -> {
            ps.setString(2, login);
            ps.setString(3, role);
        });
    }

    // ----------------------------------------------------------------- plumbing

    private interface Params {
        void set(PreparedStatement ps) throws SQLException;
    }

    private interface CatalogParams {
        void set(Connection c, PreparedStatement ps) throws SQLException;
    }

    private Outcome outcome(String what, UUID movementId, String sql, Params params) {
        Objects.requireNonNull(movementId, "movementId");
        return KernelCall.run(ds, what, movementId, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, sellerId);
                ps.setObject(2, movementId);
                params.set(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new Outcome(rs.getBoolean("ok"), rs.getString("code"), rs.getString("message"),
                            rs.getObject("movement_id", UUID.class), rs.getBoolean("replayed"));
                }
            }
        });
    }

    private long catalog(String what, String sql, CatalogParams params) {
        // Catalog changes are keyed by their codes, so a retry after a lost commit fails loudly as a duplicate.
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, sellerId);
            params.set(c, ps);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new KernelException(KernelCall.readable(e), e.getSQLState(), e);
        }
    }

    private static void setLines(PreparedStatement ps, int at, List<OrderLine> lines) throws SQLException {
        Connection c = ps.getConnection();
        Array skus = c.createArrayOf("text", lines.stream().map(OrderLine::sku).toArray());
        Array qtys = c.createArrayOf("int4", lines.stream().map(OrderLine::qty).toArray());
        ps.setArray(at, skus);
        ps.setArray(at + 1, qtys);
    }

    private static void setInstant(PreparedStatement ps, int at, Instant t) throws SQLException {
        if (t == null) {
            ps.setNull(at, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(at, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
        }
    }
}
