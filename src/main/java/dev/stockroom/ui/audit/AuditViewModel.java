package dev.stockroom.ui.audit;

import dev.stockroom.app.Services;
import dev.stockroom.audit.Anomalies;
import dev.stockroom.audit.AuditKeys;
import dev.stockroom.audit.AuditService;
import dev.stockroom.audit.Checkpoint;
import dev.stockroom.audit.Finding;
import dev.stockroom.audit.LiveLedger;
import dev.stockroom.audit.Manifest;
import dev.stockroom.audit.StockReplay;
import dev.stockroom.audit.Trust;
import dev.stockroom.audit.VerifyOptions;
import dev.stockroom.audit.VerifyReport;
import dev.stockroom.ledger.StockAt;
import dev.stockroom.ui.LiveState;
import dev.stockroom.ui.TaskRunner;
import dev.stockroom.ui.ledger.Moments;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The auditor's screen: open a ledger export, verify it with no database (signature, every
 * chain and balance, optionally against a trusted key and an earlier checkpoint), say the
 * verdict and the first broken place in words, rebuild stock as of a moment from the file
 * alone, and list anomalies. Over a database it also saves checkpoints and holds the live
 * ledger to one. The same model serves the console with and without a database.
 */
public final class AuditViewModel {
    public enum Verdict { NONE, CHECKING, PASSED, FAILED, UNUSABLE }

    private static final int PROBLEMS_SHOWN = 200;

    private final TaskRunner tasks;
    private final Supplier<AuditKeys> myKeys;
    private final AuditService database;
    private final LiveState live;
    private final Clock clock;

    private final StringProperty file = new SimpleStringProperty("");
    private final StringProperty trustedKey = new SimpleStringProperty("");
    private final StringProperty checkpointFile = new SimpleStringProperty("");
    private final StringProperty asOf = new SimpleStringProperty("");
    private final StringBinding trustProblem;
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Verdict> verdict = new ReadOnlyObjectWrapper<>(Verdict.NONE);
    private final ReadOnlyStringWrapper verdictTitle = new ReadOnlyStringWrapper("Open a ledger export to verify it");
    private final ReadOnlyStringWrapper place = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper verdictDetail = new ReadOnlyStringWrapper(
            "Drop a .zip export here, or choose one above (Ctrl+O). No database is needed.");
    private final ReadOnlyStringWrapper facts = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper signer = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper problemsTitle = new ReadOnlyStringWrapper("Problems");
    private final ObservableList<String> problems = FXCollections.observableArrayList();
    private final ObservableList<String> notes = FXCollections.observableArrayList();
    private final ObservableList<Anomalies.Group> anomalies = FXCollections.observableArrayList();
    private final ObservableList<StockAt> asOfRows = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper asOfMessage = new ReadOnlyStringWrapper("Verify a file, then type a moment and press Enter.");
    private final ReadOnlyStringWrapper myKey = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper myFingerprint = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper databaseMessage = new ReadOnlyStringWrapper("");
    private Path verifiedFile;
    private VerifyOptions verifiedOptions;
    private ProgressRelay relay;

    /**
     * @param database the open database's audit, or null when the console runs with no database
     * @param live     the connection's state, or null with no database
     */
    public AuditViewModel(TaskRunner tasks, Supplier<AuditKeys> myKeys, AuditService database, LiveState live, Clock clock) {
        this.tasks = tasks;
        this.myKeys = myKeys;
        this.database = database;
        this.live = live;
        this.clock = clock;
        this.trustProblem = Bindings.createStringBinding(() -> {
            try {
                trust(trustedKey.get());
                return "";
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        }, trustedKey);
        if (database == null) {
            databaseMessage.set("No database is open: checkpoints are saved and checked from a console connected to the seller's database.");
        }
        tasks.run(myKeys::get, keys -> {
            myKey.set(keys.publicKeyText());
            myFingerprint.set(AuditKeys.fingerprint(keys.publicKey()));
        }, e -> myFingerprint.set("Your audit key could not be read: " + e.getMessage()));
    }

    /** The console over a database: verify files, and checkpoint the live ledger with this user's key. */
    public static AuditViewModel connected(Services services, TaskRunner tasks, LiveState live) {
        return new AuditViewModel(tasks, AuditKeys::mine, services.audit(), live, Clock.systemDefaultZone());
    }

    /** The console with no database, for an auditor with only a file. */
    public static AuditViewModel noDatabase(TaskRunner tasks) {
        return new AuditViewModel(tasks, AuditKeys::mine, null, null, Clock.systemDefaultZone());
    }

    // ------------------------------------------------------------------ properties

    public StringProperty fileProperty() {
        return file;
    }

    /** The seller's public key (ed25519:...) or a file holding it; blank: no key to hold the signer to. */
    public StringProperty trustedKeyProperty() {
        return trustedKey;
    }

    /** What is wrong with the trusted key as typed; empty when it is usable (or blank). */
    public StringBinding trustProblem() {
        return trustProblem;
    }

    /** An earlier checkpoint file the export must pass through; blank: none. */
    public StringProperty checkpointFileProperty() {
        return checkpointFile;
    }

    public StringProperty asOfProperty() {
        return asOf;
    }

    /** Why the last request was refused (bad input); empty otherwise. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** 0 to 1 while busy. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty progressTextProperty() {
        return progressText.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Verdict> verdictProperty() {
        return verdict.getReadOnlyProperty();
    }

    /** "PASSED", "FAILED: ..." or "CANNOT VERIFY", large. */
    public ReadOnlyStringProperty verdictTitleProperty() {
        return verdictTitle.getReadOnlyProperty();
    }

    /** The first broken place: "SKU MUG seq 14, ledger.csv row 37"; empty when nothing is broken. */
    public ReadOnlyStringProperty placeProperty() {
        return place.getReadOnlyProperty();
    }

    /** What is wrong there (or what passed), in a sentence. */
    public ReadOnlyStringProperty verdictDetailProperty() {
        return verdictDetail.getReadOnlyProperty();
    }

    /** Whose ledger, which range, exported when and by whom. */
    public ReadOnlyStringProperty factsProperty() {
        return facts.getReadOnlyProperty();
    }

    /** Who signed it (fingerprint) and whether that is a key the auditor trusts. */
    public ReadOnlyStringProperty signerProperty() {
        return signer.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty problemsTitleProperty() {
        return problemsTitle.getReadOnlyProperty();
    }

    public ObservableList<String> problems() {
        return problems;
    }

    public ObservableList<String> notes() {
        return notes;
    }

    public ObservableList<Anomalies.Group> anomalies() {
        return anomalies;
    }

    public ObservableList<StockAt> asOfRows() {
        return asOfRows;
    }

    public ReadOnlyStringProperty asOfMessageProperty() {
        return asOfMessage.getReadOnlyProperty();
    }

    /** This user's public key (ed25519:...), to give to auditors. */
    public ReadOnlyStringProperty myKeyProperty() {
        return myKey.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty myFingerprintProperty() {
        return myFingerprint.getReadOnlyProperty();
    }

    /** Checkpoint and live-check results (or why they are not available). */
    public ReadOnlyStringProperty databaseMessageProperty() {
        return databaseMessage.getReadOnlyProperty();
    }

    /** Whether a database is open (checkpoints and the live check need one). */
    public boolean hasDatabase() {
        return database != null;
    }

    public ZoneId zone() {
        return clock.getZone();
    }

    // ------------------------------------------------------------------ commands

    /** Opens a file (chosen or dropped) and verifies it. */
    public void open(Path path) {
        if (busy.get()) {
            return;
        }
        file.set(path == null ? "" : path.toString());
        verify();
    }

    /** Verifies the file named in the field, with the trusted key and checkpoint given. */
    public void verify() {
        if (busy.get()) {
            return;
        }
        Path path;
        VerifyOptions options;
        try {
            path = existingFile(file.get(), "choose an export file (.zip) to verify.", "export");
            options = VerifyOptions.defaults().trust(trust(trustedKey.get()));
            if (checkpointFile.get() != null && !checkpointFile.get().isBlank()) {
                options = options.checkpoint(Checkpoint.read(existingFile(checkpointFile.get(), "", "checkpoint")));
            }
        } catch (RuntimeException e) {
            message.set("Not verified: " + e.getMessage());
            return;
        }
        message.set("");
        ProgressRelay r = start("Verifying " + path.getFileName() + "...");
        verdict.set(Verdict.CHECKING);
        verdictTitle.set("Checking...");
        place.set("");
        verdictDetail.set("Recomputing every hash chain and balance in " + path.getFileName() + ".");
        VerifyOptions chosen = options;
        tasks.run(() -> Anomalies.find(path, Anomalies.Rules.defaults(), chosen.progress(r)), result -> {
            finish();
            showFile(path, chosen, result.report(), result.groups());
        }, e -> {
            finish();
            if (ProgressRelay.isCancellation(e)) {
                clearVerdict("Verification cancelled", "Nothing was concluded about " + path.getFileName() + ".");
            } else {
                clearVerdict("CANNOT VERIFY", e.getMessage());
                verdict.set(Verdict.UNUSABLE);
            }
        });
    }

    /** Stops the verification or check under way. */
    public void cancel() {
        if (relay != null && busy.get()) {
            relay.cancel();
            progressText.set("Cancelling...");
        }
    }

    /** Every SKU's stock at the moment typed in the "as of" field, from the verified file alone. */
    public void showAsOf() {
        Instant at;
        try {
            at = Moments.parse(asOf.get(), clock.getZone(), LocalDate.now(clock));
        } catch (IllegalArgumentException e) {
            asOfMessage.set(e.getMessage());
            return;
        }
        if (at == null) {
            asOfMessage.set("Type a moment (" + Moments.FORMAT_HINT + "), then Enter.");
            return;
        }
        replayAt(at);
    }

    /** Every SKU's stock at {@code at}, rebuilt from the verified file's rows. */
    public void replayAt(Instant at) {
        if (verifiedFile == null) {
            asOfMessage.set("Open and verify an export first: stock is rebuilt from its rows.");
            return;
        }
        if (busy.get()) {
            return;
        }
        Path path = verifiedFile;
        VerifyOptions options = verifiedOptions;
        ProgressRelay r = start("Rebuilding stock at " + Moments.show(at, clock.getZone()) + "...");
        tasks.run(() -> StockReplay.replay(path, List.of(at), options.progress(r)), result -> {
            finish();
            VerifyReport report = result.report();
            if (report.outcome() == VerifyReport.Outcome.UNUSABLE) {
                asOfRows.clear();
                asOfMessage.set("The file can no longer be read: " + report.unusableReason());
                return;
            }
            asOfRows.setAll(result.at(at));
            StringBuilder m = new StringBuilder("Stock as it was at " + Moments.show(at, clock.getZone()) + " ("
                    + asOfRows.size() + " SKUs), from the file alone.");
            if (StockReplay.pastEnd(report.manifest(), at)) {
                m.append(" The file ends at ").append(Moments.show(report.manifest().rangeTo(), clock.getZone()))
                        .append(": changes after that are not in it.");
            }
            if (!report.passed()) {
                m.insert(0, "WARNING: this file does not verify, so these numbers may be wrong. ");
            }
            asOfMessage.set(m.toString());
        }, e -> {
            finish();
            asOfMessage.set(ProgressRelay.isCancellation(e) ? "Cancelled." : e.getMessage());
        });
    }

    /** Recomputes the live ledger and, when it verifies, saves a signed checkpoint of every SKU's head to {@code out}. */
    public void saveCheckpoint(Path out) {
        if (!databaseReady("Not saved") || busy.get()) {
            return;
        }
        if (out == null) {
            databaseMessage.set("Choose where to save the checkpoint.");
            return;
        }
        ProgressRelay r = start("Recomputing the live ledger for a checkpoint...");
        tasks.run(() -> database.checkpoint(out, r), (LiveLedger.CheckpointResult result) -> {
            finish();
            if (!result.written()) {
                databaseMessage.set("No checkpoint saved: the live ledger does not verify, and a checkpoint would certify it. "
                        + result.check().headline());
                return;
            }
            checkpointFile.set(result.file().toAbsolutePath().toString());
            databaseMessage.set("Checkpoint saved to " + result.file().toAbsolutePath() + ": " + result.checkpoint().heads().size()
                    + " SKUs at " + Moments.show(result.checkpoint().takenAt(), clock.getZone()) + ", " + result.check().rows()
                    + " ledger rows recomputed. Keep it away from the database (give it to the auditor, or mail it to yourself).");
        }, e -> {
            finish();
            databaseMessage.set(ProgressRelay.isCancellation(e) ? "Cancelled: no checkpoint was saved." : "No checkpoint saved: " + e.getMessage());
        });
    }

    /** Holds the live database to the checkpoint in the checkpoint field; the verdict shows as for a file. */
    public void checkLive() {
        if (!databaseReady("Not checked") || busy.get()) {
            return;
        }
        Path cpFile;
        Checkpoint cp;
        Trust trust;
        try {
            cpFile = existingFile(checkpointFile.get(), "choose a checkpoint file to hold the live database to.", "checkpoint");
            cp = Checkpoint.read(cpFile);
            trust = trust(trustedKey.get());
        } catch (RuntimeException e) {
            databaseMessage.set("Not checked: " + e.getMessage());
            return;
        }
        String checkpointName = cpFile.getFileName().toString();
        ProgressRelay r = start("Recomputing the live ledger against " + checkpointName + "...");
        verdict.set(Verdict.CHECKING);
        verdictTitle.set("Checking...");
        place.set("");
        verdictDetail.set("Recomputing the live ledger's chains against the checkpoint.");
        tasks.run(() -> database.checkLive(cpFile, trust, r), report -> {
            finish();
            verifiedFile = null;
            anomalies.clear();
            asOfRows.clear();
            asOfMessage.set("Stock as of a moment is rebuilt from an export file; open one to use it.");
            showReport(report);
            facts.set("The live database (" + report.source() + ") against checkpoint " + checkpointName + " taken "
                    + Moments.show(cp.takenAt(), clock.getZone()) + " by " + cp.takenBy() + ".");
            signer.set("Checkpoint signed by key " + AuditKeys.fingerprint(cp.signerKey()) + trustWords(trust, cp.signerKey()));
            databaseMessage.set(report.passed() ? "The live ledger passes through every head of the checkpoint: nothing before it was rewritten."
                    : "The live ledger does NOT agree with the checkpoint: see the verdict above.");
        }, e -> {
            finish();
            clearVerdict(ProgressRelay.isCancellation(e) ? "Check cancelled" : "CANNOT CHECK", e.getMessage());
        });
    }

    // ------------------------------------------------------------------ showing results

    private void showFile(Path path, VerifyOptions options, VerifyReport r, List<Anomalies.Group> groups) {
        Manifest m = r.manifest();
        if (m == null) {
            verifiedFile = null;
            facts.set(path.toString());
            signer.set("");
            anomalies.clear();
            asOfRows.clear();
        } else {
            showManifest(path, options, r, groups);
        }
        showReport(r);   // the verdict last: whoever waits for it finds the signer and facts already there
    }

    private void showManifest(Path path, VerifyOptions options, VerifyReport r, List<Anomalies.Group> groups) {
        Manifest m = r.manifest();
        verifiedFile = path;
        verifiedOptions = options;
        ZoneId zone = clock.getZone();
        facts.set("Seller " + m.sellerId() + " \"" + m.sellerName() + "\", ledger from "
                + (m.rangeFrom() == null ? "the beginning" : Moments.show(m.rangeFrom(), zone)) + " to " + Moments.show(m.rangeTo(), zone)
                + "; exported " + Moments.show(m.exportedAt(), zone) + " by " + m.exportedBy() + ". " + r.rows() + " ledger rows, "
                + r.skus() + " SKUs. File: " + path);
        signer.set("Signed by key " + AuditKeys.fingerprint(m.signerKey()) + trustWords(options.trust(), m.signerKey()));
        anomalies.setAll(groups);
        asOfRows.clear();
        if (asOf.get() == null || asOf.get().isBlank()) {
            asOf.set(Moments.show(m.rangeTo(), zone));
        }
        asOfMessage.set("Type a moment and press Enter: stock is rebuilt from this file's rows (the file ends at "
                + Moments.show(m.rangeTo(), zone) + ").");
    }

    private void showReport(VerifyReport r) {
        notes.setAll(r.notes().stream().map(AuditViewModel::consoleWords).toList());
        problems.setAll(r.findings().stream().limit(PROBLEMS_SHOWN).map(f -> consoleWords(f.toString())).toList());
        problemsTitle.set(r.findingCount() == 0 ? "Problems (none)" : "Problems (" + r.findingCount()
                + (r.findingCount() > problems.size() ? ", the first " + problems.size() + " listed" : "") + ")");
        Verdict v;
        String title;
        String where = "";
        String detail;
        switch (r.outcome()) {
            case PASSED -> {
                v = Verdict.PASSED;
                title = "PASSED";
                detail = r.rows() + " ledger rows over " + r.skus() + " SKUs recomputed: every hash chain and balance agrees"
                        + (r.manifest() != null ? ", the reservation totals and file digests match, and the signature is valid." : ".");
            }
            case FAILED -> {
                v = Verdict.FAILED;
                Finding f = r.firstProblem().orElse(null);
                title = f == null ? "FAILED"
                        : f.kind() == Finding.Kind.SIGNATURE ? "FAILED: the signature does not hold up"
                        : f.kind() == Finding.Kind.CHECKPOINT ? "FAILED: history before the checkpoint was rewritten"
                        : "FAILED: this history was changed";
                where = f == null ? "" : place(f);
                detail = f == null ? verdictDetail.get() : capitalized(consoleWords(f.what())) + ".";
            }
            case UNUSABLE -> {
                v = Verdict.UNUSABLE;
                title = "CANNOT VERIFY";
                detail = r.unusableReason();
            }
            default -> throw new IllegalStateException(r.outcome().toString());
        }
        place.set(where);
        verdictDetail.set(detail);
        verdict.set(v);
        verdictTitle.set(title);   // last: whoever waits for the title finds the rest in place
    }

    /** Where a finding is: "SKU X, seq N, ledger.csv row R". */
    private static String place(Finding f) {
        StringBuilder where = new StringBuilder();
        if (f.sku() != null) {
            where.append("SKU ").append(f.sku());
            if (f.seq() > 0) {
                where.append(", seq ").append(f.seq());
            }
        }
        if (f.where() != null) {
            where.append(where.length() > 0 ? ", " : "").append(f.where());
        }
        return where.toString();
    }

    private void clearVerdict(String title, String detail) {
        verdict.set(Verdict.NONE);
        verdictTitle.set(title);
        place.set("");
        verdictDetail.set(detail);
        facts.set("");
        signer.set("");
        problems.clear();
        notes.clear();
        anomalies.clear();
        verifiedFile = null;
    }

    private static String trustWords(Trust trust, java.security.PublicKey key) {
        if (!trust.anchored()) {
            return ": not compared with a trusted key. Ask the seller for their fingerprint, or paste their public key under Trusted key.";
        }
        return trust.trusts(key) ? ": the key you trust." : ": NOT the key you trust.";
    }

    // ------------------------------------------------------------------ helpers

    private ProgressRelay start(String what) {
        ProgressRelay r = new ProgressRelay(tasks.foreground(), progress::set);
        relay = r;
        busy.set(true);
        progress.set(-1);
        progressText.set(what);
        return r;
    }

    private void finish() {
        busy.set(false);
        progress.set(0);
        progressText.set("");
    }

    private boolean databaseReady(String refused) {
        if (database == null) {
            databaseMessage.set(refused + ": no database is open. Connect to the seller's database to save or check checkpoints.");
            return false;
        }
        if (live != null && !live.isOnline()) {
            databaseMessage.set(refused + ": the database is offline. Try again when the banner is gone.");
            return false;
        }
        return true;
    }

    /** The trusted key as typed: a key, a file holding one, or blank for none. */
    static Trust trust(String text) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) {
            return Trust.none();
        }
        if (t.startsWith("ed25519:")) {
            return Trust.of(AuditKeys.parsePublicKey(t));
        }
        boolean isFile;
        try {
            isFile = java.nio.file.Files.isRegularFile(Path.of(t));
        } catch (java.nio.file.InvalidPathException e) {
            isFile = false;
        }
        if (!isFile) {
            throw new IllegalArgumentException("\"" + (t.length() > 40 ? t.substring(0, 37) + "..." : t)
                    + "\" is not a public key (they look like ed25519:...) nor a file holding one.");
        }
        try {
            return Trust.parse(List.of(t));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replace("--trust ", ""));
        }
    }

    private static Path existingFile(String text, String whenBlank, String what) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) {
            throw new IllegalArgumentException(whenBlank);
        }
        Path p;
        try {
            p = Path.of(t);
        } catch (java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException("\"" + t + "\" is not a file name.");
        }
        if (java.nio.file.Files.isDirectory(p)) {
            throw new IllegalArgumentException(p + " is a folder; choose the " + what + " file inside it.");
        }
        if (!java.nio.file.Files.isRegularFile(p)) {
            throw new IllegalArgumentException("there is no " + what + " file at " + p + ".");
        }
        return p;
    }

    /** The verifier speaks to the command line; on screen the trusted key is a field, not an option. */
    private static String consoleWords(String s) {
        return s.replace("(stockroom audit key), or pass --trust", "(Keys tab of their console, or stockroom audit key), or paste it under Trusted key")
                .replace("(--trust)", "(Trusted key)")
                .replace("--trust", "Trusted key");
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
