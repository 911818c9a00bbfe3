package dev.stockroom.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.sync.simulator.Fault;
import dev.stockroom.sync.simulator.RecordedRequest;
import dev.stockroom.sync.simulator.SimChannel;
import dev.stockroom.sync.worker.SyncWorker;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Channels misbehaving: throttling with both Retry-After forms, 500s, timeouts, resets, garbage,
 * and going down for minutes. Nothing is lost, and attempts are spaced as specified (checked on
 * the worker's clock, which the test moves instead of waiting).
 */
class FaultsTest {
    static SyncFixture f;
    static SyncWorker worker;

    @BeforeAll
    static void setUp() {
        f = new SyncFixture("faults");
        f.channel("amzn", "amazon", Map.of());
        f.channel("fk", "flipkart", Map.of("breaker_min_calls", 100));
        f.channel("shop", "shopify", Map.of());
        f.channel("down", "flipkart", Map.of("breaker_open_seconds", 20));
        f.sku("R-1", 10, "amzn");
        f.sku("R-2", 10, "amzn");
        f.sku("T-1", 10, "fk");
        f.sku("G-1", 10, "shop");
        for (int i = 0; i < 10; i++) {
            f.sku("D-" + i, 20, "down");
        }
        worker = f.worker(SyncFixture.fastOptions("faults-1"));
        SyncFixture.await("first sync", Duration.ofSeconds(30), f::converged);
    }

    @AfterAll
    static void tearDown() {
        f.close();
    }

    record Attempt(String outcome, Integer status, Instant at, Instant retryAt, int quantity) {
        Duration waited() {
            return Duration.between(at, retryAt);
        }
    }

    static List<Attempt> attempts(String channel, String sku) {
        List<Attempt> out = new ArrayList<>();
        try (Connection c = f.db.admin().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT a.outcome, a.http_status, a.attempted_at, a.retry_at, a.quantity "
                     + "FROM stockroom.sync_attempt a JOIN stockroom.sku s USING (seller_id, sku_id) "
                     + "WHERE a.seller_id = ? AND a.channel = ? AND s.code = ? ORDER BY a.attempt_id")) {
            ps.setLong(1, f.seller);
            ps.setString(2, channel);
            ps.setString(3, sku);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int status = rs.getInt(2);
                    Integer answered = rs.wasNull() ? null : status;
                    OffsetDateTime retry = rs.getObject(4, OffsetDateTime.class);
                    out.add(new Attempt(rs.getString(1), answered, rs.getObject(3, OffsetDateTime.class).toInstant(),
                            retry == null ? null : retry.toInstant(), rs.getInt(5)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    static Attempt last(String channel, String sku) {
        List<Attempt> a = attempts(channel, sku);
        return a.isEmpty() ? null : a.get(a.size() - 1);
    }

    @Test
    void retryAfterInSecondsAndAsAnHttpDateIsHonoured() {
        SimChannel amzn = f.sim.channel("amzn");
        amzn.failNext(1, Fault.throttleSeconds(30));
        f.kernel.restock("R-1", 1);
        SyncFixture.await("a throttled attempt", Duration.ofSeconds(20),
                () -> last("amzn", "R-1") != null && last("amzn", "R-1").outcome().equals("throttled"));
        Attempt throttled = last("amzn", "R-1");
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.waited()).isBetween(Duration.ofSeconds(29), Duration.ofSeconds(30));
        f.clock.advance(Duration.ofSeconds(31));
        worker.wake();
        SyncFixture.await("pushed after the wait", Duration.ofSeconds(20), () -> f.converged("amzn"));
        Attempt pushed = last("amzn", "R-1");
        assertThat(pushed.outcome()).isEqualTo("pushed");
        assertThat(pushed.at()).as("the next attempt came after Retry-After").isAfterOrEqualTo(throttled.retryAt());

        amzn.failNext(1, Fault.throttleDate(45));
        f.kernel.restock("R-2", 1);
        SyncFixture.await("a throttled attempt", Duration.ofSeconds(20),
                () -> last("amzn", "R-2") != null && last("amzn", "R-2").outcome().equals("throttled"));
        Attempt dated = last("amzn", "R-2");
        assertThat(dated.waited()).isBetween(Duration.ofSeconds(44), Duration.ofSeconds(46));
        f.clock.advance(Duration.ofSeconds(47));
        worker.wake();
        SyncFixture.await("pushed after the date", Duration.ofSeconds(20), () -> f.converged("amzn"));
        assertThat(last("amzn", "R-2").at()).isAfterOrEqualTo(dated.retryAt());
    }

    @Test
    void serverErrorsTimeoutsAndResetsBackOffExponentiallyWithFullJitter() {
        SimChannel fk = f.sim.channel("fk");
        fk.failNext(3, Fault.serverError()).failNext(1, Fault.timeout(4)).failNext(1, Fault.reset()).failNext(1, Fault.garbage());
        f.kernel.restock("T-1", 4);
        SyncFixture.await("pushed through six failures", Duration.ofSeconds(60), () -> f.converged("fk"));
        List<Attempt> all = attempts("fk", "T-1");
        List<Attempt> retries = all.subList(all.size() - 7, all.size() - 1);
        assertThat(retries).extracting(Attempt::outcome).containsOnly("retry");
        assertThat(retries).extracting(Attempt::status).containsExactly(500, 500, 500, null, null, 200);
        for (int k = 0; k < retries.size(); k++) {
            Duration ceiling = Duration.ofMillis(Math.min(2_000, 200L << k));   // base 200 ms, doubling, capped at 2 s
            // Full jitter may draw a wait near zero; the attempt's time is stamped a moment after the
            // retry time was chosen, so allow that moment (a millisecond) below zero.
            assertThat(retries.get(k).waited()).as("wait after failure " + (k + 1)).isBetween(Duration.ofMillis(-1), ceiling);
            if (k + 1 < retries.size()) {
                assertThat(retries.get(k + 1).at()).isAfterOrEqualTo(retries.get(k).retryAt());
            }
        }
        assertThat(all.get(all.size() - 1).outcome()).isEqualTo("pushed");
    }

    @Test
    void garbageAfterAnAppliedChangeIsRetriedWithTheSameIdempotencyKey() {
        SimChannel shop = f.sim.channel("shop");
        shop.failNext(1, Fault.garbage());
        int before = shop.pushes().size();
        f.kernel.restock("G-1", 2);
        SyncFixture.await("converged after garbage", Duration.ofSeconds(30), () -> f.converged("shop"));
        List<RecordedRequest> pushes = shop.pushes().subList(before, shop.pushes().size());
        assertThat(pushes).hasSizeGreaterThanOrEqualTo(2);
        assertThat(key(pushes.get(1))).as("the retry reuses the idempotency key").isEqualTo(key(pushes.get(0)));
        assertThat(f.db.queryLong("SELECT count(*) FROM stockroom.sync_drift WHERE channel = 'shop'")).isZero();
    }

    static String key(RecordedRequest r) {
        var m = java.util.regex.Pattern.compile("@idempotent\\(key: \"([^\"]+)\"\\)").matcher(r.body().replace("\\\"", "\""));
        return m.find() ? m.group(1) : null;
    }

    @Test
    void aChannelDownForMinutesCatchesUpWhenItComesBack() throws Exception {
        SimChannel down = f.sim.channel("down");
        down.goDown();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 10; i++) {
                f.kernel.restock("D-" + i, 1 + round);
            }
            for (int minute = 0; minute < 6; minute++) {   // three minutes of the worker's time while it is down
                f.clock.advance(Duration.ofSeconds(10));
                worker.wake();
                int seen = worker.passes();
                SyncFixture.await("a pass", Duration.ofSeconds(10), () -> worker.passes() > seen + 1);
            }
        }
        // One call carries up to ten listings: count calls, not rows.
        long callsWhileDown = f.db.queryLong("SELECT count(DISTINCT attempted_at) FROM stockroom.sync_attempt WHERE channel = 'down' AND outcome = 'retry'");
        assertThat(callsWhileDown).as("the breaker keeps calls to a dead channel few").isBetween(1L, 20L);
        assertThat(f.queueDepth()).isPositive();
        down.comeBack();
        SyncFixture.await("caught up", Duration.ofSeconds(60), () -> {
            f.clock.advance(Duration.ofSeconds(5));
            worker.wake();
            return f.converged("down");
        });
        for (int i = 0; i < 10; i++) {
            assertThat(down.quantitiesBySku().get("D-" + i)).isEqualTo(26);
        }
    }
}
