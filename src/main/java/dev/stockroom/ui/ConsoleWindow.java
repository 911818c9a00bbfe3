package dev.stockroom.ui;

import dev.stockroom.app.Services;
import dev.stockroom.db.StockWatch;
import dev.stockroom.ui.shell.ShellView;
import dev.stockroom.ui.shell.ShellViewModel;
import javafx.scene.Parent;
import javafx.scene.Scene;

/**
 * The main window's content over one open database: the shell with its screens, wired to
 * live updates. Used by the application and by the headless UI tests alike.
 */
public final class ConsoleWindow implements AutoCloseable {
    private final Services services;
    private final LiveState live;
    private final ShellViewModel model;
    private final ShellView view;
    private final StockWatch watch;

    private ConsoleWindow(Services services, TaskRunner tasks, LiveState live) {
        this.services = services;
        this.live = live;
        this.model = services == null ? new ShellViewModel(ConsoleScreens.auditOnly(tasks), live, tasks, null)
                : new ShellViewModel(ConsoleScreens.over(services, tasks, live), live, tasks, services.whereConnected());
        this.view = new ShellView(model);
        this.watch = services == null ? null : services.watch(live);
    }

    /** Builds the window on the FX thread; background work goes to {@code tasks}. */
    public static ConsoleWindow open(Services services, TaskRunner tasks) {
        return new ConsoleWindow(services, tasks, new LiveState(tasks.foreground()));
    }

    /** The window with no database: only the Audit screen, for verifying export files. */
    public static ConsoleWindow auditOnly(TaskRunner tasks) {
        return new ConsoleWindow(null, tasks, new LiveState(tasks.foreground()));
    }

    public Parent root() {
        return view.root();
    }

    /** Adds the window's shortcuts and stylesheet to the scene that shows it. */
    public void install(Scene scene) {
        view.install(scene);
    }

    /** Takes the window's shortcuts off the scene (before another root replaces it). */
    public void uninstall(Scene scene) {
        view.uninstall(scene);
    }

    public ShellViewModel model() {
        return model;
    }

    public LiveState live() {
        return live;
    }

    @Override
    public void close() {
        if (watch != null) {
            watch.close();
        }
        if (services != null) {
            services.close();
        }
    }
}
