package dev.stockroom.ui.ledger;

import dev.stockroom.app.Services;
import dev.stockroom.ledger.LedgerEntry;
import dev.stockroom.ledger.LedgerFilter;
import dev.stockroom.ledger.LedgerPage;
import dev.stockroom.ledger.StockAt;
import dev.stockroom.ledger.StockHistory;
import dev.stockroom.ui.LiveState;
import dev.stockroom.ui.TaskRunner;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
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
 * The ledger, newest first, filtered and paged by key (the next page starts after the last
 * row's key, so page 1,000 costs what page 1 does); stock "as of" a moment; a SKU's stock over time.
 */
public final class LedgerViewModel {
    public static final List<String> KINDS = List.of("all", "restock", "return", "count", "sale", "reserve", "confirm",
            "release", "expire");
    public static final int PAGE = 100;
    private static final int CHART_POINTS = 500;

    private final Services services;
    private final TaskRunner tasks;
    private final LiveState live;
    private final Clock clock;
    private final StringProperty sku = new SimpleStringProperty("");
    private final StringProperty kind = new SimpleStringProperty("all");
    private final StringProperty channel = new SimpleStringProperty("");
    private final StringProperty actor = new SimpleStringProperty("");
    private final StringProperty from = new SimpleStringProperty("");
    private final StringProperty to = new SimpleStringProperty("");
    private final StringBinding filterProblem;
    private final ObservableList<LedgerEntry> rows = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper hasMore = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final StringProperty asOf = new SimpleStringProperty("");
    private final ObservableList<StockAt> asOfRows = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper asOfMessage = new ReadOnlyStringWrapper("Type a moment and press Enter to see every SKU's stock as it was then.");
    private final StringProperty chartSku = new SimpleStringProperty("");
    private final ObservableList<StockHistory.Point> chartPoints = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper chartMessage = new ReadOnlyStringWrapper("Type a SKU code and press Enter.");
    private final LedgerExportViewModel export;
    private LedgerFilter shownFilter = LedgerFilter.ALL;
    private LedgerPage.Key next;
    private boolean loading;

    public LedgerViewModel(Services services, TaskRunner tasks, LiveState live) {
        this(services, tasks, live, Clock.systemDefaultZone());
    }

    public LedgerViewModel(Services services, TaskRunner tasks, LiveState live, Clock clock) {
        this.services = services;
        this.tasks = tasks;
        this.live = live;
        this.clock = clock;
        this.filterProblem = Bindings.createStringBinding(() -> {
            try {
                filter();
                return "";
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        }, sku, kind, channel, actor, from, to);
        this.export = new LedgerExportViewModel(services::audit, tasks, live, clock.getZone());
        live.onStockChange(ids -> newRowsArrived());
        live.onReconnect(this::search);
    }

    public StringProperty skuProperty() {
        return sku;
    }

    public StringProperty kindProperty() {
        return kind;
    }

    public StringProperty channelProperty() {
        return channel;
    }

    public StringProperty actorProperty() {
        return actor;
    }

    public StringProperty fromProperty() {
        return from;
    }

    public StringProperty toProperty() {
        return to;
    }

    /** What is wrong with the filters as typed; empty when they can be applied. */
    public StringBinding filterProblem() {
        return filterProblem;
    }

    public ObservableList<LedgerEntry> rows() {
        return rows;
    }

    public ReadOnlyBooleanProperty hasMoreProperty() {
        return hasMore.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public StringProperty asOfProperty() {
        return asOf;
    }

    public ObservableList<StockAt> asOfRows() {
        return asOfRows;
    }

    public ReadOnlyStringProperty asOfMessageProperty() {
        return asOfMessage.getReadOnlyProperty();
    }

    public StringProperty chartSkuProperty() {
        return chartSku;
    }

    public ObservableList<StockHistory.Point> chartPoints() {
        return chartPoints;
    }

    public ReadOnlyStringProperty chartMessageProperty() {
        return chartMessage.getReadOnlyProperty();
    }

    public java.time.ZoneId zone() {
        return clock.getZone();
    }

    /** Applies the filters: the first page, newest first. */
    public void search() {
        LedgerFilter f;
        try {
            f = filter();
        } catch (IllegalArgumentException e) {
            message.set(e.getMessage());
            return;
        }
        if (!live.isOnline()) {
            message.set("Offline: showing the ledger as it was loaded.");
            return;
        }
        shownFilter = f;
        loading = true;
        tasks.run(() -> services.queries().ledgerPage(f, null, PAGE), page -> {
            loading = false;
            rows.setAll(page.rows());
            next = page.next();
            hasMore.set(page.hasMore());
            message.set(rows.isEmpty() ? "No ledger rows match these filters." : "");
        }, e -> {
            loading = false;
            message.set("Could not read the ledger: " + e.getMessage());
        });
    }

    /** The next page after the last row shown. */
    public void loadMore() {
        if (loading || next == null || !live.isOnline()) {
            return;
        }
        loading = true;
        LedgerFilter f = shownFilter;
        LedgerPage.Key after = next;
        tasks.run(() -> services.queries().ledgerPage(f, after, PAGE), page -> {
            loading = false;
            rows.addAll(page.rows());
            next = page.next();
            hasMore.set(page.hasMore());
        }, e -> {
            loading = false;
            message.set("Could not read more of the ledger: " + e.getMessage());
        });
    }

    /** Every SKU's stock at the typed moment. */
    public void showAsOf() {
        Instant at;
        try {
            at = Moments.parse(asOf.get(), clock.getZone(), LocalDate.now(clock));
        } catch (IllegalArgumentException e) {
            asOfMessage.set(e.getMessage());
            return;
        }
        if (at == null) {
            asOfMessage.set("Type a moment (" + Moments.FORMAT_HINT + "), then Enter.");
            return;
        }
        if (at.isAfter(clock.instant())) {
            asOfMessage.set(Moments.show(at, clock.getZone()) + " is in the future: the ledger can only tell the past.");
            return;
        }
        if (!live.isOnline()) {
            asOfMessage.set(live.offlineRefusal().replace("Not saved", "Not available"));
            return;
        }
        tasks.run(() -> services.queries().stockAt(at), list -> {
            asOfRows.setAll(list);
            asOfMessage.set("Stock as it was at " + Moments.show(at, clock.getZone()) + " (" + list.size() + " SKUs).");
        }, e -> asOfMessage.set("Could not rebuild stock at that moment: " + e.getMessage()));
    }

    /** The chart's SKU's stock over time. */
    public void showChart() {
        String code = chartSku.get() == null ? "" : chartSku.get().trim();
        if (code.isEmpty()) {
            chartMessage.set("Type a SKU code, then Enter.");
            return;
        }
        if (!live.isOnline()) {
            chartMessage.set("Offline: the chart shows what was loaded.");
            return;
        }
        tasks.run(() -> services.history().series(code, CHART_POINTS), points -> {
            chartPoints.setAll(points);
            chartMessage.set(points.isEmpty() ? "No history for \"" + code + "\" (is the code right?)."
                    : code + ": " + points.size() + " movements, on hand now " + points.get(points.size() - 1).onHand() + ".");
        }, e -> chartMessage.set("Could not read the history: " + e.getMessage()));
    }

    /** "Export for audit": its progress, result and cancel. */
    public LedgerExportViewModel export() {
        return export;
    }

    /** Exports for audit the From/To range typed in the filter, or the whole ledger when both are blank. */
    public void exportForAudit(java.nio.file.Path file) {
        LocalDate today = LocalDate.now(clock);
        Instant f;
        Instant t;
        try {
            f = Moments.parse(from.get(), clock.getZone(), today);
            t = Moments.parse(to.get(), clock.getZone(), today);
        } catch (IllegalArgumentException e) {
            export.refuse("Not exported: " + e.getMessage());
            return;
        }
        export.export(file, f, t);
    }

    /** Opens a row's SKU in the chart. */
    public void chart(String code) {
        chartSku.set(code);
        showChart();
    }

    private void newRowsArrived() {
        // Only the unpaged, open-ended view follows live changes; a paged or bounded view stays put.
        if (rows.size() <= PAGE && shownFilter.to() == null && !loading) {
            search();
        }
    }

    private LedgerFilter filter() {
        LocalDate today = LocalDate.now(clock);
        Instant f = Moments.parse(from.get(), clock.getZone(), today);
        Instant t = Moments.parse(to.get(), clock.getZone(), today);
        if (f != null && t != null && !f.isBefore(t)) {
            throw new IllegalArgumentException("\"From\" must be before \"to\".");
        }
        return new LedgerFilter(blankToNull(sku.get()), "all".equals(kind.get()) ? null : kind.get(),
                blankToNull(channel.get()), blankToNull(actor.get()), f, t);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
