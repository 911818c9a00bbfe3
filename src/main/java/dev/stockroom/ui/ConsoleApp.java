package dev.stockroom.ui;

import dev.stockroom.app.Services;
import dev.stockroom.db.ConnectionProfiles;
import dev.stockroom.db.DatabaseSession;
import dev.stockroom.db.DatabaseSettings;
import dev.stockroom.demo.DemoData;
import dev.stockroom.ui.connect.ConnectView;
import dev.stockroom.ui.connect.ConnectViewModel;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * The console: the connection screen first (or straight in when a database was named on the
 * command line or in the environment), then the main window.
 */
public final class ConsoleApp extends Application {
    static DatabaseSettings settings;
    private ConsoleWindow window;

    @Override
    public void start(Stage stage) {
        Theme.apply(Boolean.getBoolean("stockroom.dark"));
        TaskRunner tasks = TaskRunner.fx();
        ConnectViewModel connect = new ConnectViewModel(ConnectionProfiles.inConfigDir(),
                s -> new Services(DatabaseSession.open(s, 6, DemoData::seed)), tasks);
        Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        Scene scene = new Scene(new ConnectView(connect).root(), Math.min(1440, screen.getWidth()), Math.min(900, screen.getHeight()));
        Theme.style(scene);
        stage.setTitle("Stockroom");
        stage.setMinWidth(1024);
        stage.setMinHeight(640);
        stage.setScene(scene);
        connect.onConnected(services -> {
            window = ConsoleWindow.open(services, tasks);
            window.model().useDark(Boolean.getBoolean("stockroom.dark"));
            scene.setRoot(window.root());
            window.install(scene);
            stage.setTitle("Stockroom - " + services.whereConnected());
            // Every console runs sync (DESIGN 6); a failure is shown on the Channels screen, never fatal.
            tasks.run(services.channels()::startInConsole, state -> { }, e -> { });
        });
        connect.onAuditFiles(() -> {
            window = ConsoleWindow.auditOnly(tasks);
            window.model().useDark(Boolean.getBoolean("stockroom.dark"));
            scene.setRoot(window.root());
            window.install(scene);
            stage.setTitle("Stockroom - audit files (no database)");
        });
        stage.show();
        if (settings != null && (!settings.embedded() || Boolean.getBoolean("stockroom.demo"))) {
            connect.connectWith(settings);
        }
    }

    @Override
    public void stop() {
        if (window != null) {
            window.close();
        }
        Platform.exit();
    }
}
