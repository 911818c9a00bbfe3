package dev.stockroom.sync.worker;

import dev.stockroom.sync.channels.ChannelConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Clock;
import java.time.Duration;

/**
 * A channel's rate limit and circuit breaker (resilience4j). The limiter hands out one permit
 * every 1/rate seconds, so no second ever sees more than rate + 1 calls: inside a token bucket
 * of the channel's rate with any burst of two or more (CHANNELS.md: Amazon 5/s, burst 10).
 * The breaker opens when half of the last ten calls failed (timeouts, resets, 5xx, garbage) and
 * lets one call through after {@code breaker_open_seconds}; throttling and refusals do not count.
 */
final class ChannelGuards {
    final RateLimiter limiter;
    final CircuitBreaker breaker;
    final double ratePerSecond;

    ChannelGuards(ChannelConfig config, Clock clock) {
        this.ratePerSecond = Math.max(0.05, config.decimal("rate_per_second", defaultRate(config.kind())));
        long periodNanos = (long) (1_000_000_000L / ratePerSecond);
        this.limiter = RateLimiter.of("sync-" + config.channel(), RateLimiterConfig.custom()
                .limitForPeriod(1)
                .limitRefreshPeriod(Duration.ofNanos(periodNanos))
                .timeoutDuration(Duration.ofSeconds(Math.max(2, config.integer("rate_wait_seconds", 10))))
                .build());
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

    /** True when the breaker would let a call through now (without spending the permit). */
    boolean channelUp() {
        if (breaker.tryAcquirePermission()) {
            breaker.releasePermission();
            return true;
        }
        return false;
    }
}
