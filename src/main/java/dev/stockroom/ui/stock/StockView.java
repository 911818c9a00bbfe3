package dev.stockroom.ui.stock;

import dev.stockroom.ledger.StockLevel;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** The first window: every SKU's stock, and a line to restock or sell. */
public final class StockView {
    private final BorderPane root = new BorderPane();

    public StockView(StockViewModel model) {
        TableView<StockLevel> table = new TableView<>(model.stock());
        table.setId("stockTable");
        table.getColumns().add(column("SKU", s -> s.code()));
        table.getColumns().add(column("Title", s -> s.title()));
        table.getColumns().add(column("On hand", s -> s.kit() ? "kit" : Integer.toString(s.onHand())));
        table.getColumns().add(column("Reserved", s -> s.kit() ? "" : Integer.toString(s.reserved())));
        table.getColumns().add(column("Available", s -> Integer.toString(s.available())));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);

        TextField sku = new TextField();
        sku.setId("sku");
        sku.setPromptText("SKU or barcode");
        sku.textProperty().bindBidirectional(model.skuProperty());
        TextField qty = new TextField();
        qty.setId("quantity");
        qty.setPromptText("Quantity");
        qty.setPrefColumnCount(6);
        qty.textProperty().bindBidirectional(model.quantityProperty());
        Button restock = new Button("Restock");
        restock.setId("restock");
        restock.setDefaultButton(true);
        restock.setOnAction(e -> model.restock());
        Button sell = new Button("Sell");
        sell.setId("sell");
        sell.setOnAction(e -> model.sell());
        Label result = new Label();
        result.setId("result");
        result.textProperty().bind(model.resultProperty());
        model.lastOkProperty().addListener((o, was, ok) -> result.setStyle(ok ? "-fx-text-fill: #1a7f37;" : "-fx-text-fill: #cf222e;"));

        HBox form = new HBox(8, sku, qty, restock, sell);
        VBox bottom = new VBox(8, form, result);
        bottom.setPadding(new Insets(12));
        root.setCenter(table);
        root.setBottom(bottom);
    }

    private static TableColumn<StockLevel, String> column(String title, java.util.function.Function<StockLevel, String> value) {
        TableColumn<StockLevel, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        return c;
    }

    public Parent root() {
        return root;
    }
}
