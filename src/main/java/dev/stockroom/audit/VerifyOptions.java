package dev.stockroom.audit;

import java.util.ArrayList;
import java.util.List;

/** How to verify: whom to trust, an earlier checkpoint to hold the file to, who else reads the rows, progress. */
public record VerifyOptions(Trust trust, Checkpoint checkpoint, List<LedgerListener> listeners, AuditProgress progress) {
    public static VerifyOptions defaults() {
        return new VerifyOptions(Trust.none(), null, List.of(), AuditProgress.NONE);
    }

    public VerifyOptions trust(Trust t) {
        return new VerifyOptions(t, checkpoint, listeners, progress);
    }

    public VerifyOptions checkpoint(Checkpoint cp) {
        return new VerifyOptions(trust, cp, listeners, progress);
    }

    public VerifyOptions listener(LedgerListener l) {
        List<LedgerListener> all = new ArrayList<>(listeners);
        all.add(l);
        return new VerifyOptions(trust, checkpoint, List.copyOf(all), progress);
    }

    public VerifyOptions progress(AuditProgress p) {
        return new VerifyOptions(trust, checkpoint, listeners, p);
    }
}
