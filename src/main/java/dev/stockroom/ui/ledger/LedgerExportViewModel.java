package dev.stockroom.ui.ledger;

import dev.stockroom.audit.AuditService;
import dev.stockroom.audit.ExportSummary;
import dev.stockroom.ui.LiveState;
import dev.stockroom.ui.TaskRunner;
import dev.stockroom.ui.audit.ProgressRelay;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * "Export for audit": the ledger (or the time range typed in the ledger's filter) to one
 * signed file an auditor can verify with no database, with progress and a cancel.
 */
public final class LedgerExportViewModel {
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Supplier<AuditService> audit;
    private final TaskRunner tasks;
    private final LiveState live;
    private final ZoneId zone;
    private final ReadOnlyBooleanWrapper exporting = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper failed = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper signerKey = new ReadOnlyStringWrapper("");
    private ProgressRelay relay;

    public LedgerExportViewModel(Supplier<AuditService> audit, TaskRunner tasks, LiveState live, ZoneId zone) {
        this.audit = audit;
        this.tasks = tasks;
        this.live = live;
        this.zone = zone;
    }

    public ReadOnlyBooleanProperty exportingProperty() {
        return exporting.getReadOnlyProperty();
    }

    /** 0 to 1 while exporting. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** Where the file went and who signed it, or why there is none. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty failedProperty() {
        return failed.getReadOnlyProperty();
    }

    /** The public key the last export was signed with (ed25519:...), to hand to the auditor. */
    public ReadOnlyStringProperty signerKeyProperty() {
        return signerKey.getReadOnlyProperty();
    }

    /** A file name that says whose ledger and when: stockroom-ledger-20261125-140512.zip. */
    public String suggestedFileName() {
        return "stockroom-ledger-" + FILE_TIME.format(LocalDateTime.now(zone)) + ".zip";
    }

    /**
     * Exports to {@code file}: [from, to) when given (either may be null), else the whole ledger.
     * Refused with a sentence while offline or while another export runs.
     */
    public void export(Path file, Instant from, Instant to) {
        if (exporting.get()) {
            return;
        }
        if (file == null) {
            refuse("Choose where to save the export.");
            return;
        }
        if (from != null && to != null && !from.isBefore(to)) {
            refuse("Not exported: \"from\" must be before \"to\".");
            return;
        }
        if (!live.isOnline()) {
            refuse(live.offlineRefusal().replace("Not saved", "Not exported"));
            return;
        }
        Path target = file.getFileName().toString().contains(".") ? file : file.resolveSibling(file.getFileName() + ".zip");
        ProgressRelay r = new ProgressRelay(tasks.foreground(), progress::set);
        relay = r;
        exporting.set(true);
        failed.set(false);
        progress.set(0);
        message.set("Exporting " + range(from, to) + " to " + target + "...");
        tasks.run(() -> audit.get().export(target, from, to, r), s -> {
            exporting.set(false);
            progress.set(1);
            signerKey.set(s.signerKey());
            message.set(done(s, from, to));
        }, e -> {
            exporting.set(false);
            refuse(ProgressRelay.isCancellation(e) ? "Export cancelled: no file was written." : "Not exported: " + e.getMessage());
        });
    }

    /** Stops the export under way; its partial file is removed. */
    public void cancel() {
        if (relay != null && exporting.get()) {
            relay.cancel();
            message.set("Cancelling...");
        }
    }

    private String done(ExportSummary s, Instant from, Instant to) {
        return "Exported " + range(from, to) + ": " + s.rows() + " ledger rows, " + s.skus() + " SKUs, " + s.reservations()
                + " reservations to " + s.file().toAbsolutePath() + " (" + s.bytes() / 1024 + " KB). Signed by your key, fingerprint "
                + s.fingerprint() + ": give the auditor the file and your public key.";
    }

    private String range(Instant from, Instant to) {
        if (from == null && to == null) {
            return "the whole ledger";
        }
        return "the ledger from " + (from == null ? "the beginning" : Moments.show(from, zone)) + " to "
                + (to == null ? "now" : Moments.show(to, zone));
    }

    void refuse(String why) {
        failed.set(true);
        message.set(why);
    }
}
