package dev.stockroom.ui.channels;

import dev.stockroom.app.ChannelKinds;
import dev.stockroom.app.Channels;
import dev.stockroom.app.Services;
import dev.stockroom.demo.SimulatedMarketplaces;
import dev.stockroom.sync.figures.SyncFigures;
import dev.stockroom.ui.LiveState;
import dev.stockroom.ui.TaskRunner;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Channels and sync: each channel's state and queue, what went wrong per listing, the latest
 * attempts and drift; retry, hold and pause; connect a channel with its credentials. Secrets
 * typed here are handed to the desk's secrets file and cleared from this model at once: the
 * screen can say which credentials are saved, never what they are.
 */
public final class ChannelsViewModel {
    private static final int ATTEMPTS = 200;
    private static final String MASK = "\u2022".repeat(8);

    private final Services services;
    private final Channels channels;
    private final TaskRunner tasks;
    private final LiveState live;
    private final ObservableList<ChannelRow> rows = FXCollections.observableArrayList();
    private final ObservableList<SyncFigures.ListingProblem> problems = FXCollections.observableArrayList();
    private final ObservableList<SyncFigures.Attempt> attempts = FXCollections.observableArrayList();
    private final ObservableList<SyncFigures.Drift> drift = FXCollections.observableArrayList();
    private final ObjectProperty<ChannelRow> selected = new SimpleObjectProperty<>();
    private final ObjectProperty<SyncFigures.ListingProblem> selectedProblem = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper workerState = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper workerRunning = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyIntegerWrapper waiting = new ReadOnlyIntegerWrapper();
    private final ReadOnlyIntegerWrapper parked = new ReadOnlyIntegerWrapper();
    private final ReadOnlyIntegerWrapper failuresLastMinute = new ReadOnlyIntegerWrapper();
    private final ReadOnlyIntegerWrapper pushesLastMinute = new ReadOnlyIntegerWrapper();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper messageOk = new ReadOnlyBooleanWrapper(true);
    private final StringBinding holdLabel;
    private final StringBinding sellingLabel;
    private final StringBinding savedCredentials;

    private final StringProperty newCode = new SimpleStringProperty("");
    private final StringProperty newKind = new SimpleStringProperty("");
    private final StringProperty newName = new SimpleStringProperty("");
    private final ObservableList<FormField> fields = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper formProblem = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper connecting = new ReadOnlyBooleanWrapper(false);
    private boolean loading;
    private boolean stale;

    public ChannelsViewModel(Services services, TaskRunner tasks, LiveState live) {
        this.services = services;
        this.channels = services.channels();
        this.tasks = tasks;
        this.live = live;
        this.holdLabel = Bindings.createStringBinding(
                () -> selected.get() != null && selected.get().health().syncPaused() ? "Resume pushes" : "Hold pushes", selected);
        this.sellingLabel = Bindings.createStringBinding(
                () -> selected.get() != null && selected.get().health().sellingPaused() ? "Resume selling" : "Pause selling", selected);
        this.savedCredentials = Bindings.createStringBinding(this::describeCredentials, selected);
        newKind.addListener((o, was, now) -> kindChosen(now));
        newCode.addListener((o, was, now) -> checkForm());
        newName.addListener((o, was, now) -> checkForm());
        checkForm();
        live.onStockChange(ids -> refresh());
        live.onReconnect(this::refresh);
    }

    // ----------------------------------------------------------------- what the screen shows

    public ObservableList<ChannelRow> rows() {
        return rows;
    }

    public ObservableList<SyncFigures.ListingProblem> problems() {
        return problems;
    }

    public ObservableList<SyncFigures.Attempt> attempts() {
        return attempts;
    }

    public ObservableList<SyncFigures.Drift> drift() {
        return drift;
    }

    public ObjectProperty<ChannelRow> selectedProperty() {
        return selected;
    }

    public ObjectProperty<SyncFigures.ListingProblem> selectedProblemProperty() {
        return selectedProblem;
    }

    /** "Sync runs on this desk." or why it does not. */
    public ReadOnlyStringProperty workerStateProperty() {
        return workerState.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty workerRunningProperty() {
        return workerRunning.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty waitingProperty() {
        return waiting.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty parkedProperty() {
        return parked.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty pushesLastMinuteProperty() {
        return pushesLastMinute.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty failuresLastMinuteProperty() {
        return failuresLastMinute.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty messageOkProperty() {
        return messageOk.getReadOnlyProperty();
    }

    public StringBinding holdLabel() {
        return holdLabel;
    }

    public StringBinding sellingLabel() {
        return sellingLabel;
    }

    /** Which credentials this desk holds for the selected channel, masked: names only, never values. */
    public StringBinding savedCredentials() {
        return savedCredentials;
    }

    /** Whether the selected channel is a simulated one (local demo) that the seller may take down and bring back. */
    public boolean selectedIsSimulated() {
        return selected.get() != null && selected.get().simulated();
    }

    // ----------------------------------------------------------------- loading

    private record Loaded(List<ChannelRow> rows, List<SyncFigures.ListingProblem> problems, List<SyncFigures.Attempt> attempts,
                          List<SyncFigures.Drift> drift, Channels.WorkerState worker) {
    }

    /** Reloads the figures off the FX thread; while offline the screen keeps what it shows. */
    public void refresh() {
        if (!live.isOnline()) {
            return;
        }
        if (loading) {
            stale = true;  // one more load after this one, not one per notification
            return;
        }
        loading = true;
        tasks.run(this::load, this::show, e -> {
            loading = false;
            say(false, "Could not load the sync figures: " + e.getMessage());
        });
    }

    private Loaded load() {
        SyncFigures figures = channels.figures();
        Map<String, String> circuits = channels.circuitStates();
        Optional<SimulatedMarketplaces> demo = channels.demoMarketplaces();
        // What the seller must fix first, then what is being retried, then files waiting for an upload.
        List<SyncFigures.ListingProblem> problemList = figures.listingProblems().stream()
                .sorted(java.util.Comparator.comparingInt(p -> p.awaitingUpload() ? 2 : p.parked() ? 0 : 1)).toList();
        List<ChannelRow> list = figures.channels().stream().map(h -> new ChannelRow(h, circuits.getOrDefault(h.channel(), ""),
                demo.map(d -> d.simulates(h.channel())).orElse(false), demo.map(d -> d.isDown(h.channel())).orElse(false),
                channels.credentialNames(h.channel()),
                problemList.stream().filter(p -> p.channel().equals(h.channel()) && p.awaitingUpload()).count())).toList();
        return new Loaded(list, problemList, figures.recentAttempts(null, ATTEMPTS), figures.drift(200), channels.workerState());
    }

    private void show(Loaded l) {
        loading = false;
        String keep = selected.get() == null ? null : selected.get().code();
        if (!rows.equals(l.rows())) {
            rows.setAll(l.rows());
        }
        if (keep != null) {
            selected.set(rows.stream().filter(r -> r.code().equals(keep)).findFirst().orElse(null));
        }
        SyncFigures.ListingProblem keepProblem = selectedProblem.get();
        if (!problems.equals(l.problems())) {
            problems.setAll(l.problems());
        }
        if (keepProblem != null) {
            selectedProblem.set(problems.stream().filter(p -> p.sku().equals(keepProblem.sku()) && p.channel().equals(keepProblem.channel()))
                    .findFirst().orElse(null));
        }
        if (!attempts.equals(l.attempts())) {
            attempts.setAll(l.attempts());
        }
        if (!drift.equals(l.drift())) {
            drift.setAll(l.drift());
        }
        workerState.set(l.worker().sentence());
        workerRunning.set(l.worker().running());
        waiting.set((int) l.rows().stream().mapToLong(r -> r.health().waiting()).sum());
        parked.set((int) l.rows().stream().mapToLong(ChannelRow::stopped).sum());
        pushesLastMinute.set((int) l.rows().stream().mapToLong(r -> r.health().pushesLastMinute()).sum());
        failuresLastMinute.set((int) l.rows().stream().mapToLong(r -> r.health().failuresLastMinute()).sum());
        if (stale) {
            stale = false;
            refresh();
        }
    }

    // ----------------------------------------------------------------- controls

    /** Retry now: the selected channel's parked and waiting listings (every channel's when none is selected). */
    public void retryChannel() {
        String channel = selected.get() == null ? null : selected.get().code();
        change(() -> {
            int n = channels.figures().retryNow(channel, null);
            channels.syncNow();
            String where = channel == null ? "all channels" : channel;
            return n == 0 ? "Nothing waits on " + where + ": it is up to date."
                    : "Retrying " + plural(n, "listing") + " on " + where + " now.";
        });
    }

    /** Retry now: just the listing selected among the errors. */
    public void retryListing() {
        SyncFigures.ListingProblem p = selectedProblem.get();
        if (p == null) {
            say(false, "Select a listing among the errors first, then retry it.");
            return;
        }
        change(() -> {
            int n = channels.figures().retryNow(p.channel(), p.sku());
            channels.syncNow();
            return n == 0 ? p.sku() + " on " + p.channel() + " no longer waits: nothing to retry."
                    : "Retrying " + p.sku() + " on " + p.channel() + " now.";
        });
    }

    /** A file channel's (Meesho) file was uploaded by the seller: its quantities count as shown from now on. */
    public void markUploaded() {
        SyncFigures.ListingProblem p = selectedProblem.get();
        if (p == null || !p.awaitingUpload()) {
            say(false, "Select a listing waiting for upload first, then say its file was uploaded.");
            return;
        }
        String file = p.uploadFile();
        change(() -> {
            int n = channels.confirmUpload(p.channel(), java.nio.file.Path.of(file));
            return "Upload confirmed: " + plural(n, "listing") + " on " + p.channel() + " now count as shown there.";
        });
    }

    /** Holds pushes to the selected channel (it keeps its last quantities), or resumes them. */
    public void toggleHold() {
        ChannelRow r = selectedOrSay("hold or resume its pushes");
        if (r == null) {
            return;
        }
        boolean hold = !r.health().syncPaused();
        change(() -> {
            channels.figures().holdPushes(r.code(), hold);
            channels.syncNow();
            return hold ? "Pushes to " + r.code() + " are held: it keeps showing its last quantities until you resume."
                    : "Pushes to " + r.code() + " resumed: it catches up now.";
        });
    }

    /** Pauses selling on the selected channel (it is shown 0 everywhere), or resumes it. */
    public void toggleSelling() {
        ChannelRow r = selectedOrSay("pause or resume selling there");
        if (r == null) {
            return;
        }
        boolean pause = !r.health().sellingPaused();
        change(() -> {
            channels.figures().stopSelling(r.code(), pause);
            channels.syncNow();
            return pause ? "Selling on " + r.code() + " is paused: it is shown 0 for every SKU."
                    : "Selling on " + r.code() + " resumed: it is shown its allocation again.";
        });
    }

    /** Local demo only: takes the selected simulated channel down, or brings it back. */
    public void toggleSimulatedChannel() {
        ChannelRow r = selected.get();
        Optional<SimulatedMarketplaces> demo = channels.demoMarketplaces();
        if (r == null || !r.simulated() || demo.isEmpty()) {
            say(false, "Only a simulated channel of the local demo can be taken down or brought back.");
            return;
        }
        boolean down = !r.simulatedDown();
        tasks.run(() -> {
            if (down) {
                demo.get().takeDown(r.code());
            } else {
                demo.get().bringBack(r.code());
                channels.syncNow();
            }
            return down ? "The simulated " + r.code() + " is down: pushes fail and back off; nothing is lost."
                    : "The simulated " + r.code() + " is back: retry now (Ctrl+R) to catch up at once.";
        }, text -> {
            say(true, text);
            refresh();
        }, e -> say(false, e.getMessage()));
    }

    private ChannelRow selectedOrSay(String action) {
        ChannelRow r = selected.get();
        if (r == null) {
            say(false, "Select a channel first (arrow keys), then " + action + ".");
        }
        return r;
    }

    private void change(Supplier<String> call) {
        if (!live.isOnline()) {
            say(false, live.offlineRefusal());
            return;
        }
        tasks.run(call, text -> {
            say(true, text);
            refresh();
        }, e -> say(false, "Not changed: " + sentence(e.getMessage())));
    }

    // ----------------------------------------------------------------- connecting a channel

    public List<ChannelKinds.Kind> kinds() {
        return ChannelKinds.all();
    }

    public StringProperty newCodeProperty() {
        return newCode;
    }

    /** The kind's code, e.g. "amazon"; choosing one lays out its fields. */
    public StringProperty newKindProperty() {
        return newKind;
    }

    public StringProperty newNameProperty() {
        return newName;
    }

    /** The chosen kind's settings and secrets, in order. */
    public ObservableList<FormField> fields() {
        return fields;
    }

    /** What is wrong with the form as it is typed; empty when it can be saved. */
    public ReadOnlyStringProperty formProblemProperty() {
        return formProblem.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty connectingProperty() {
        return connecting.getReadOnlyProperty();
    }

    /** Fills the form from a channel to enter new credentials for it (secrets stay blank: blank keeps what is saved). */
    public void editSelected() {
        ChannelRow r = selected.get();
        if (r == null) {
            say(false, "Select a channel first, then enter its credentials again.");
            return;
        }
        newCode.set(r.code());
        newKind.set(r.health().kind());
        newName.set(r.health().name());
        kindChosen(r.health().kind());
    }

    private void kindChosen(String kind) {
        fields.setAll(ChannelKinds.of(kind).map(k -> k.fields().stream().map(FormField::new).toList()).orElse(List.of()));
        fields.forEach(f -> f.valueProperty().addListener((o, was, now) -> checkForm()));
        checkForm();
    }

    private Optional<ChannelRow> existing(String code) {
        return rows.stream().filter(r -> r.code().equals(code)).findFirst();
    }

    private void checkForm() {
        formProblem.set(problemWithForm());
    }

    private String problemWithForm() {
        String code = newCode.get() == null ? "" : newCode.get().strip();
        if (code.isEmpty()) {
            return "Type a short code for the channel, e.g. amazon-in.";
        }
        if (code.length() > 64 || !code.matches("[A-Za-z0-9_-]+")) {
            return "A channel code is 1 to 64 letters, digits, - or _ (no spaces or dots).";
        }
        if (code.equals("desk")) {
            return "\"desk\" is kept for sales taken at the desk; choose another code.";
        }
        Optional<ChannelKinds.Kind> kind = ChannelKinds.of(newKind.get());
        if (kind.isEmpty()) {
            return "Choose the kind of channel.";
        }
        Optional<ChannelRow> existing = existing(code);
        if (existing.isPresent() && !existing.get().health().kind().equals(kind.get().code())) {
            return "Channel " + code + " is a " + existing.get().health().kind() + " channel; give " + kind.get().label()
                    + " a code of its own.";
        }
        Set<String> saved = existing.map(ChannelRow::credentialNames).orElse(Set.of());
        for (FormField f : fields) {
            ChannelKinds.Field d = f.field();
            boolean blank = f.text().isEmpty();
            if (d.required() && blank && (d.secret() ? !saved.contains(d.key()) : existing.isEmpty())) {
                return d.label() + " is needed to connect " + kind.get().label() + ".";
            }
            if (!blank && !d.secret() && Channels.isAddress(d.key()) && !f.text().matches("(?i)https?://\\S+")) {
                return d.label() + " must be a web address starting with https://.";
            }
        }
        return "";
    }

    /**
     * Saves the channel: settings to the database, secrets to this desk's file. The secrets leave
     * this model before anything else happens, so neither a failure nor a later look finds them here.
     */
    public void connect() {
        String problem = problemWithForm();
        if (!problem.isEmpty()) {
            say(false, problem + " Nothing saved.");
            return;
        }
        if (!live.isOnline()) {
            say(false, live.offlineRefusal());
            return;
        }
        String code = newCode.get().strip();
        String kind = newKind.get();
        String name = newName.get() == null || newName.get().isBlank() ? code : newName.get().strip();
        boolean known = existing(code).isPresent();
        Map<String, String> settings = new LinkedHashMap<>();
        Map<String, String> secrets = new LinkedHashMap<>();
        for (FormField f : fields) {
            (f.field().secret() ? secrets : settings).put(f.field().key(), f.text());
            if (f.field().secret()) {
                f.valueProperty().set("");
            }
        }
        connecting.set(true);
        tasks.run(() -> {
            channels.connect(code, kind, name, settings, secrets);
            secrets.clear();
            return channels.credentialNames(code);
        }, names -> {
            connecting.set(false);
            newCode.set("");
            newName.set("");
            newKind.set("");
            say(true, (known ? "Channel " + code + " updated" : "Channel " + code + " connected")
                    + (names.isEmpty() ? "." : "; credentials saved on this desk only (" + String.join(", ", names) + ")."));
            refresh();
        }, e -> {
            secrets.clear();
            connecting.set(false);
            say(false, "Not saved: " + sentence(e.getMessage()) + " Type the credentials again.");
        });
    }

    private String describeCredentials() {
        ChannelRow r = selected.get();
        if (r == null) {
            return "";
        }
        if (r.credentialNames().isEmpty()) {
            return "No credentials for " + r.code() + " on this desk.";
        }
        String held = String.join(", ", r.credentialNames().stream().map(n -> n + " " + MASK).toList());
        return (r.simulated() ? "Simulated keys (in memory): " : "Saved on this desk: ") + held;
    }

    // ----------------------------------------------------------------- words

    private void say(boolean ok, String text) {
        messageOk.set(ok);
        message.set(text);
    }

    private static String plural(long n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    private static String sentence(String s) {
        String t = s == null || s.isBlank() ? "the database refused it" : s.strip();
        return t.endsWith(".") ? t : t + ".";
    }
}
