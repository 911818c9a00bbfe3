package dev.stockroom.sync.worker;

import dev.stockroom.sync.channels.ChannelConfig;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.time.Duration;

/**
 * A channel's rate limit (a Bucket4j token bucket) and circuit breaker (resilience4j). The bucket
 * refills at the channel's rate and holds {@code rate_burst} calls (default 2): an idle channel
 * gets the next change at once, a busy one never more than rate + burst calls in any second,
 * inside the channels' own buckets (CHANNELS.md: Amazon 5/s, burst 10).
 * The breaker opens when half of the last ten calls failed (timeouts, resets, 5xx, garbage) and
 * lets one call through after {@code breaker_open_seconds}; throttling and refusals do not count.
 */
final class ChannelGuards {
    final CircuitBreaker breaker;
    final double ratePerSecond;
    private final Bucket bucket;
    private final Duration rateWait;

    ChannelGuards(ChannelConfig config, Clock clock) {
        this.ratePerSecond = Math.max(0.05, config.decimal("rate_per_second", defaultRate(config.kind())));
        long periodNanos = (long) (1_000_000_000L / ratePerSecond);
        int burst = Math.max(1, config.integer("rate_burst", 2));
        this.bucket = Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(burst).refillGreedy(1, Duration.ofNanos(periodNanos)).initialTokens(burst).build())
                .build();
        this.rateWait = Duration.ofSeconds(Math.max(2, config.integer("rate_wait_seconds", 10)));
        this.breaker = CircuitBreaker.of("sync-" + config.channel(), CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(10)
                .minimumNumberOfCalls(Math.max(1, config.integer("breaker_min_calls", 5)))
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(Math.max(1, config.integer("breaker_open_seconds", 20))))
                .permittedNumberOfCallsInHalfOpenState(1)
                .clock(clock)
                .build());
    }

    /** Requests per second when the settings say nothing: the channels' published or assumed limits. */
    static double defaultRate(String kind) {
        return switch (kind) {
            case "amazon" -> 5;        // patchListingsItem: 5/s, burst 10
            case "shopify" -> 4;       // 10-point mutations in a 100 points/s bucket, with room for order polling
            case "flipkart" -> 4;      // not published: stay modest
            case "ebay" -> 2;
            case "woocommerce" -> 4;   // the host's limit, not WooCommerce's
            default -> 5;
        };
    }

    /** Takes one call from the bucket, waiting up to {@code rate_wait_seconds}; false when none came (or the thread was interrupted). */
    boolean takeCall() {
        try {
            return bucket.asBlocking().tryConsume(1, rateWait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** True when the breaker would let a call through now (without spending the permit). */
    boolean channelUp() {
        if (breaker.tryAcquirePermission()) {
            breaker.releasePermission();
            return true;
        }
        return false;
    }
}
