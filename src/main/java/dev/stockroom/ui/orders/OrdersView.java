package dev.stockroom.ui.orders;

import dev.stockroom.ledger.Reservation;
import dev.stockroom.ui.Fxml;
import dev.stockroom.ui.ScreenView;
import dev.stockroom.ui.Styles;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;

/** Thin controller for OrdersView.fxml. */
public final class OrdersView implements ScreenView {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private final OrdersViewModel model;
    private final Parent root;

    @FXML private ComboBox<String> status;
    @FXML private TextField search;
    @FXML private Button dispatch;
    @FXML private Button release;
    @FXML private Label message;
    @FXML private TableView<Reservation> table;
    @FXML private TableColumn<Reservation, String> channelColumn;
    @FXML private TableColumn<Reservation, String> orderColumn;
    @FXML private TableColumn<Reservation, String> skuColumn;
    @FXML private TableColumn<Reservation, String> qtyColumn;
    @FXML private TableColumn<Reservation, String> statusColumn;
    @FXML private TableColumn<Reservation, String> createdColumn;
    @FXML private TableColumn<Reservation, String> expiresColumn;
    @FXML private ComboBox<String> newChannel;
    @FXML private TextField newOrderRef;
    @FXML private TextField newLines;
    @FXML private TextField newHoldDays;
    @FXML private Label formProblem;
    @FXML private Button reserve;

    public OrdersView(OrdersViewModel model) {
        this.model = model;
        this.root = Fxml.load(this);
        keys();
    }

    /** Screen-wide keys; needs the loaded root, so it runs after FXML's initialize. */
    private void keys() {
        root.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN).match(e)) {
                search.requestFocus();
                e.consume();
            }
        });
    }

    @FXML
    private void initialize() {
        status.getItems().setAll(OrdersViewModel.STATUSES);
        status.valueProperty().bindBidirectional(model.statusProperty());
        search.textProperty().bindBidirectional(model.searchProperty());
        table.setItems(model.rows());
        table.setPlaceholder(new Label("No orders with this status."));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        model.selectedProperty().bind(table.getSelectionModel().selectedItemProperty());
        column(channelColumn, Reservation::channel);
        column(orderColumn, Reservation::orderRef);
        column(skuColumn, Reservation::sku);
        column(qtyColumn, r -> Integer.toString(r.qty()));
        column(statusColumn, Reservation::status);
        column(createdColumn, r -> time(r.createdAt()));
        column(expiresColumn, r -> r.held() ? time(r.expiresAt()) : time(r.closedAt()));
        dispatch.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        release.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());

        message.textProperty().bind(model.messageProperty());
        Styles.followOutcome(message, model.messageOkProperty());

        newChannel.setItems(model.channels());
        newChannel.valueProperty().bindBidirectional(model.newChannelProperty());
        newOrderRef.textProperty().bindBidirectional(model.newOrderRefProperty());
        newLines.textProperty().bindBidirectional(model.newLinesProperty());
        newHoldDays.textProperty().bindBidirectional(model.newHoldDaysProperty());
        formProblem.textProperty().bind(model.formProblem());
        reserve.disableProperty().bind(model.formProblem().isNotEmpty());
        newLines.setOnAction(e -> model.reserve());
        newHoldDays.setOnAction(e -> model.reserve());
    }

    @FXML
    private void dispatch() {
        model.dispatchSelected();
    }

    @FXML
    private void release() {
        model.releaseSelected();
    }

    @FXML
    private void reserve() {
        model.reserve();
    }

    private static void column(TableColumn<Reservation, String> c, Function<Reservation, String> value) {
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
    }

    private static String time(Instant t) {
        return t == null ? "" : TIME.format(t);
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
