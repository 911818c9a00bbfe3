package dev.stockroom.sync.worker;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.util.UUID;

/**
 * How the worker runs. {@code owner} names this worker in leases and attempts; the lease must
 * outlast a rate-limit wait plus one HTTP call (the worker checks before every call).
 */
public record SyncOptions(String owner, Duration pollInterval, int leaseSeconds, Backoff backoff, Duration drainTimeout,
                          boolean listenForChanges) {

    public static SyncOptions defaults() {
        return new SyncOptions(defaultOwner(), Duration.ofSeconds(1), 60, Backoff.standard(), Duration.ofSeconds(20), true);
    }

    public SyncOptions withOwner(String o) {
        return new SyncOptions(o, pollInterval, leaseSeconds, backoff, drainTimeout, listenForChanges);
    }

    public SyncOptions withLeaseSeconds(int s) {
        return new SyncOptions(owner, pollInterval, s, backoff, drainTimeout, listenForChanges);
    }

    public SyncOptions withBackoff(Backoff b) {
        return new SyncOptions(owner, pollInterval, leaseSeconds, b, drainTimeout, listenForChanges);
    }

    public SyncOptions withPollInterval(Duration d) {
        return new SyncOptions(owner, d, leaseSeconds, backoff, drainTimeout, listenForChanges);
    }

    public SyncOptions withListen(boolean listen) {
        return new SyncOptions(owner, pollInterval, leaseSeconds, backoff, drainTimeout, listen);
    }

    static String defaultOwner() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "desk";
        }
        String pid = ManagementFactory.getRuntimeMXBean().getName().split("@")[0];
        return host + "/" + pid + "/" + UUID.randomUUID().toString().substring(0, 8);
    }
}
