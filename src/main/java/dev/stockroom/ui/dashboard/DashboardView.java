package dev.stockroom.ui.dashboard;

import dev.stockroom.ledger.ChannelStock;
import dev.stockroom.ledger.StockLevel;
import dev.stockroom.ui.Fxml;
import dev.stockroom.ui.ScreenView;
import dev.stockroom.ui.Styles;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.VBox;

/** Thin controller for DashboardView.fxml. */
public final class DashboardView implements ScreenView {
    private final DashboardViewModel model;
    private final Parent root;

    @FXML private Label skuCount;
    @FXML private Label lowCount;
    @FXML private VBox lowTile;
    @FXML private Label heldOrders;
    @FXML private Label refusals;
    @FXML private TextField search;
    @FXML private CheckBox lowOnly;
    @FXML private Label shownCount;
    @FXML private Label message;
    @FXML private TableView<DashboardRow> table;
    @FXML private TableColumn<DashboardRow, String> codeColumn;
    @FXML private TableColumn<DashboardRow, String> titleColumn;
    @FXML private TableColumn<DashboardRow, Number> onHandColumn;
    @FXML private TableColumn<DashboardRow, Number> reservedColumn;
    @FXML private TableColumn<DashboardRow, Number> availableColumn;

    public DashboardView(DashboardViewModel model) {
        this.model = model;
        this.root = Fxml.load(this);
        keys();
    }

    /** Screen-wide keys; needs the loaded root, so it runs after FXML's initialize. */
    private void keys() {
        root.addEventHandler(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN).match(e)) {
                search.requestFocus();
                search.selectAll();
                e.consume();
            } else if (new KeyCodeCombination(KeyCode.L, KeyCombination.ALT_DOWN).match(e)) {
                lowOnly.setSelected(!lowOnly.isSelected());
                e.consume();
            }
        });
    }

    @FXML
    private void initialize() {
        skuCount.textProperty().bind(model.skuCountProperty().asString());
        lowCount.textProperty().bind(model.lowCountProperty().asString());
        model.lowCountProperty().addListener((o, was, n) -> Styles.toggle(lowTile, "alert", n.intValue() > 0));
        heldOrders.textProperty().bind(model.heldOrdersProperty().asString());
        refusals.textProperty().bind(model.refusalsTodayProperty().asString());
        search.textProperty().bindBidirectional(model.searchProperty());
        lowOnly.selectedProperty().bindBidirectional(model.lowOnlyProperty());
        message.textProperty().bind(model.messageProperty());
        message.visibleProperty().bind(model.messageProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());
        shownCount.textProperty().bind(Bindings.createStringBinding(
                () -> model.visibleRows().size() + " of " + model.skuCountProperty().get() + " shown",
                model.visibleRows(), model.skuCountProperty()));

        table.setItems(model.visibleRows());
        table.setPlaceholder(new Label("No SKU matches the search."));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        text(codeColumn, r -> r.level().code());
        text(titleColumn, r -> r.level().title() + (r.level().kit() ? "  (kit)" : ""));
        number(onHandColumn, r -> r.level().kit() ? null : r.level().onHand());
        number(reservedColumn, r -> r.level().kit() ? null : r.level().reserved());
        number(availableColumn, r -> r.level().available());
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(DashboardRow row, boolean empty) {
                super.updateItem(row, empty);
                StockLevel l = empty || row == null ? null : row.level();
                Styles.toggle(this, "out-of-stock", l != null && l.available() <= 0);
                Styles.toggle(this, "low-stock", l != null && l.low() && l.available() > 0);
            }
        });
        model.channels().addListener((ListChangeListener<ChannelStock.Channel>) c -> channelColumns());
        channelColumns();
        model.syncHealth().addListener((javafx.collections.MapChangeListener<String, SyncBadge>) c -> syncHealthChanged());
        // The queue moves without stock changes: look at the sync health every few seconds while showing.
        javafx.animation.Timeline ticker = new javafx.animation.Timeline(new javafx.animation.KeyFrame(javafx.util.Duration.seconds(3), e -> {
            if (table.getScene() != null && table.getScene().getWindow() != null && table.getScene().getWindow().isShowing()) {
                model.refreshSyncHealth();
            }
        }));
        ticker.setCycleCount(javafx.animation.Timeline.INDEFINITE);
        ticker.play();
    }

    private void channelColumns() {
        table.getColumns().remove(5, table.getColumns().size());
        for (ChannelStock.Channel ch : model.channels()) {
            // The short code keeps the header readable at 1366 px; the full name is in the tooltip.
            Label header = new Label(Character.toUpperCase(ch.code().charAt(0)) + ch.code().substring(1) + (ch.paused() ? " (paused)" : ""));
            header.setTooltip(new javafx.scene.control.Tooltip(ch.name() + ": the quantity this channel is shown"));
            Label badge = new Label();
            badge.setId("sync-" + ch.code());
            badge.getStyleClass().add("sync-badge");
            showBadge(badge, model.syncHealth().get(ch.code()));
            VBox headerBox = new VBox(1, header, badge);
            headerBox.setAlignment(Pos.CENTER);
            TableColumn<DashboardRow, Number> c = new TableColumn<>();
            c.setGraphic(headerBox);
            c.setId("shown-" + ch.code());
            c.setPrefWidth(104);
            c.setMinWidth(Math.max(100, 36 + 8.5 * header.getText().length()));  // header whole at 1366 px, room for the sync badge
            number(c, r -> r.shownOn(ch.code()));
            explained(c, ch.code());
            table.getColumns().add(c);
        }
    }

    /** A channel's cells say, on hover, why that channel is shown that number (the engine's explanation). */
    private void explained(TableColumn<DashboardRow, Number> c, String channel) {
        c.setCellFactory(col -> new javafx.scene.control.TableCell<>() {
            private final javafx.scene.control.Tooltip why = new javafx.scene.control.Tooltip();

            {
                why.setWrapText(true);
                why.setMaxWidth(520);
                why.setOnShowing(e -> {
                    DashboardRow row = getTableRow() == null ? null : getTableRow().getItem();
                    if (row != null) {
                        why.setText("Asking the allocation engine...");
                        model.explain(row.level().code(), channel, why::setText);
                    }
                });
            }

            @Override
            protected void updateItem(Number n, boolean empty) {
                super.updateItem(n, empty);
                setText(empty ? null : n == null ? "-" : n.toString());
                setAlignment(Pos.CENTER_RIGHT);
                setTooltip(empty || n == null ? null : why);
            }
        });
    }

    /** The sync health line under a channel's header: queue depth or errors, coloured by how bad. */
    private static void showBadge(Label badge, SyncBadge b) {
        badge.setText(b == null ? "" : b.text());
        badge.setTooltip(b == null ? null : new javafx.scene.control.Tooltip(b.detail()));
        badge.getStyleClass().removeAll("busy", "trouble");
        if (b != null && !b.level().equals("good")) {
            badge.getStyleClass().add(b.level());
        }
    }

    private void syncHealthChanged() {
        for (TableColumn<DashboardRow, ?> c : table.getColumns()) {
            if (c.getId() != null && c.getId().startsWith("shown-") && c.getGraphic() instanceof VBox box && box.getChildren().size() == 2) {
                showBadge((Label) box.getChildren().get(1), model.syncHealth().get(c.getId().substring("shown-".length())));
            }
        }
    }

    private static void text(TableColumn<DashboardRow, String> c, Function<DashboardRow, String> value) {
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
    }

    /** Right-aligned numbers; null shows as a dash (a kit's own stock, a channel the SKU is not listed on). */
    private static void number(TableColumn<DashboardRow, Number> c, Function<DashboardRow, Integer> value) {
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        c.setCellFactory(col -> new javafx.scene.control.TableCell<>() {
            @Override
            protected void updateItem(Number n, boolean empty) {
                super.updateItem(n, empty);
                setText(empty ? null : n == null ? "-" : n.toString());
                setAlignment(Pos.CENTER_RIGHT);
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
        search.requestFocus();
    }
}
