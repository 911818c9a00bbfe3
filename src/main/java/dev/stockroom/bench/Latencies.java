package dev.stockroom.bench;

import java.util.Arrays;

/** Latency samples of one run, in nanoseconds; thread-confined while recording, merged after. */
final class Latencies {
    private long[] samples = new long[1024];
    private int size;

    void record(long nanos) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, size * 2);
        }
        samples[size++] = nanos;
    }

    static Latencies merge(Iterable<Latencies> parts) {
        Latencies all = new Latencies();
        for (Latencies p : parts) {
            for (int i = 0; i < p.size; i++) {
                all.record(p.samples[i]);
            }
        }
        Arrays.sort(all.samples, 0, all.size);
        return all;
    }

    int count() {
        return size;
    }

    /** Milliseconds at quantile q (0..1) of a merged, sorted set. */
    double millisAt(double q) {
        if (size == 0) {
            return 0;
        }
        int index = (int) Math.min(size - 1, Math.ceil(q * size) - 1);
        return samples[Math.max(0, index)] / 1e6;
    }

    double maxMillis() {
        return size == 0 ? 0 : samples[size - 1] / 1e6;
    }
}
