package dev.stockroom.sync.simulator;

/** The channel's own limit as the simulator enforces it: {@code rate} per second, up to {@code burst} saved up. */
final class TokenBucket {
    private final double rate;
    private final double burst;
    private double tokens;
    private long last = System.nanoTime();

    TokenBucket(double rate, double burst) {
        this.rate = rate;
        this.burst = burst;
        this.tokens = burst;
    }

    synchronized boolean take(double cost) {
        refill();
        if (tokens + 1e-9 >= cost) {
            tokens -= cost;
            return true;
        }
        return false;
    }

    synchronized double available() {
        refill();
        return tokens;
    }

    double rate() {
        return rate;
    }

    double burst() {
        return burst;
    }

    private void refill() {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - last) / 1e9 * rate);
        last = now;
    }
}
