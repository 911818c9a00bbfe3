package dev.stockroom.sync.worker;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** Where the worker rests between passes; "sync now", a stock change or a finished push wakes it early. */
public final class Waiter {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition woken = lock.newCondition();
    private boolean pending;

    public void wake() {
        lock.lock();
        try {
            pending = true;
            woken.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to {@code max}, or returns at once if woken since the last wait. */
    public void await(Duration max) throws InterruptedException {
        lock.lock();
        try {
            long nanos = Math.max(0, max.toNanos());
            while (!pending && nanos > 0) {
                nanos = woken.awaitNanos(nanos);
            }
            pending = false;
        } finally {
            lock.unlock();
        }
    }

    /** For tests and shutdown: wait with a plain timeout. */
    boolean await(long amount, TimeUnit unit) throws InterruptedException {
        await(Duration.ofNanos(unit.toNanos(amount)));
        return true;
    }
}
