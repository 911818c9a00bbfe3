package dev.stockroom.ui.orders;

import dev.stockroom.app.Services;
import dev.stockroom.ledger.ChannelStock;
import dev.stockroom.ledger.Outcome;
import dev.stockroom.ledger.Reservation;
import dev.stockroom.ui.LiveState;
import dev.stockroom.ui.TaskRunner;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** Channel orders' holds: list and filter them, dispatch or release one, or enter an order by hand. */
public final class OrdersViewModel {
    public static final List<String> STATUSES = List.of("all", "held", "confirmed", "released", "expired");
    private static final int LIMIT = 1_000;

    private final Services services;
    private final TaskRunner tasks;
    private final LiveState live;
    private final ObservableList<Reservation> rows = FXCollections.observableArrayList();
    private final ObservableList<String> channels = FXCollections.observableArrayList();
    private final StringProperty status = new SimpleStringProperty("held");
    private final StringProperty search = new SimpleStringProperty("");
    private final ObjectProperty<Reservation> selected = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper messageOk = new ReadOnlyBooleanWrapper(true);
    private final StringProperty newChannel = new SimpleStringProperty("");
    private final StringProperty newOrderRef = new SimpleStringProperty("");
    private final StringProperty newLines = new SimpleStringProperty("");
    private final StringProperty newHoldDays = new SimpleStringProperty("3");
    private final StringBinding formProblem;
    private boolean loading;
    private boolean stale;

    public OrdersViewModel(Services services, TaskRunner tasks, LiveState live) {
        this.services = services;
        this.tasks = tasks;
        this.live = live;
        this.formProblem = Bindings.createStringBinding(this::checkForm, newChannel, newOrderRef, newLines, newHoldDays);
        status.addListener((o, was, now) -> refresh());
        search.addListener((o, was, now) -> refresh());
        live.onStockChange(ids -> refresh());
        live.onReconnect(this::refresh);
    }

    public ObservableList<Reservation> rows() {
        return rows;
    }

    public ObservableList<String> channels() {
        return channels;
    }

    public StringProperty statusProperty() {
        return status;
    }

    public StringProperty searchProperty() {
        return search;
    }

    public ObjectProperty<Reservation> selectedProperty() {
        return selected;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty messageOkProperty() {
        return messageOk.getReadOnlyProperty();
    }

    public StringProperty newChannelProperty() {
        return newChannel;
    }

    public StringProperty newOrderRefProperty() {
        return newOrderRef;
    }

    public StringProperty newLinesProperty() {
        return newLines;
    }

    public StringProperty newHoldDaysProperty() {
        return newHoldDays;
    }

    /** What is wrong with the hand-typed order, as it is typed; empty when it can be reserved. */
    public StringBinding formProblem() {
        return formProblem;
    }

    public void refresh() {
        if (!live.isOnline()) {
            return;
        }
        if (loading) {
            stale = true;
            return;
        }
        loading = true;
        String st = "all".equals(status.get()) ? null : status.get();
        String text = search.get();
        record Loaded(List<Reservation> rows, List<String> channels) {
        }
        tasks.run(() -> new Loaded(services.reservations().list(st, text, LIMIT),
                        services.channelStock().channels().stream().map(ChannelStock.Channel::code).toList()),
                l -> {
                    loading = false;
                    rows.setAll(l.rows());
                    if (!channels.equals(l.channels())) {
                        channels.setAll(l.channels());
                    }
                    if (stale) {
                        stale = false;
                        refresh();
                    }
                }, e -> {
                    loading = false;
                    say(false, "Could not load orders: " + e.getMessage());
                });
    }

    /** Dispatches the selected line's whole order (all its held lines). */
    public void dispatchSelected() {
        Reservation r = heldSelection("dispatch");
        if (r != null) {
            change(() -> services.kernel().confirm(r.channel(), r.orderRef()));
        }
    }

    /** Releases the selected line's whole order: its units become available again. */
    public void releaseSelected() {
        Reservation r = heldSelection("release");
        if (r != null) {
            change(() -> services.kernel().release(r.channel(), r.orderRef()));
        }
    }

    /** Holds stock for the hand-typed order. */
    public void reserve() {
        String problem = checkForm();
        if (!problem.isEmpty()) {
            say(false, problem + " Nothing reserved.");
            return;
        }
        if (!live.isOnline()) {
            say(false, live.offlineRefusal());
            return;
        }
        OrderLines.Parsed parsed = OrderLines.parse(newLines.get());
        String channel = newChannel.get().trim();
        String ref = newOrderRef.get().trim();
        Instant expires = Instant.now().plus(Duration.ofDays(Integer.parseInt(newHoldDays.get().trim())));
        tasks.run(() -> services.kernel().reserve(channel, ref, parsed.lines(), expires), o -> {
            if (o.ok()) {
                newOrderRef.set("");
                newLines.set("");
                say(true, sentence(o.message()));
            } else {
                say(false, "Refused: " + o.message() + ". Nothing reserved.");
            }
            refresh();
        }, e -> say(false, "Not confirmed: " + e.getMessage()));
    }

    private String checkForm() {
        String channel = newChannel.get() == null ? "" : newChannel.get().trim();
        if (channel.isEmpty()) {
            return "Choose the channel the order came from.";
        }
        if (!channels.isEmpty() && !channels.contains(channel)) {
            return "There is no channel \"" + channel + "\". Choose one of: " + String.join(", ", channels) + ".";
        }
        String ref = newOrderRef.get() == null ? "" : newOrderRef.get().trim();
        if (ref.isEmpty()) {
            return "Type the order reference.";
        }
        if (ref.length() > 100) {
            return "An order reference is at most 100 characters.";
        }
        OrderLines.Parsed parsed = OrderLines.parse(newLines.get());
        if (!parsed.ok()) {
            return parsed.problem();
        }
        String days = newHoldDays.get() == null ? "" : newHoldDays.get().trim();
        try {
            int d = Integer.parseInt(days);
            if (d < 1 || d > 60) {
                return "Hold the stock for 1 to 60 days.";
            }
        } catch (NumberFormatException e) {
            return "Hold days must be a whole number of days.";
        }
        return "";
    }

    private Reservation heldSelection(String action) {
        Reservation r = selected.get();
        if (r == null) {
            say(false, "Select an order line first (arrow keys), then " + action + ".");
            return null;
        }
        if (!r.held()) {
            say(false, "Order " + r.orderRef() + " on " + r.channel() + " is " + r.status() + ", not held: nothing to " + action + ".");
            return null;
        }
        if (!live.isOnline()) {
            say(false, live.offlineRefusal());
            return null;
        }
        return r;
    }

    private void change(Supplier<Outcome> call) {
        tasks.run(call, o -> {
            say(o.ok(), o.ok() ? sentence(o.message()) : "Refused: " + o.message() + ". Nothing changed.");
            refresh();
        }, e -> say(false, "Not confirmed: " + e.getMessage()));
    }

    private void say(boolean ok, String text) {
        messageOk.set(ok);
        message.set(text);
    }

    private static String sentence(String s) {
        return s == null || s.isEmpty() ? "Done." : Character.toUpperCase(s.charAt(0)) + s.substring(1) + ".";
    }
}
