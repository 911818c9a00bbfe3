package dev.stockroom.sync.orders;

import dev.stockroom.ledger.OrderLine;
import dev.stockroom.ledger.Outcome;
import dev.stockroom.ledger.StockKernel;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a channel order's state into kernel calls: placed becomes reserve, cancelled becomes
 * reserve then release, dispatched becomes reserve then confirm. Each step has its derived
 * movement id, so seeing the same order again (a replay, an overlapping poll) changes nothing.
 */
public final class OrderApplier {
    private static final Logger log = LoggerFactory.getLogger(OrderApplier.class);
    static final Duration HOLD = Duration.ofDays(14);

    private final StockKernel kernel;
    private final DataSource ds;
    private final Clock clock;

    public OrderApplier(DataSource ds, long sellerId, Clock clock) {
        this.kernel = new StockKernel(ds, sellerId);
        this.ds = ds;
        this.clock = clock;
    }

    /** What became of one order; {@code changed} is false when everything had been applied before. */
    public record Applied(String orderId, boolean changed, List<Outcome> outcomes) {
    }

    public Applied apply(String channel, ChannelOrder order) {
        long seller = kernel.sellerId();
        Outcome placed = kernel.reserve(OrderMovements.of(seller, channel, order.orderId(), "placed"), channel, order.orderId(),
                order.lines(), clock.instant().plus(HOLD));
        if ("movement_id_reused".equals(placed.code())) {
            // The derived id was used before for this very order (only the expiry we ask for moves on): already held.
            placed = new Outcome(true, "ok", placed.message(), placed.movementId(), true);
        }
        boolean changed = placed.ok() && !placed.replayed();
        if (changed) {
            channelCount(channel, order.lines(), 1);   // the channel lowered its own count when it took the order
        } else if (placed.refused() && !"duplicate_order".equals(placed.code())) {
            log.info("{} order {} not held: {}", channel, order.orderId(), placed.message());
        }
        Outcome closing = null;
        if (order.state() == ChannelOrder.State.CANCELLED) {
            closing = kernel.release(OrderMovements.of(seller, channel, order.orderId(), "cancelled"), channel, order.orderId());
            if (closing.ok() && !closing.replayed()) {
                channelCount(channel, order.lines(), -1);   // and raised it again when the order was cancelled
                changed = true;
            }
        } else if (order.state() == ChannelOrder.State.DISPATCHED) {
            closing = kernel.confirm(OrderMovements.of(seller, channel, order.orderId(), "dispatched"), channel, order.orderId());
            changed |= closing.ok() && !closing.replayed();
        }
        return new Applied(order.orderId(), changed, closing == null ? List.of(placed) : List.of(placed, closing));
    }

    private void channelCount(String channel, List<OrderLine> lines, int sign) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT stockroom.sync_channel_sold(?, ?, ?, ?)")) {
            ps.setLong(1, kernel.sellerId());
            ps.setString(2, channel);
            ps.setArray(3, c.createArrayOf("text", lines.stream().map(OrderLine::sku).toArray()));
            ps.setArray(4, c.createArrayOf("int4", lines.stream().map(l -> sign * l.qty()).toArray()));
            ps.execute();
        } catch (SQLException e) {
            // Only our belief of the channel's count is stale: the next push notices and corrects it.
            log.debug("could not note {} order on {}: {}", channel, lines, e.getMessage());
        }
    }
}
