package dev.stockroom.audit;

/** Progress of long audit work: {@code done} of {@code total} (total may be 0 when unknown). Called from the worker thread. */
@FunctionalInterface
public interface AuditProgress {
    AuditProgress NONE = (done, total) -> { };

    void update(long done, long total);
}
