package dev.stockroom.ui.connect;

import dev.stockroom.app.Services;
import dev.stockroom.db.ConnectionProfile;
import dev.stockroom.db.ConnectionProfiles;
import dev.stockroom.db.DatabaseSettings;
import dev.stockroom.ui.TaskRunner;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The start screen: pick a saved connection or fill one in, or open the local demo. The
 * password is typed for this run only (or read by the driver from ~/.pgpass); profiles never
 * hold one. Every way a connection can fail comes back as a sentence.
 */
public final class ConnectViewModel {
    private final ConnectionProfiles store;
    private final Function<DatabaseSettings, Services> connector;
    private final TaskRunner tasks;
    private final ObservableList<ConnectionProfile> profiles = FXCollections.observableArrayList();
    private final StringProperty name = new SimpleStringProperty("");
    private final StringProperty host = new SimpleStringProperty("localhost");
    private final StringProperty port = new SimpleStringProperty("5432");
    private final StringProperty database = new SimpleStringProperty("stockroom");
    private final StringProperty user = new SimpleStringProperty(System.getProperty("user.name", ""));
    private final StringProperty tlsMode = new SimpleStringProperty("prefer");
    private final StringProperty seller = new SimpleStringProperty("1");
    private final StringProperty password = new SimpleStringProperty("");
    private final StringBinding formProblem;
    private final ReadOnlyBooleanWrapper connecting = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper progress = new ReadOnlyStringWrapper("");
    private Consumer<Services> onConnected = s -> { };
    private Runnable onAuditFiles = () -> { };

    public ConnectViewModel(ConnectionProfiles store, Function<DatabaseSettings, Services> connector, TaskRunner tasks) {
        this.store = store;
        this.connector = connector;
        this.tasks = tasks;
        this.formProblem = Bindings.createStringBinding(this::check, host, port, database, user, tlsMode, seller);
        try {
            profiles.setAll(store.load());
        } catch (RuntimeException e) {
            message.set(e.getMessage());
        }
    }

    public void onConnected(Consumer<Services> action) {
        this.onConnected = action;
    }

    /** Called when the person chooses to verify audit files with no database. */
    public void onAuditFiles(Runnable action) {
        this.onAuditFiles = action;
    }

    /** Opens the console with no database, to verify ledger exports (an auditor with only a file). */
    public void openAuditFiles() {
        if (!connecting.get()) {
            onAuditFiles.run();
        }
    }

    public ObservableList<ConnectionProfile> profiles() {
        return profiles;
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty hostProperty() {
        return host;
    }

    public StringProperty portProperty() {
        return port;
    }

    public StringProperty databaseProperty() {
        return database;
    }

    public StringProperty userProperty() {
        return user;
    }

    public StringProperty tlsModeProperty() {
        return tlsMode;
    }

    public StringProperty sellerProperty() {
        return seller;
    }

    /** Typed for this run only; never saved. Blank: the driver reads ~/.pgpass. */
    public StringProperty passwordProperty() {
        return password;
    }

    public StringBinding formProblem() {
        return formProblem;
    }

    public ReadOnlyBooleanProperty connectingProperty() {
        return connecting.getReadOnlyProperty();
    }

    /** Why the last attempt failed, as a sentence; empty otherwise. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** Fills the form from a saved profile. */
    public void use(ConnectionProfile p) {
        if (p == null) {
            return;
        }
        name.set(p.name());
        host.set(p.host());
        port.set(Integer.toString(p.port()));
        database.set(p.database());
        user.set(p.user());
        tlsMode.set(p.tlsMode());
        seller.set(Long.toString(p.sellerId()));
        password.set("");
        message.set("");
    }

    /** The profile the form describes, or empty when the form has a problem. */
    public Optional<ConnectionProfile> profile() {
        if (!check().isEmpty()) {
            return Optional.empty();
        }
        String n = name.get() == null || name.get().isBlank() ? user.get().trim() + "@" + host.get().trim() : name.get().trim();
        return Optional.of(new ConnectionProfile(n, host.get().trim(), Integer.parseInt(port.get().trim()), database.get().trim(),
                user.get().trim(), tlsMode.get(), Long.parseLong(seller.get().trim())));
    }

    public void saveProfile() {
        Optional<ConnectionProfile> p = profile();
        if (p.isEmpty()) {
            message.set(check() + " Not saved.");
            return;
        }
        try {
            profiles.setAll(store.save(p.get()));
            name.set(p.get().name());
            message.set("");
            progress.set("Saved \"" + p.get().name() + "\" in " + store.file() + " (without the password).");
        } catch (RuntimeException e) {
            message.set(e.getMessage());
        }
    }

    public void deleteProfile(ConnectionProfile p) {
        if (p == null) {
            return;
        }
        try {
            profiles.setAll(store.delete(p.name()));
        } catch (RuntimeException e) {
            message.set(e.getMessage());
        }
    }

    /** Opens the connection in the form. */
    public void connect() {
        Optional<ConnectionProfile> p = profile();
        if (p.isEmpty()) {
            message.set(check());
            return;
        }
        char[] typed = password.get() == null || password.get().isEmpty() ? null : password.get().toCharArray();
        open(p.get().settings(typed), "Connecting to " + p.get().describe() + "...");
    }

    /** Opens the embedded database on this computer, with demo data on first use. */
    public void connectDemo() {
        open(new DatabaseSettings(Optional.empty(), Optional.empty(), Optional.empty(), 1L),
                "Starting the local demo database (the first start takes a few seconds)...");
    }

    /** Opens settings given on the command line or in the environment. */
    public void connectWith(DatabaseSettings settings) {
        open(settings, settings.embedded() ? "Starting the local database..." : "Connecting to " + settings.url().orElse("") + "...");
    }

    private void open(DatabaseSettings settings, String what) {
        if (connecting.get()) {
            return;
        }
        connecting.set(true);
        message.set("");
        progress.set(what);
        tasks.run(() -> connector.apply(settings), services -> {
            connecting.set(false);
            password.set("");
            progress.set("");
            onConnected.accept(services);
        }, e -> {
            connecting.set(false);
            progress.set("");
            message.set(e.getMessage());
        });
    }

    private String check() {
        if (host.get() == null || host.get().isBlank()) {
            return "Type the server's name or address.";
        }
        if (host.get().trim().contains(" ") || host.get().contains("/")) {
            return "\"" + host.get().trim() + "\" is not a server name.";
        }
        try {
            int p = Integer.parseInt(port.get().trim());
            if (p < 1 || p > 65_535) {
                return "The port must be between 1 and 65535.";
            }
        } catch (NumberFormatException | NullPointerException e) {
            return "The port must be a number (PostgreSQL's is usually 5432).";
        }
        if (database.get() == null || database.get().isBlank()) {
            return "Type the database's name.";
        }
        if (user.get() == null || user.get().isBlank()) {
            return "Type your database login.";
        }
        if (!ConnectionProfile.TLS_MODES.contains(tlsMode.get())) {
            return "Choose a TLS mode.";
        }
        try {
            if (Long.parseLong(seller.get().trim()) < 1) {
                return "The seller number starts at 1.";
            }
        } catch (NumberFormatException | NullPointerException e) {
            return "The seller must be a number (ask your administrator; the first seller is 1).";
        }
        return "";
    }
}
