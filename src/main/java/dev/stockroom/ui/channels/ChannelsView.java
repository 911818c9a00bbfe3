package dev.stockroom.ui.channels;

import dev.stockroom.app.ChannelKinds;
import dev.stockroom.sync.figures.SyncFigures;
import dev.stockroom.ui.Fxml;
import dev.stockroom.ui.ScreenView;
import dev.stockroom.ui.Styles;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.function.Function;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.kordamp.ikonli.javafx.FontIcon;

/** Thin controller for ChannelsView.fxml; refreshes its figures every two seconds while on screen. */
public final class ChannelsView implements ScreenView {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final int FIXED_FORM_ROWS = 3;

    private final ChannelsViewModel model;
    private final Parent root;
    private final Timeline ticker;

    @FXML private FontIcon workerIcon;
    @FXML private Label workerState;
    @FXML private Label waiting;
    @FXML private Label parked;
    @FXML private VBox parkedTile;
    @FXML private Label pushes;
    @FXML private Label failures;
    @FXML private VBox failuresTile;
    @FXML private Button retry;
    @FXML private Button hold;
    @FXML private Button selling;
    @FXML private Button edit;
    @FXML private Button simulated;
    @FXML private Label savedCredentials;
    @FXML private Label message;
    @FXML private TableView<ChannelRow> table;
    @FXML private TableColumn<ChannelRow, String> channelColumn;
    @FXML private TableColumn<ChannelRow, String> kindColumn;
    @FXML private TableColumn<ChannelRow, String> stateColumn;
    @FXML private TableColumn<ChannelRow, String> waitingColumn;
    @FXML private TableColumn<ChannelRow, String> parkedColumn;
    @FXML private TableColumn<ChannelRow, String> oldestColumn;
    @FXML private TableColumn<ChannelRow, String> pushesColumn;
    @FXML private TableColumn<ChannelRow, String> failuresColumn;
    @FXML private TableColumn<ChannelRow, String> lastErrorColumn;
    @FXML private TabPane tabs;
    @FXML private Tab problemsTab;
    @FXML private Tab attemptsTab;
    @FXML private Tab driftTab;
    @FXML private Tab connectTab;
    @FXML private TableView<SyncFigures.ListingProblem> problemsTable;
    @FXML private TableColumn<SyncFigures.ListingProblem, String> problemSkuColumn;
    @FXML private TableColumn<SyncFigures.ListingProblem, String> problemChannelColumn;
    @FXML private TableColumn<SyncFigures.ListingProblem, String> problemErrorColumn;
    @FXML private TableColumn<SyncFigures.ListingProblem, String> problemAttemptsColumn;
    @FXML private TableColumn<SyncFigures.ListingProblem, String> problemNextColumn;
    @FXML private Button retryListing;
    @FXML private Button markUploaded;
    @FXML private TableView<SyncFigures.Attempt> attemptsTable;
    @FXML private TableColumn<SyncFigures.Attempt, String> attemptTimeColumn;
    @FXML private TableColumn<SyncFigures.Attempt, String> attemptSkuColumn;
    @FXML private TableColumn<SyncFigures.Attempt, String> attemptChannelColumn;
    @FXML private TableColumn<SyncFigures.Attempt, String> attemptQtyColumn;
    @FXML private TableColumn<SyncFigures.Attempt, String> attemptOutcomeColumn;
    @FXML private TableColumn<SyncFigures.Attempt, String> attemptStatusColumn;
    @FXML private TableColumn<SyncFigures.Attempt, String> attemptLatencyColumn;
    @FXML private TableColumn<SyncFigures.Attempt, String> attemptErrorColumn;
    @FXML private TableView<SyncFigures.Drift> driftTable;
    @FXML private TableColumn<SyncFigures.Drift, String> driftTimeColumn;
    @FXML private TableColumn<SyncFigures.Drift, String> driftSkuColumn;
    @FXML private TableColumn<SyncFigures.Drift, String> driftChannelColumn;
    @FXML private TableColumn<SyncFigures.Drift, String> driftExpectedColumn;
    @FXML private TableColumn<SyncFigures.Drift, String> driftFoundColumn;
    @FXML private TableColumn<SyncFigures.Drift, String> driftMessageColumn;
    @FXML private GridPane form;
    @FXML private TextField newCode;
    @FXML private ComboBox<ChannelKinds.Kind> newKind;
    @FXML private TextField newName;
    @FXML private Label formProblem;
    @FXML private Button connect;

    public ChannelsView(ChannelsViewModel model) {
        this.model = model;
        this.root = Fxml.load(this);
        keys();
        // The queue moves without stock changes (pushes, failures): look again while the screen is showing.
        this.ticker = new Timeline(new KeyFrame(javafx.util.Duration.seconds(2), e -> {
            if (root.getScene() != null && root.getScene().getWindow() != null && root.getScene().getWindow().isShowing()) {
                model.refresh();
            }
        }));
        ticker.setCycleCount(Timeline.INDEFINITE);
        ticker.play();
    }

    /** Screen-wide keys; needs the loaded root, so it runs after FXML's initialize. */
    private void keys() {
        root.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN).match(e)) {
                model.retryChannel();
            } else if (new KeyCodeCombination(KeyCode.H, KeyCombination.ALT_DOWN).match(e)) {
                model.toggleHold();
            } else if (new KeyCodeCombination(KeyCode.P, KeyCombination.ALT_DOWN).match(e)) {
                model.toggleSelling();
            } else if (new KeyCodeCombination(KeyCode.E, KeyCombination.ALT_DOWN).match(e)) {
                edit();
            } else if (new KeyCodeCombination(KeyCode.D, KeyCombination.ALT_DOWN).match(e) && model.selectedIsSimulated()) {
                model.toggleSimulatedChannel();
            } else if (new KeyCodeCombination(KeyCode.L, KeyCombination.ALT_DOWN).match(e)) {
                tabs.getSelectionModel().select(problemsTab);
                if (model.selectedProblemProperty().get() == null) {
                    problemsTable.requestFocus();
                    problemsTable.getSelectionModel().selectFirst();
                }
                model.retryListing();
            } else if (new KeyCodeCombination(KeyCode.U, KeyCombination.ALT_DOWN).match(e)) {
                model.markUploaded();
            } else if (new KeyCodeCombination(KeyCode.N, KeyCombination.ALT_DOWN).match(e)) {
                tabs.getSelectionModel().select(connectTab);
                newCode.requestFocus();
            } else {
                return;
            }
            e.consume();
        });
    }

    @FXML
    private void initialize() {
        workerState.textProperty().bind(model.workerStateProperty());
        model.workerRunningProperty().addListener((o, was, on) -> workerIcon.setIconLiteral(on ? "fth-refresh-cw" : "fth-alert-triangle"));
        waiting.textProperty().bind(model.waitingProperty().asString());
        parked.textProperty().bind(model.parkedProperty().asString());
        pushes.textProperty().bind(model.pushesLastMinuteProperty().asString());
        failures.textProperty().bind(model.failuresLastMinuteProperty().asString());
        model.parkedProperty().addListener((o, was, n) -> Styles.toggle(parkedTile, "alert", n.intValue() > 0));
        model.failuresLastMinuteProperty().addListener((o, was, n) -> Styles.toggle(failuresTile, "alert", n.intValue() > 0));

        hold.textProperty().bind(Bindings.concat(model.holdLabel(), " (Alt+H)"));
        selling.textProperty().bind(Bindings.concat(model.sellingLabel(), " (Alt+P)"));
        hold.disableProperty().bind(model.selectedProperty().isNull());
        selling.disableProperty().bind(model.selectedProperty().isNull());
        edit.disableProperty().bind(model.selectedProperty().isNull());
        simulated.setVisible(false);
        simulated.setManaged(false);
        savedCredentials.textProperty().bind(model.savedCredentials());
        message.textProperty().bind(model.messageProperty());
        message.managedProperty().bind(model.messageProperty().isNotEmpty());
        Styles.followOutcome(message, model.messageOkProperty());

        channelsTable();
        problemsTable();
        attemptsTable();
        driftTable();
        connectForm();
    }

    private void channelsTable() {
        table.setItems(model.rows());
        table.setPlaceholder(new Label("No channels yet: connect one (Alt+N)."));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        column(channelColumn, ChannelRow::code);
        column(kindColumn, r -> r.health().kind());
        column(stateColumn, ChannelRow::state);
        tooltips(stateColumn);
        number(waitingColumn, r -> Long.toString(r.health().waiting()));
        number(parkedColumn, r -> Long.toString(r.stopped()));
        number(oldestColumn, r -> ChannelRow.age(r.health().oldestWait()));
        number(pushesColumn, r -> Long.toString(r.health().pushesLastMinute()));
        number(failuresColumn, r -> Long.toString(r.health().failuresLastMinute()));
        column(lastErrorColumn, r -> r.health().lastError() == null ? "" : r.health().lastError());
        tooltips(lastErrorColumn);
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(ChannelRow row, boolean empty) {
                super.updateItem(row, empty);
                Styles.toggle(this, "sync-trouble", !empty && row != null && row.troubled());
                Styles.toggle(this, "sync-held", !empty && row != null && !row.troubled() && row.held());
            }
        });
        // A refresh replaces the rows and the model re-selects the same channel: the table follows it.
        table.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null) {
                model.selectedProperty().set(now);
            }
        });
        model.selectedProperty().addListener((o, was, now) -> {
            if (now != null && table.getSelectionModel().getSelectedItem() != now) {
                table.getSelectionModel().select(now);
            }
            showSimulatedButton();
        });
        model.rows().addListener((ListChangeListener<ChannelRow>) c -> {
            ChannelRow keep = model.selectedProperty().get();
            if (keep != null) {
                table.getSelectionModel().select(keep);   // found by equality: an unchanged row stays selected
            } else if (!model.rows().isEmpty()) {
                table.getSelectionModel().selectFirst();
            }
        });
    }

    private void showSimulatedButton() {
        ChannelRow r = model.selectedProperty().get();
        boolean sim = r != null && r.simulated();
        simulated.setVisible(sim);
        simulated.setManaged(sim);
        if (sim) {
            simulated.setText(r.simulatedDown() ? "Bring simulated " + r.code() + " back (Alt+D)" : "Take simulated " + r.code() + " down (Alt+D)");
            Styles.toggle(simulated, "danger", !r.simulatedDown());
            Styles.toggle(simulated, "success", r.simulatedDown());
        }
    }

    private void problemsTable() {
        problemsTable.setItems(model.problems());
        problemsTable.setPlaceholder(new Label("Every listing's last push went through."));
        problemsTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        column(problemSkuColumn, SyncFigures.ListingProblem::sku);
        column(problemChannelColumn, SyncFigures.ListingProblem::channel);
        column(problemErrorColumn, SyncFigures.ListingProblem::error);
        tooltips(problemErrorColumn);
        number(problemAttemptsColumn, p -> Integer.toString(p.attempts()));
        column(problemNextColumn, p -> p.awaitingUpload() ? "after the upload" : p.parked() ? "stopped: retry" : CLOCK.format(p.nextAttempt()));
        problemsTable.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(SyncFigures.ListingProblem p, boolean empty) {
                super.updateItem(p, empty);
                Styles.toggle(this, "sync-trouble", !empty && p != null && p.parked() && !p.awaitingUpload());
            }
        });
        problemsTable.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null) {
                model.selectedProblemProperty().set(now);
            }
        });
        model.problems().addListener((ListChangeListener<SyncFigures.ListingProblem>) c -> {
            if (model.selectedProblemProperty().get() != null) {
                problemsTable.getSelectionModel().select(model.selectedProblemProperty().get());
            }
        });
        model.selectedProblemProperty().addListener((o, was, now) -> {
            if (now == null) {
                problemsTable.getSelectionModel().clearSelection();
            } else if (problemsTable.getSelectionModel().getSelectedItem() != now) {
                problemsTable.getSelectionModel().select(now);
            }
        });
        retryListing.disableProperty().bind(model.selectedProblemProperty().isNull());
        markUploaded.disableProperty().bind(Bindings.createBooleanBinding(
                () -> model.selectedProblemProperty().get() == null || !model.selectedProblemProperty().get().awaitingUpload(),
                model.selectedProblemProperty()));
        problemsTab.textProperty().bind(Bindings.createStringBinding(() -> "Listing errors (" + model.problems().size() + ")", model.problems()));
    }

    private void attemptsTable() {
        attemptsTable.setItems(model.attempts());
        attemptsTable.setPlaceholder(new Label("No pushes yet."));
        attemptsTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        column(attemptTimeColumn, a -> CLOCK.format(a.attemptedAt()));
        column(attemptSkuColumn, SyncFigures.Attempt::sku);
        column(attemptChannelColumn, SyncFigures.Attempt::channel);
        number(attemptQtyColumn, a -> a.quantity() == null ? "" : a.quantity().toString());
        column(attemptOutcomeColumn, SyncFigures.Attempt::outcome);
        number(attemptStatusColumn, a -> a.httpStatus() == null ? "" : a.httpStatus().toString());
        number(attemptLatencyColumn, a -> a.latencyMillis() == null ? "" : a.latencyMillis().toString());
        column(attemptErrorColumn, a -> a.error() == null ? "" : a.error()
                + (a.retryAt() == null ? "" : " (next try " + CLOCK.format(a.retryAt()) + ")"));
        tooltips(attemptErrorColumn);
        attemptsTable.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(SyncFigures.Attempt a, boolean empty) {
                super.updateItem(a, empty);
                Styles.toggle(this, "sync-trouble", !empty && a != null && !a.outcome().equals("pushed") && !a.outcome().equals("drift"));
            }
        });
    }

    private void driftTable() {
        driftTable.setItems(model.drift());
        driftTable.setPlaceholder(new Label("No channel has shown a quantity Stockroom did not set."));
        driftTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        column(driftTimeColumn, d -> DAY_TIME.format(d.foundAt()));
        column(driftSkuColumn, SyncFigures.Drift::sku);
        column(driftChannelColumn, SyncFigures.Drift::channel);
        number(driftExpectedColumn, d -> d.expected() == null ? "unknown" : d.expected().toString());
        number(driftFoundColumn, d -> d.found() == null ? "" : d.found().toString());
        column(driftMessageColumn, SyncFigures.Drift::message);
        tooltips(driftMessageColumn);
        driftTab.textProperty().bind(Bindings.createStringBinding(() -> "Drift found (" + model.drift().size() + ")", model.drift()));
    }

    private void connectForm() {
        newCode.textProperty().bindBidirectional(model.newCodeProperty());
        newName.textProperty().bindBidirectional(model.newNameProperty());
        newKind.getItems().setAll(model.kinds());
        newKind.setConverter(new StringConverter<>() {
            @Override
            public String toString(ChannelKinds.Kind k) {
                return k == null ? "" : k.label();
            }

            @Override
            public ChannelKinds.Kind fromString(String s) {
                return model.kinds().stream().filter(k -> k.label().equals(s)).findFirst().orElse(null);
            }
        });
        newKind.valueProperty().addListener((o, was, k) -> model.newKindProperty().set(k == null ? "" : k.code()));
        model.newKindProperty().addListener((o, was, code) -> newKind.setValue(ChannelKinds.of(code).orElse(null)));
        model.fields().addListener((ListChangeListener<FormField>) c -> layOutFields());
        formProblem.textProperty().bind(model.formProblemProperty());
        connect.disableProperty().bind(model.formProblemProperty().isNotEmpty().or(model.connectingProperty()));
    }

    /** One row per setting or secret of the chosen kind; secrets in password boxes. */
    private void layOutFields() {
        form.getChildren().removeIf(n -> {
            Integer row = GridPane.getRowIndex(n);
            return row != null && row >= FIXED_FORM_ROWS;
        });
        int row = FIXED_FORM_ROWS;
        for (FormField f : model.fields()) {
            ChannelKinds.Field d = f.field();
            Label label = new Label(d.label() + (d.required() ? "" : " (optional)"));
            TextInputControl box = d.secret() ? new PasswordField() : new TextField();
            box.setId("field-" + d.key());
            box.setPromptText(d.secret() ? "masked as you type" : d.hint());
            box.textProperty().bindBidirectional(f.valueProperty());
            label.setLabelFor(box);
            if (d.secret()) {
                label.setGraphic(new FontIcon("fth-lock"));
            }
            form.add(label, 0, row);
            form.add(box, 1, row);
            row++;
        }
    }

    @FXML
    private void retry() {
        model.retryChannel();
    }

    @FXML
    private void hold() {
        model.toggleHold();
    }

    @FXML
    private void selling() {
        model.toggleSelling();
    }

    @FXML
    private void edit() {
        model.editSelected();
        if (model.selectedProperty().get() != null) {
            tabs.getSelectionModel().select(connectTab);
            newName.requestFocus();
        }
    }

    @FXML
    private void simulated() {
        model.toggleSimulatedChannel();
    }

    @FXML
    private void markUploaded() {
        model.markUploaded();
    }

    @FXML
    private void retryListing() {
        model.retryListing();
    }

    @FXML
    private void connect() {
        model.connect();
    }

    private static <T> void column(TableColumn<T, String> c, Function<T, String> value) {
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
    }

    private static <T> void number(TableColumn<T, String> c, Function<T, String> value) {
        column(c, value);
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(String s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty ? null : s);
                setAlignment(Pos.CENTER_RIGHT);
            }
        });
    }

    /** Long messages: the whole text in a tooltip. */
    private static <T> void tooltips(TableColumn<T, String> c) {
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(String s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty ? null : s);
                setTooltip(empty || s == null || s.isEmpty() ? null : new Tooltip(s));
            }
        });
    }

    @Override
    public Parent root() {
        return root;
    }

    @Override
    public void shown() {
        model.refresh();
        table.requestFocus();
    }
}
