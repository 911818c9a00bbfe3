package dev.stockroom.ui.audit;

import dev.stockroom.audit.Anomalies;
import dev.stockroom.ledger.StockAt;
import dev.stockroom.ui.Fxml;
import dev.stockroom.ui.ScreenView;
import dev.stockroom.ui.TabKeys;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.DragEvent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.HBox;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.javafx.FontIcon;

/** Thin controller for AuditView.fxml. */
public final class AuditView implements ScreenView {
    private static final List<String> VERDICT_STYLES = List.of("idle", "passed", "failed", "unusable", "checking");

    private final AuditViewModel model;
    private final Parent root;

    @FXML private TextField file;
    @FXML private Button browse;
    @FXML private Button verify;
    @FXML private TextField trustedKey;
    @FXML private Label trustProblem;
    @FXML private TextField checkpoint;
    @FXML private Button browseCheckpoint;
    @FXML private Label message;
    @FXML private HBox progressRow;
    @FXML private ProgressBar progress;
    @FXML private Label progressText;
    @FXML private Button cancel;
    @FXML private HBox verdictBox;
    @FXML private FontIcon verdictIcon;
    @FXML private Label verdictTitle;
    @FXML private Label place;
    @FXML private Label verdictDetail;
    @FXML private Label facts;
    @FXML private Label signer;
    @FXML private TabPane tabs;
    @FXML private Tab problemsTab;
    @FXML private Tab asOfTab;
    @FXML private Tab anomaliesTab;
    @FXML private Tab keysTab;
    @FXML private Label problemsTitle;
    @FXML private ListView<String> problems;
    @FXML private Label notesText;
    @FXML private TextField asOf;
    @FXML private Label asOfMessage;
    @FXML private TableView<StockAt> asOfTable;
    @FXML private TableColumn<StockAt, String> skuColumn;
    @FXML private TableColumn<StockAt, String> onHandColumn;
    @FXML private TableColumn<StockAt, String> reservedColumn;
    @FXML private TableColumn<StockAt, String> availableColumn;
    @FXML private TableColumn<StockAt, String> seqColumn;
    @FXML private ListView<String> anomalies;
    @FXML private TextField myKey;
    @FXML private Button copyKey;
    @FXML private Label myFingerprint;
    @FXML private Button saveCheckpoint;
    @FXML private Button checkLive;
    @FXML private Label databaseMessage;

    public AuditView(AuditViewModel model) {
        this.model = model;
        this.root = Fxml.load(this);
        keysAndDrops();
    }

    @FXML
    private void initialize() {
        file.textProperty().bindBidirectional(model.fileProperty());
        file.setOnAction(e -> model.verify());
        trustedKey.textProperty().bindBidirectional(model.trustedKeyProperty());
        trustedKey.setOnAction(e -> model.verify());
        trustProblem.textProperty().bind(model.trustProblem());
        checkpoint.textProperty().bindBidirectional(model.checkpointFileProperty());
        checkpoint.setOnAction(e -> model.verify());
        message.textProperty().bind(model.messageProperty());
        message.visibleProperty().bind(model.messageProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());
        verify.disableProperty().bind(model.busyProperty().or(model.trustProblem().isNotEmpty()));
        browse.disableProperty().bind(model.busyProperty());

        progressRow.visibleProperty().bind(model.busyProperty());
        progressRow.managedProperty().bind(model.busyProperty());
        progress.progressProperty().bind(model.progressProperty());
        progressText.textProperty().bind(model.progressTextProperty());

        verdictTitle.textProperty().bind(model.verdictTitleProperty());
        place.textProperty().bind(model.placeProperty());
        place.visibleProperty().bind(model.placeProperty().isNotEmpty());
        place.managedProperty().bind(place.visibleProperty());
        verdictDetail.textProperty().bind(model.verdictDetailProperty());
        model.verdictProperty().addListener((o, was, now) -> showVerdict(now));
        showVerdict(model.verdictProperty().get());
        facts.textProperty().bind(model.factsProperty());
        facts.visibleProperty().bind(model.factsProperty().isNotEmpty());
        facts.managedProperty().bind(facts.visibleProperty());
        signer.textProperty().bind(model.signerProperty());
        signer.visibleProperty().bind(model.signerProperty().isNotEmpty());
        signer.managedProperty().bind(signer.visibleProperty());

        problemsTitle.textProperty().bind(model.problemsTitleProperty());
        problems.setItems(model.problems());
        problems.setPlaceholder(new Label("No problems to show."));
        problems.setCellFactory(l -> wrappingCell(l, false));
        notesText.textProperty().bind(Bindings.createStringBinding(
                () -> String.join("\n", model.notes().stream().map(n -> "Note: " + n).toList()), model.notes()));

        asOf.textProperty().bindBidirectional(model.asOfProperty());
        asOf.setOnAction(e -> model.showAsOf());
        asOfMessage.textProperty().bind(model.asOfMessageProperty());
        asOfTable.setItems(model.asOfRows());
        asOfTable.setPlaceholder(new Label("Verify a file, then type a moment above and press Enter."));
        asOfTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        for (TableColumn<StockAt, String> c : List.of(onHandColumn, reservedColumn, availableColumn)) {
            c.setStyle("-fx-alignment: CENTER-RIGHT;");
        }
        col(skuColumn, StockAt::sku);
        col(onHandColumn, s -> Integer.toString(s.onHand()));
        col(reservedColumn, s -> Integer.toString(s.reserved()));
        col(availableColumn, s -> Integer.toString(s.available()));
        col(seqColumn, s -> s.seq() == 0 ? "no history yet" : "#" + s.seq());

        anomalies.setPlaceholder(new Label("Verify a file to list its anomalies."));
        anomalies.setCellFactory(l -> wrappingCell(l, true));
        model.anomalies().addListener((ListChangeListener<Anomalies.Group>) c -> showAnomalies());
        anomaliesTab.textProperty().bind(Bindings.createStringBinding(() -> model.anomalies().isEmpty() ? "Anomalies"
                : "Anomalies (" + model.anomalies().stream().mapToLong(Anomalies.Group::count).sum() + ")", model.anomalies()));
        problemsTab.textProperty().bind(Bindings.createStringBinding(() -> model.problems().isEmpty() ? "Problems"
                : "Problems (" + model.problems().size() + ")", model.problems()));

        myKey.textProperty().bind(model.myKeyProperty());
        copyKey.disableProperty().bind(model.myKeyProperty().isEmpty());
        myFingerprint.textProperty().bind(Bindings.createStringBinding(() -> model.myFingerprintProperty().get().isEmpty() ? ""
                : model.myKeyProperty().get().isEmpty() ? model.myFingerprintProperty().get()
                : "Fingerprint " + model.myFingerprintProperty().get() + ": read it to the auditor over the phone to confirm the key.",
                model.myKeyProperty(), model.myFingerprintProperty()));
        saveCheckpoint.setDisable(!model.hasDatabase());
        checkLive.disableProperty().bind(model.checkpointFileProperty().isEmpty().or(model.busyProperty())
                .or(Bindings.createBooleanBinding(() -> !model.hasDatabase())));
        databaseMessage.textProperty().bind(model.databaseMessageProperty());
    }

    private void keysAndDrops() {
        root.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (TabKeys.cycle(tabs, e)) {
                return;
            }
            if (new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN).match(e)) {
                browse();
                e.consume();
            } else if (e.getCode() == KeyCode.ESCAPE && model.busyProperty().get()) {
                model.cancel();
                e.consume();
            }
        });
        root.addEventHandler(DragEvent.DRAG_OVER, e -> {
            if (e.getDragboard().hasFiles() && !model.busyProperty().get()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        root.addEventHandler(DragEvent.DRAG_DROPPED, e -> {
            List<File> files = e.getDragboard().hasFiles() ? e.getDragboard().getFiles() : List.of();
            boolean used = false;
            for (File f : files) {  // a checkpoint dropped with the export is set first, so the export is held to it
                if (!f.getName().endsWith(".zip") && checkpointLike(f)) {
                    model.checkpointFileProperty().set(f.getAbsolutePath());
                    used = true;
                }
            }
            for (File f : files) {
                if (f.getName().endsWith(".zip")) {
                    model.open(f.toPath());
                    used = true;
                    break;
                }
            }
            e.setDropCompleted(used);
            e.consume();
        });
        tabs.getSelectionModel().selectedItemProperty().addListener((o, was, tab) -> Platform.runLater(() -> {
            if (tab == asOfTab) {
                asOf.requestFocus();
            }
        }));
    }

    private static boolean checkpointLike(File f) {
        return f.getName().endsWith(".txt") || f.getName().contains("checkpoint");
    }

    private void showVerdict(AuditViewModel.Verdict v) {
        verdictBox.getStyleClass().removeAll(VERDICT_STYLES);
        switch (v) {
            case PASSED -> {
                verdictBox.getStyleClass().add("passed");
                verdictIcon.setIconLiteral("fth-check-circle");
                tabs.getSelectionModel().select(problemsTab);
            }
            case FAILED -> {
                verdictBox.getStyleClass().add("failed");
                verdictIcon.setIconLiteral("fth-x-octagon");
                tabs.getSelectionModel().select(problemsTab);
            }
            case UNUSABLE -> {
                verdictBox.getStyleClass().add("unusable");
                verdictIcon.setIconLiteral("fth-alert-triangle");
            }
            case CHECKING -> {
                verdictBox.getStyleClass().add("checking");
                verdictIcon.setIconLiteral("fth-loader");
            }
            default -> {
                verdictBox.getStyleClass().add("idle");
                verdictIcon.setIconLiteral("fth-shield");
            }
        }
    }

    private void showAnomalies() {
        List<String> lines = new ArrayList<>();
        for (Anomalies.Group g : model.anomalies()) {
            lines.add(g.title() + ": " + (g.count() == 0 ? "none" : g.count()));
            g.examples().forEach(x -> lines.add("    " + x.strip()));
            if (g.count() > g.examples().size() && !g.examples().isEmpty() && !g.title().startsWith(Anomalies.OUT_OF_HOURS)) {
                lines.add("    ... and " + (g.count() - g.examples().size()) + " more");
            }
        }
        anomalies.getItems().setAll(lines);
    }

    /** @param groups whether unindented lines are group titles (shown bold) */
    private static ListCell<String> wrappingCell(ListView<String> list, boolean groups) {
        ListCell<String> cell = new ListCell<>() {
            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
                getStyleClass().remove("group-title");
                if (groups && !empty && text != null && !text.startsWith(" ")) {
                    getStyleClass().add("group-title");
                }
            }
        };
        cell.setWrapText(true);
        cell.prefWidthProperty().bind(list.widthProperty().subtract(24));
        return cell;
    }

    private static void col(TableColumn<StockAt, String> c, Function<StockAt, String> value) {
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
    }

    @FXML
    private void browse() {
        if (model.busyProperty().get()) {
            return;
        }
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open a ledger export to verify");
        chooser.setInitialDirectory(new File(System.getProperty("user.home")));
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Stockroom ledger export (*.zip)", "*.zip"),
                new FileChooser.ExtensionFilter("All files", "*"));
        File chosen = chooser.showOpenDialog(root.getScene().getWindow());
        if (chosen != null) {
            model.open(chosen.toPath());
        }
    }

    @FXML
    private void browseCheckpoint() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Choose an earlier checkpoint");
        File chosen = chooser.showOpenDialog(root.getScene().getWindow());
        if (chosen != null) {
            model.checkpointFileProperty().set(chosen.getAbsolutePath());
        }
    }

    @FXML
    private void verify() {
        model.verify();
    }

    @FXML
    private void cancel() {
        model.cancel();
    }

    @FXML
    private void asOf() {
        model.showAsOf();
    }

    @FXML
    private void copyKey() {
        ClipboardContent content = new ClipboardContent();
        content.putString(model.myKeyProperty().get());
        Clipboard.getSystemClipboard().setContent(content);
    }

    @FXML
    private void saveCheckpoint() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Save a checkpoint of the live ledger");
        chooser.setInitialDirectory(new File(System.getProperty("user.home")));
        chooser.setInitialFileName("stockroom-checkpoint-" + java.time.LocalDate.now(model.zone()) + ".txt");
        File chosen = chooser.showSaveDialog(root.getScene().getWindow());
        if (chosen != null) {
            model.saveCheckpoint(chosen.toPath());
        }
    }

    @FXML
    private void checkLive() {
        model.checkLive();
    }

    @Override
    public Parent root() {
        return root;
    }

    @Override
    public void shown() {
        Platform.runLater(file::requestFocus);
    }
}
