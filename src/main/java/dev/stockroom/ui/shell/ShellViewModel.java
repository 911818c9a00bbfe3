package dev.stockroom.ui.shell;

import dev.stockroom.ui.LiveState;
import dev.stockroom.ui.Screen;
import dev.stockroom.ui.TaskRunner;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;

/** The window around the screens: which one is showing, the theme, and the connection's state. */
public final class ShellViewModel {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final List<Screen> screens;
    private final LiveState live;
    private final TaskRunner tasks;
    private final String whereConnected;
    private final ReadOnlyIntegerWrapper current = new ReadOnlyIntegerWrapper(0);
    private final ReadOnlyBooleanWrapper dark = new ReadOnlyBooleanWrapper(false);
    private final StringBinding bannerText;
    private final StringBinding liveText;
    private final BooleanBinding offline;
    private final ReadOnlyBooleanWrapper canSwitchDatabase = new ReadOnlyBooleanWrapper(false);
    private Runnable switchDatabase = () -> { };

    /** @param whereConnected for the status bar; null when the console runs with no database (audit files only) */
    public ShellViewModel(List<Screen> screens, LiveState live, TaskRunner tasks, String whereConnected) {
        if (screens.isEmpty()) {
            throw new IllegalArgumentException("the console needs at least one screen");
        }
        this.screens = List.copyOf(screens);
        this.live = live;
        this.tasks = tasks;
        this.whereConnected = whereConnected;
        this.offline = live.onlineProperty().not();  // held here: an unreferenced binding would be collected
        this.bannerText = Bindings.createStringBinding(() -> live.isOnline() ? ""
                        : "Offline since " + time(live.offlineSinceProperty().get()) + ": " + sentence(live.problemProperty().get())
                        + " What you see is as it was then; changes are refused until the database is back. Reconnecting by itself...",
                live.onlineProperty(), live.problemProperty(), live.offlineSinceProperty());
        this.liveText = Bindings.createStringBinding(() -> {
            if (whereConnected == null) {
                return "No database";
            }
            if (!live.isOnline()) {
                return "Offline - reconnecting";
            }
            Instant last = live.lastChangeProperty().get();
            return last == null ? "Live" : "Live - last change " + time(last);
        }, live.onlineProperty(), live.lastChangeProperty());
    }

    public List<Screen> screens() {
        return screens;
    }

    /** What "Switch database" does (the launcher: close this window and show the connection screen). */
    public void onSwitchDatabase(Runnable action) {
        this.switchDatabase = action;
        canSwitchDatabase.set(true);
    }

    /** True once the launcher offers a way back to the connection screen. */
    public ReadOnlyBooleanProperty canSwitchDatabaseProperty() {
        return canSwitchDatabase.getReadOnlyProperty();
    }

    public void switchDatabase() {
        switchDatabase.run();
    }

    public ReadOnlyIntegerProperty currentProperty() {
        return current.getReadOnlyProperty();
    }

    public Screen currentScreen() {
        return screens.get(current.get());
    }

    /** Shows screen {@code index} (0-based); an index past the end is ignored (Ctrl+9 with four screens). */
    public boolean show(int index) {
        if (index < 0 || index >= screens.size()) {
            return false;
        }
        current.set(index);
        return true;
    }

    public ReadOnlyBooleanProperty darkProperty() {
        return dark.getReadOnlyProperty();
    }

    public void toggleTheme() {
        dark.set(!dark.get());
    }

    public void useDark(boolean on) {
        dark.set(on);
    }

    public BooleanBinding offline() {
        return offline;
    }

    private static String sentence(String s) {
        String t = s == null || s.isBlank() ? "the database cannot be reached" : s.trim();
        return t.endsWith(".") ? t : t + ".";
    }

    public StringBinding bannerText() {
        return bannerText;
    }

    public StringBinding liveText() {
        return liveText;
    }

    public ReadOnlyIntegerProperty busyProperty() {
        return tasks.runningProperty();
    }

    /** Where the console is connected; with no database (null given), says so. */
    public String whereConnected() {
        return whereConnected == null ? "audit files only: nothing here reads or changes a database" : whereConnected;
    }

    public boolean hasDatabase() {
        return whereConnected != null;
    }

    private static String time(Instant t) {
        return t == null ? "--:--:--" : CLOCK.format(t);
    }
}
