package dev.stockroom.ui.desk;

import dev.stockroom.app.Services;
import dev.stockroom.ledger.Outcome;
import dev.stockroom.ledger.Reservation;
import dev.stockroom.ledger.StockLevel;
import dev.stockroom.ui.LiveState;
import dev.stockroom.ui.TaskRunner;
import java.text.NumberFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The scanner-first desk. Two steps, both ended by Enter: scan (a barcode or code; for a
 * dispatch, the order reference) and quantity. Anything wrong is said plainly and changes
 * nothing; the kernel has the last word and its answer is shown large.
 */
public final class DeskViewModel {
    /** More than this in one scan is taken for a mistake (often a barcode scanned into the quantity). */
    public static final int MAX_UNITS_PER_SCAN = 10_000;
    private static final int HISTORY = 50;

    public enum Step { SCAN, QUANTITY, BUSY }

    public enum Result { IDLE, OK, REFUSED }

    private final Services services;
    private final TaskRunner tasks;
    private final LiveState live;
    private final ObjectProperty<DeskMode> mode = new SimpleObjectProperty<>(DeskMode.RESTOCK);
    private final StringProperty scan = new SimpleStringProperty("");
    private final StringProperty quantity = new SimpleStringProperty("");
    private final ReadOnlyObjectWrapper<Step> step = new ReadOnlyObjectWrapper<>(Step.SCAN);
    private final ReadOnlyStringWrapper found = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper result = new ReadOnlyStringWrapper("Ready. Scan the first item.");
    private final ReadOnlyObjectWrapper<Result> resultKind = new ReadOnlyObjectWrapper<>(Result.IDLE);
    private final ReadOnlyIntegerWrapper changesThisSession = new ReadOnlyIntegerWrapper();
    private final ReadOnlyIntegerWrapper unitsThisSession = new ReadOnlyIntegerWrapper();
    private final ObservableList<String> history = FXCollections.observableArrayList();
    private String foundSku;
    private Reservation foundOrder;
    private int orderUnits;

    public DeskViewModel(Services services, TaskRunner tasks, LiveState live) {
        this.services = services;
        this.tasks = tasks;
        this.live = live;
        mode.addListener((o, was, now) -> cancel());
    }

    public ObjectProperty<DeskMode> modeProperty() {
        return mode;
    }

    public void useMode(DeskMode m) {
        mode.set(m);
    }

    public StringProperty scanProperty() {
        return scan;
    }

    public StringProperty quantityProperty() {
        return quantity;
    }

    public ReadOnlyObjectProperty<Step> stepProperty() {
        return step.getReadOnlyProperty();
    }

    /** What the scan found, in words: the SKU and its stock, or the order and its lines. */
    public ReadOnlyStringProperty foundProperty() {
        return found.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty resultProperty() {
        return result.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Result> resultKindProperty() {
        return resultKind.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty changesThisSessionProperty() {
        return changesThisSession.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty unitsThisSessionProperty() {
        return unitsThisSession.getReadOnlyProperty();
    }

    /** This session's results, newest first. */
    public ObservableList<String> history() {
        return history;
    }

    /** Enter in the scan field. */
    public void scanEntered() {
        if (step.get() == Step.BUSY) {
            return;
        }
        String scanned = scan.get() == null ? "" : scan.get().trim();
        if (scanned.isEmpty()) {
            refuse("Nothing scanned. " + mode.get().scanPrompt() + ", then Enter.");
            return;
        }
        if (!live.isOnline()) {
            refuse(live.offlineRefusal());
            return;
        }
        step.set(Step.BUSY);
        if (mode.get() == DeskMode.DISPATCH) {
            tasks.run(() -> services.reservations().order(scanned), lines -> orderFound(scanned, lines), this::failedLookup);
        } else {
            tasks.run(() -> services.queries().findSku(scanned).flatMap(code -> services.queries().stockLevel(code)),
                    level -> skuFound(scanned, level.orElse(null)), this::failedLookup);
        }
    }

    private void skuFound(String scanned, StockLevel level) {
        if (level == null) {
            backToScan();
            refuse("No SKU has the barcode or code \"" + scanned + "\". Nothing changed.");
            return;
        }
        if (level.kit()) {
            backToScan();
            refuse(level.code() + " is a kit: it holds no stock of its own. Scan its components instead. Nothing changed.");
            return;
        }
        foundSku = level.code();
        found.set(level.code() + "  " + level.title() + "\nOn hand " + level.onHand() + ", reserved " + level.reserved()
                + ", available " + level.available());
        quantity.set("");
        step.set(Step.QUANTITY);
    }

    private void orderFound(String scanned, List<Reservation> lines) {
        List<Reservation> held = lines.stream().filter(Reservation::held).toList();
        List<String> channels = held.stream().map(Reservation::channel).distinct().toList();
        if (lines.isEmpty()) {
            backToScan();
            refuse("No order \"" + scanned + "\" is known. Scan the order reference on the packing slip. Nothing changed.");
            return;
        }
        if (held.isEmpty()) {
            // Ask the kernel anyway: its refusal is the authoritative sentence, and it is recorded.
            Reservation any = lines.get(0);
            step.set(Step.BUSY);
            commit(() -> services.kernel().confirm(any.channel(), any.orderRef()), 0);
            return;
        }
        if (channels.size() > 1) {
            backToScan();
            refuse("Order \"" + scanned + "\" is held on " + String.join(" and ", channels)
                    + ": dispatch it from the Orders screen, where the channel is chosen. Nothing changed.");
            return;
        }
        foundOrder = held.get(0);
        orderUnits = held.stream().mapToInt(Reservation::qty).sum();
        found.set("Order " + foundOrder.orderRef() + " on " + foundOrder.channel() + ": "
                + held.stream().map(r -> r.qty() + " x " + r.sku()).collect(Collectors.joining(", "))
                + "\nType the units packed (" + orderUnits + ") and Enter to dispatch.");
        quantity.set("");
        step.set(Step.QUANTITY);
    }

    /** Enter in the quantity field: checks the number, then commits the visible mode. */
    public void quantityEntered() {
        if (step.get() != Step.QUANTITY) {
            return;
        }
        String typed = quantity.get() == null ? "" : quantity.get().trim().replace(",", "");
        DeskMode m = mode.get();
        if (typed.isEmpty()) {
            refuse("Type how many units, then Enter. Nothing changed.");
            return;
        }
        long q;
        try {
            q = Long.parseLong(typed);
        } catch (NumberFormatException e) {
            refuse("\"" + quantity.get().trim() + "\" is not a number of units. Nothing changed.");
            return;
        }
        if (q > MAX_UNITS_PER_SCAN) {
            refuse(NumberFormat.getIntegerInstance(Locale.ROOT).format(q) + " units at once is not believable (at most "
                    + NumberFormat.getIntegerInstance(Locale.ROOT).format(MAX_UNITS_PER_SCAN)
                    + " per scan). Was a barcode scanned into the quantity? Nothing changed.");
            return;
        }
        if (q < 0 || (q == 0 && m != DeskMode.COUNT)) {
            refuse(q == 0 ? "Zero units: nothing to " + m.title().toLowerCase(Locale.ROOT) + ". Type how many units. Nothing changed."
                    : "Units cannot be negative. Nothing changed.");
            return;
        }
        if (!live.isOnline()) {
            refuse(live.offlineRefusal());
            return;
        }
        int units = (int) q;
        if (m == DeskMode.DISPATCH && units != orderUnits) {
            refuse("Order " + foundOrder.orderRef() + " holds " + orderUnits + " unit" + (orderUnits == 1 ? "" : "s")
                    + " but " + units + " were packed: nothing dispatched. Check the parcel.");
            return;
        }
        step.set(Step.BUSY);
        String sku = foundSku;
        Reservation order = foundOrder;
        Supplier<Outcome> call = switch (m) {
            case RESTOCK -> () -> services.kernel().restock(sku, units);
            case RETURN -> () -> services.kernel().returnStock(sku, units, null, null, "returned at the desk");
            case COUNT -> () -> services.kernel().adjust(sku, units, "cycle count at the desk");
            case DISPATCH -> () -> services.kernel().confirm(order.channel(), order.orderRef());
        };
        commit(call, units);
    }

    private void commit(Supplier<Outcome> call, int units) {
        tasks.run(call, o -> {
            backToScan();
            scan.set("");
            if (o.ok()) {
                changesThisSession.set(changesThisSession.get() + 1);
                unitsThisSession.set(unitsThisSession.get() + units);
                show(Result.OK, sentence(o.message()));
            } else {
                show(Result.REFUSED, "Refused: " + o.message() + ". Nothing changed.");
            }
        }, e -> {
            backToScan();
            scan.set("");
            show(Result.REFUSED, "Not confirmed: " + e.getMessage());
        });
    }

    /** Escape: drop what was scanned and start again. */
    public void cancel() {
        if (step.get() == Step.BUSY) {
            return;
        }
        backToScan();
        scan.set("");
    }

    private void failedLookup(Throwable e) {
        backToScan();
        refuse("Could not look that up: " + e.getMessage());
    }

    private void backToScan() {
        foundSku = null;
        foundOrder = null;
        orderUnits = 0;
        found.set("");
        quantity.set("");
        step.set(Step.SCAN);
    }

    private void refuse(String why) {
        show(Result.REFUSED, why);
    }

    private void show(Result kind, String text) {
        resultKind.set(kind);
        result.set(text);
        history.add(0, (kind == Result.OK ? "OK  " : "NO  ") + text.replace('\n', ' '));
        if (history.size() > HISTORY) {
            history.remove(HISTORY, history.size());
        }
        if (kind == Result.OK) {
            scan.set("");
        }
    }

    private static String sentence(String s) {
        return s == null || s.isEmpty() ? "Done." : Character.toUpperCase(s.charAt(0)) + s.substring(1) + ".";
    }
}
