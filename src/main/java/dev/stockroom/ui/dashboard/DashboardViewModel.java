package dev.stockroom.ui.dashboard;

import dev.stockroom.app.Services;
import dev.stockroom.ledger.ChannelStock;
import dev.stockroom.ledger.StockLevel;
import dev.stockroom.ui.LiveState;
import dev.stockroom.ui.TaskRunner;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;
import javafx.collections.transformation.FilteredList;

/** Every SKU's stock and channel quantities, filtered as the seller types; counters for the day. */
public final class DashboardViewModel {
    private final Services services;
    private final TaskRunner tasks;
    private final LiveState live;
    private final Clock clock;
    private final ObservableList<DashboardRow> rows = FXCollections.observableArrayList();
    private final FilteredList<DashboardRow> visible = new FilteredList<>(rows, r -> true);
    private final ObservableList<ChannelStock.Channel> channels = FXCollections.observableArrayList();
    private final StringProperty search = new SimpleStringProperty("");
    private final BooleanProperty lowOnly = new SimpleBooleanProperty(false);
    private final ReadOnlyIntegerWrapper skuCount = new ReadOnlyIntegerWrapper();
    private final ReadOnlyIntegerWrapper lowCount = new ReadOnlyIntegerWrapper();
    private final ReadOnlyIntegerWrapper refusalsToday = new ReadOnlyIntegerWrapper();
    private final ReadOnlyIntegerWrapper heldOrders = new ReadOnlyIntegerWrapper();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ObservableMap<String, SyncBadge> syncHealth = FXCollections.observableHashMap();
    private boolean healthLoading;
    private boolean loading;
    private boolean stale;

    private record Snapshot(List<StockLevel> levels, Map<Long, Map<String, Integer>> shown, List<ChannelStock.Channel> channels,
                            int refusals, int held, Map<String, SyncBadge> health) {
    }

    public DashboardViewModel(Services services, TaskRunner tasks, LiveState live) {
        this(services, tasks, live, Clock.systemDefaultZone());
    }

    public DashboardViewModel(Services services, TaskRunner tasks, LiveState live, Clock clock) {
        this.services = services;
        this.tasks = tasks;
        this.live = live;
        this.clock = clock;
        search.addListener((o, was, now) -> applyFilter());
        lowOnly.addListener((o, was, now) -> applyFilter());
        live.onStockChange(ids -> refresh());
        live.onReconnect(this::refresh);
    }

    public FilteredList<DashboardRow> visibleRows() {
        return visible;
    }

    public ObservableList<ChannelStock.Channel> channels() {
        return channels;
    }

    public StringProperty searchProperty() {
        return search;
    }

    public BooleanProperty lowOnlyProperty() {
        return lowOnly;
    }

    public ReadOnlyIntegerProperty skuCountProperty() {
        return skuCount.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty lowCountProperty() {
        return lowCount.getReadOnlyProperty();
    }

    /** Sales and reservations the database refused today: oversells that never happened. */
    public ReadOnlyIntegerProperty refusalsTodayProperty() {
        return refusalsToday.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty heldOrdersProperty() {
        return heldOrders.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Each channel's sync health (queue depth, errors) for its column header. */
    public ObservableMap<String, SyncBadge> syncHealth() {
        return syncHealth;
    }

    /** Reloads only the sync health: the queue moves without stock changes, so the view asks every few seconds. */
    public void refreshSyncHealth() {
        if (!live.isOnline() || healthLoading) {
            return;
        }
        healthLoading = true;
        tasks.run(this::loadHealth, h -> {
            healthLoading = false;
            showHealth(h);
        }, e -> healthLoading = false);
    }

    private Map<String, SyncBadge> loadHealth() {
        Map<String, String> circuits = services.channels().circuitStates();
        Map<String, SyncBadge> out = new java.util.HashMap<>();
        services.channels().figures().channels().forEach(h -> out.put(h.channel(), SyncBadge.of(h, circuits.get(h.channel()))));
        return out;
    }

    private void showHealth(Map<String, SyncBadge> h) {
        syncHealth.keySet().retainAll(h.keySet());
        h.forEach((k, v) -> {
            if (!v.equals(syncHealth.get(k))) {
                syncHealth.put(k, v);
            }
        });
    }

    /** Reloads from the database; while offline the screen keeps what it shows. */
    public void refresh() {
        if (!live.isOnline()) {
            return;
        }
        if (loading) {
            stale = true;  // one more load after this one, not one per notification
            return;
        }
        loading = true;
        Instant startOfDay = LocalDate.now(clock).atStartOfDay(clock.getZone()).toInstant();
        tasks.run(() -> new Snapshot(services.queries().stockLevels(), services.channelStock().shownQuantities(),
                        services.channelStock().channels(), services.queries().refusalsSince(startOfDay),
                        services.reservations().heldOrders(), loadHealth()),
                this::show, e -> {
                    loading = false;
                    message.set("Could not load stock: " + e.getMessage());
                });
    }

    private void show(Snapshot s) {
        loading = false;
        if (!channels.equals(s.channels())) {
            channels.setAll(s.channels());
        }
        rows.setAll(s.levels().stream().map(l -> new DashboardRow(l, s.shown().getOrDefault(l.skuId(), Map.of()))).toList());
        skuCount.set(s.levels().size());
        lowCount.set((int) s.levels().stream().filter(StockLevel::low).count());
        refusalsToday.set(s.refusals());
        heldOrders.set(s.held());
        showHealth(s.health());
        message.set("");
        if (stale) {
            stale = false;
            refresh();
        }
    }

    /**
     * Why a channel is shown the number it is shown of a SKU, in the engine's words (asked off the
     * FX thread when a tooltip opens; one SKU at a time keeps a large catalogue cheap).
     */
    public void explain(String sku, String channel, java.util.function.Consumer<String> answer) {
        if (!live.isOnline()) {
            answer.accept("Offline: the explanation needs the database.");
            return;
        }
        tasks.run(() -> services.allocation().show(sku).stream().filter(a -> a.channel().equals(channel)).findFirst()
                        .map(a -> channel + ": " + a.explanation()).orElse(channel + ": " + sku + " is not listed here."),
                answer, e -> answer.accept("Could not ask why: " + e.getMessage()));
    }

    private void applyFilter() {
        String text = search.get();
        boolean low = lowOnly.get();
        visible.setPredicate(r -> r.matches(text) && (!low || r.level().low()));
    }
}
