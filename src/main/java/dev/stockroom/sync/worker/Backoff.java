package dev.stockroom.sync.worker;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter (AWS architecture blog): the n-th retry waits a uniformly
 * random time between zero and min(cap, base * 2^n), so workers that failed together do not
 * come back together.
 */
public record Backoff(Duration base, Duration cap) {

    public static Backoff standard() {
        return new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5));
    }

    /** The ceiling of the wait after {@code priorAttempts} failed attempts. */
    public Duration ceiling(int priorAttempts) {
        int shift = Math.min(Math.max(priorAttempts, 0), 30);
        long ms = base.toMillis() << shift;
        return ms <= 0 || ms > cap.toMillis() ? cap : Duration.ofMillis(ms);
    }

    public Duration delay(int priorAttempts, RandomGenerator random) {
        return Duration.ofMillis(random.nextLong(ceiling(priorAttempts).toMillis() + 1));
    }
}
