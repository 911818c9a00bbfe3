package dev.stockroom.ui.stock;

import dev.stockroom.app.Services;
import dev.stockroom.ledger.OrderLine;
import dev.stockroom.ledger.Outcome;
import dev.stockroom.ledger.StockLevel;
import dev.stockroom.ui.TaskRunner;
import java.util.List;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** Stock list with a restock / sell form. Knows no control; talks only to services. */
public final class StockViewModel {
    private final Services services;
    private final TaskRunner tasks;
    private final ObservableList<StockLevel> stock = FXCollections.observableArrayList();
    private final StringProperty sku = new SimpleStringProperty("");
    private final StringProperty quantity = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper result = new ReadOnlyStringWrapper("");
    private final BooleanProperty lastOk = new SimpleBooleanProperty(true);

    public StockViewModel(Services services, TaskRunner tasks) {
        this.services = services;
        this.tasks = tasks;
    }

    public ObservableList<StockLevel> stock() {
        return stock;
    }

    public StringProperty skuProperty() {
        return sku;
    }

    public StringProperty quantityProperty() {
        return quantity;
    }

    public ReadOnlyStringProperty resultProperty() {
        return result.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty lastOkProperty() {
        return lastOk;
    }

    public void refresh() {
        tasks.run(() -> services.queries().stockLevels(), stock::setAll, this::failed);
    }

    public void restock() {
        apply(q -> () -> services.kernel().restock(sku.get().trim(), q));
    }

    public void sell() {
        apply(q -> () -> services.kernel().sell(List.of(OrderLine.of(sku.get().trim(), q)), "desk", null));
    }

    private void apply(java.util.function.IntFunction<Supplier<Outcome>> action) {
        Integer q = parseQuantity();
        if (q == null) {
            return;
        }
        if (sku.get() == null || sku.get().isBlank()) {
            show(false, "Type or scan a SKU first.");
            return;
        }
        tasks.run(action.apply(q), o -> {
            show(o.ok(), o.message());
            refresh();
        }, this::failed);
    }

    private Integer parseQuantity() {
        try {
            int q = Integer.parseInt(quantity.get().trim());
            return q;
        } catch (NumberFormatException | NullPointerException e) {
            show(false, "Quantity must be a whole number.");
            return null;
        }
    }

    private void failed(Throwable t) {
        show(false, t.getMessage());
    }

    private void show(boolean ok, String message) {
        lastOk.set(ok);
        result.set(message);
    }
}
