package dev.stockroom.ui.ledger;

import dev.stockroom.ledger.LedgerEntry;
import dev.stockroom.ledger.StockAt;
import dev.stockroom.ledger.StockHistory;
import dev.stockroom.ui.Fxml;
import dev.stockroom.ui.ScreenView;
import dev.stockroom.ui.TabKeys;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;

/** Thin controller for LedgerView.fxml. */
public final class LedgerView implements ScreenView {
    private final LedgerViewModel model;
    private final Parent root;
    private boolean loadedOnce;

    @FXML private TabPane tabs;
    @FXML private Tab movementsTab;
    @FXML private Tab asOfTab;
    @FXML private Tab chartTab;
    @FXML private TextField sku;
    @FXML private ComboBox<String> kind;
    @FXML private TextField channel;
    @FXML private TextField actor;
    @FXML private TextField from;
    @FXML private TextField to;
    @FXML private Button apply;
    @FXML private Label message;
    @FXML private TableView<LedgerEntry> table;
    @FXML private TableColumn<LedgerEntry, String> timeColumn;
    @FXML private TableColumn<LedgerEntry, String> skuColumn;
    @FXML private TableColumn<LedgerEntry, String> kindColumn;
    @FXML private TableColumn<LedgerEntry, String> onHandDeltaColumn;
    @FXML private TableColumn<LedgerEntry, String> reservedDeltaColumn;
    @FXML private TableColumn<LedgerEntry, String> onHandColumn;
    @FXML private TableColumn<LedgerEntry, String> reservedColumn;
    @FXML private TableColumn<LedgerEntry, String> channelColumn;
    @FXML private TableColumn<LedgerEntry, String> orderColumn;
    @FXML private TableColumn<LedgerEntry, String> actorColumn;
    @FXML private TableColumn<LedgerEntry, String> reasonColumn;
    @FXML private Label count;
    @FXML private Button more;
    @FXML private TextField asOf;
    @FXML private Label asOfMessage;
    @FXML private TableView<StockAt> asOfTable;
    @FXML private TableColumn<StockAt, String> asOfSkuColumn;
    @FXML private TableColumn<StockAt, String> asOfOnHandColumn;
    @FXML private TableColumn<StockAt, String> asOfReservedColumn;
    @FXML private TableColumn<StockAt, String> asOfAvailableColumn;
    @FXML private TableColumn<StockAt, String> asOfSeqColumn;
    @FXML private TextField chartSku;
    @FXML private Label chartMessage;
    @FXML private LineChart<Number, Number> chart;
    @FXML private NumberAxis timeAxis;
    @FXML private Button exportButton;
    @FXML private HBox exportBar;
    @FXML private ProgressBar exportProgress;
    @FXML private Label exportMessage;
    @FXML private Button cancelExport;
    @FXML private Button copyKey;

    public LedgerView(LedgerViewModel model) {
        this.model = model;
        this.root = Fxml.load(this);
        keys();
    }

    /** Screen-wide keys; needs the loaded root, so it runs after FXML's initialize. */
    private void keys() {
        root.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (TabKeys.cycle(tabs, e)) {
                return;
            }
            if (new KeyCodeCombination(KeyCode.E, KeyCombination.SHORTCUT_DOWN).match(e)) {
                exportForAudit();
                e.consume();
            } else if (new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN).match(e)) {
                tabs.getSelectionModel().select(movementsTab);
                sku.requestFocus();
                e.consume();
            }
        });
    }

    @FXML
    private void initialize() {
        ZoneId zone = model.zone();
        DateTimeFormatter time = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss").withZone(zone);
        sku.textProperty().bindBidirectional(model.skuProperty());
        kind.getItems().setAll(LedgerViewModel.KINDS);
        kind.valueProperty().bindBidirectional(model.kindProperty());
        channel.textProperty().bindBidirectional(model.channelProperty());
        actor.textProperty().bindBidirectional(model.actorProperty());
        from.textProperty().bindBidirectional(model.fromProperty());
        to.textProperty().bindBidirectional(model.toProperty());
        for (TextField f : new TextField[] {sku, channel, actor, from, to}) {
            f.setOnAction(e -> model.search());
        }
        apply.disableProperty().bind(model.filterProblem().isNotEmpty());
        message.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> model.filterProblem().get().isEmpty() ? model.messageProperty().get() : model.filterProblem().get(),
                model.filterProblem(), model.messageProperty()));

        table.setItems(model.rows());
        table.setPlaceholder(new Label("No ledger rows."));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        col(timeColumn, r -> time.format(r.createdAt()));
        col(skuColumn, LedgerEntry::sku);
        col(kindColumn, LedgerEntry::kind);
        col(onHandDeltaColumn, r -> signed(r.onHandDelta()));
        col(reservedDeltaColumn, r -> signed(r.reservedDelta()));
        col(onHandColumn, r -> Integer.toString(r.onHandAfter()));
        col(reservedColumn, r -> Integer.toString(r.reservedAfter()));
        col(channelColumn, LedgerEntry::channel);
        col(orderColumn, LedgerEntry::orderRef);
        col(actorColumn, LedgerEntry::actor);
        col(reasonColumn, LedgerEntry::reason);
        more.visibleProperty().bind(model.hasMoreProperty());
        model.rows().addListener((ListChangeListener<LedgerEntry>) c -> count.setText(model.rows().size() + " rows loaded"));
        table.setOnKeyPressed(e -> {
            LedgerEntry r = table.getSelectionModel().getSelectedItem();
            if (e.getCode() == KeyCode.ENTER && r != null) {
                tabs.getSelectionModel().select(chartTab);
                model.chart(r.sku());
                e.consume();
            }
        });
        // Scrolling to the bottom loads the next page by key, so a long ledger never stalls.
        table.skinProperty().addListener((o, was, skin) -> table.lookupAll(".scroll-bar").forEach(n -> {
            if (n instanceof ScrollBar bar && bar.getOrientation() == javafx.geometry.Orientation.VERTICAL) {
                bar.valueProperty().addListener((ob, a, v) -> {
                    if (v.doubleValue() >= bar.getMax() - 0.001) {
                        model.loadMore();
                    }
                });
            }
        }));

        asOf.textProperty().bindBidirectional(model.asOfProperty());
        asOf.setOnAction(e -> model.showAsOf());
        asOfMessage.textProperty().bind(model.asOfMessageProperty());
        asOfTable.setItems(model.asOfRows());
        asOfTable.setPlaceholder(new Label("Choose a moment above."));
        atCol(asOfSkuColumn, StockAt::sku);
        atCol(asOfOnHandColumn, s -> Integer.toString(s.onHand()));
        atCol(asOfReservedColumn, s -> Integer.toString(s.reserved()));
        atCol(asOfAvailableColumn, s -> Integer.toString(s.available()));
        atCol(asOfSeqColumn, s -> s.seq() == 0 ? "no history yet" : "#" + s.seq());

        chartSku.textProperty().bindBidirectional(model.chartSkuProperty());
        chartSku.setOnAction(e -> model.showChart());
        chartMessage.textProperty().bind(model.chartMessageProperty());
        DateTimeFormatter axisTime = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(zone);
        timeAxis.setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number seconds) {
                return axisTime.format(Instant.ofEpochSecond(seconds.longValue()));
            }

            @Override
            public Number fromString(String s) {
                return 0;
            }
        });
        model.chartPoints().addListener((ListChangeListener<StockHistory.Point>) c -> drawChart());

        LedgerExportViewModel export = model.export();
        exportBar.visibleProperty().bind(export.messageProperty().isNotEmpty());
        exportBar.managedProperty().bind(exportBar.visibleProperty());
        exportProgress.progressProperty().bind(export.progressProperty());
        exportProgress.visibleProperty().bind(export.exportingProperty());
        exportProgress.managedProperty().bind(export.exportingProperty());
        exportMessage.textProperty().bind(export.messageProperty());
        export.failedProperty().addListener((o, was, bad) -> {
            exportMessage.getStyleClass().removeAll("refused", "ok");
            exportMessage.getStyleClass().add(bad ? "refused" : "ok");
        });
        exportMessage.getStyleClass().add("ok");
        exportButton.disableProperty().bind(export.exportingProperty());
        cancelExport.visibleProperty().bind(export.exportingProperty());
        cancelExport.managedProperty().bind(export.exportingProperty());
        copyKey.visibleProperty().bind(export.exportingProperty().not().and(export.signerKeyProperty().isNotEmpty())
                .and(export.failedProperty().not()));
        copyKey.managedProperty().bind(copyKey.visibleProperty());

        tabs.getSelectionModel().selectedItemProperty().addListener((o, was, tab) -> javafx.application.Platform.runLater(() -> {
            if (tab == asOfTab) {
                asOf.requestFocus();
            } else if (tab == chartTab) {
                chartSku.requestFocus();
            }
        }));
    }

    private void drawChart() {
        XYChart.Series<Number, Number> onHand = new XYChart.Series<>();
        onHand.setName("On hand");
        XYChart.Series<Number, Number> available = new XYChart.Series<>();
        available.setName("Available");
        StockHistory.Point previous = null;
        for (StockHistory.Point p : model.chartPoints()) {
            long x = p.at().getEpochSecond();
            if (previous != null) {
                // Stock changes in steps: hold the old level until the movement, then jump.
                onHand.getData().add(new XYChart.Data<>(x, previous.onHand()));
                available.getData().add(new XYChart.Data<>(x, previous.available()));
            }
            onHand.getData().add(new XYChart.Data<>(x, p.onHand()));
            available.getData().add(new XYChart.Data<>(x, p.available()));
            previous = p;
        }
        if (previous != null) {
            long now = Instant.now().getEpochSecond();
            onHand.getData().add(new XYChart.Data<>(now, previous.onHand()));
            available.getData().add(new XYChart.Data<>(now, previous.available()));
        }
        chart.getData().setAll(java.util.List.of(onHand, available));
    }

    @FXML
    private void exportForAudit() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export the ledger for audit");
        chooser.setInitialFileName(model.export().suggestedFileName());
        chooser.setInitialDirectory(new java.io.File(System.getProperty("user.home")));
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Stockroom ledger export (*.zip)", "*.zip"));
        java.io.File file = chooser.showSaveDialog(root.getScene().getWindow());
        if (file != null) {
            model.exportForAudit(file.toPath());
        }
    }

    @FXML
    private void cancelExport() {
        model.export().cancel();
    }

    @FXML
    private void copyKey() {
        ClipboardContent content = new ClipboardContent();
        content.putString(model.export().signerKeyProperty().get());
        javafx.scene.input.Clipboard.getSystemClipboard().setContent(content);
    }

    @FXML
    private void apply() {
        model.search();
    }

    @FXML
    private void more() {
        model.loadMore();
    }

    @FXML
    private void asOf() {
        model.showAsOf();
    }

    private static String signed(int n) {
        return n > 0 ? "+" + n : n == 0 ? "" : Integer.toString(n);
    }

    private static void col(TableColumn<LedgerEntry, String> c, Function<LedgerEntry, String> value) {
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
    }

    private static void atCol(TableColumn<StockAt, String> c, Function<StockAt, String> value) {
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
    }

    /** Opens the "as of" tab (for the launcher's shortcuts and tests). */
    public void showAsOfTab() {
        tabs.getSelectionModel().select(asOfTab);
    }

    @Override
    public Parent root() {
        return root;
    }

    @Override
    public void shown() {
        if (!loadedOnce) {
            loadedOnce = true;
            model.search();
        }
        table.requestFocus();
    }
}
