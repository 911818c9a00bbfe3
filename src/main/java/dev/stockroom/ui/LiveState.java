package dev.stockroom.ui;

import dev.stockroom.db.StockWatch;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The console's view of the database as it happens: online or offline (and why, since when),
 * and which SKUs changed anywhere. The stock watch already gathers a tenth of a second of
 * changes into one look, so a hundred changes in a moment refresh a screen once. Screens
 * subscribe here instead of knowing each other.
 */
public final class LiveState implements StockWatch.Listener {
    private final Executor foreground;
    private final ReadOnlyBooleanWrapper online = new ReadOnlyBooleanWrapper(true);
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Instant> offlineSince = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Instant> lastChange = new ReadOnlyObjectWrapper<>();
    private final List<Consumer<Set<Long>>> stockListeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> reconnectListeners = new CopyOnWriteArrayList<>();

    /** @param foreground where listeners and properties are updated (the FX thread, or the caller in tests) */
    public LiveState(Executor foreground) {
        this.foreground = foreground;
    }

    public ReadOnlyBooleanProperty onlineProperty() {
        return online.getReadOnlyProperty();
    }

    public boolean isOnline() {
        return online.get();
    }

    /** Why the database is unreachable, in a sentence; empty while online. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Instant> offlineSinceProperty() {
        return offlineSince.getReadOnlyProperty();
    }

    /** When the last change from any desk arrived. */
    public ReadOnlyObjectProperty<Instant> lastChangeProperty() {
        return lastChange.getReadOnlyProperty();
    }

    /** Called (on the foreground) with the ids of SKUs that changed. */
    public void onStockChange(Consumer<Set<Long>> listener) {
        stockListeners.add(listener);
    }

    /** Called (on the foreground) when the database is back after being offline, or changes may have been missed. */
    public void onReconnect(Runnable listener) {
        reconnectListeners.add(listener);
    }

    /** The sentence a refused change shows while offline. */
    public String offlineRefusal() {
        return "Not saved: the database is offline, so nothing was changed. Try again when the banner is gone.";
    }

    @Override
    public void stockChanged(Set<Long> skuIds) {
        Set<Long> changed = Set.copyOf(skuIds);
        foreground.execute(() -> {
            lastChange.set(Instant.now());
            stockListeners.forEach(l -> l.accept(changed));
        });
    }

    @Override
    public void reloadAll() {
        foreground.execute(() -> reconnectListeners.forEach(Runnable::run));
    }

    @Override
    public void connectionChanged(boolean nowOnline, String why, Instant since) {
        foreground.execute(() -> {
            boolean wasOffline = !online.get();
            online.set(nowOnline);
            problem.set(nowOnline ? "" : why);
            offlineSince.set(nowOnline ? null : since);
            if (nowOnline && wasOffline) {
                reconnectListeners.forEach(Runnable::run);
            }
        });
    }
}
