package dev.stockroom.audit;

import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The audit as the console uses it over an open database: export with progress, checkpoints,
 * the live ledger against a checkpoint. Verifying a file needs no database: call
 * {@link ExportVerifier#verify(Path, VerifyOptions)} directly.
 */
public final class AuditService {
    private final DataSource ds;
    private final long sellerId;
    private final Supplier<AuditKeys> keys;

    public AuditService(DataSource ds, long sellerId, Supplier<AuditKeys> keys) {
        this.ds = ds;
        this.sellerId = sellerId;
        this.keys = keys;
    }

    /** The whole ledger, or [from, to); either may be null. Run it off the UI thread; progress comes from this thread. */
    public ExportSummary export(Path out, Instant from, Instant to, AuditProgress progress) {
        return new LedgerExporter(ds, sellerId, keys.get()).export(out, from, to, progress);
    }

    public LiveLedger.CheckpointResult checkpoint(Path out, AuditProgress progress) {
        return new LiveLedger(ds, sellerId).checkpoint(out, keys.get(), progress);
    }

    public VerifyReport checkLive(Path checkpoint, Trust trust, AuditProgress progress) {
        return new LiveLedger(ds, sellerId).check(Checkpoint.read(checkpoint), trust, progress);
    }

    /** This desk's public key, to give to auditors. */
    public String publicKey() {
        return keys.get().publicKeyText();
    }

    public static VerifyReport verify(Path file, VerifyOptions options) {
        return ExportVerifier.verify(file, options);
    }
}
