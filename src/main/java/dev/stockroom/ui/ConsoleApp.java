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
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * The console: straight into the main window when a database was named (command line, environment,
 * config file) or nothing is set up yet (the embedded demo); otherwise the connection screen first.
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
        // Straight in when a database was named, or on a fresh desk (nothing named, no saved
        // connection): the embedded database with the demo shop. "Switch database..." leads back here.
        // Started before the screens are built, so connecting and building share the two cores; its
        // answer arrives on this thread after start() returns, when every callback below is set.
        if (settings != null && (!settings.embedded() || Boolean.getBoolean("stockroom.demo") || connect.profiles().isEmpty())) {
            connect.connectWith(settings);
        }
        Parent connectScreen = new ConnectView(connect).root();
        Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        Scene scene = new Scene(connectScreen, Math.min(1440, screen.getWidth()), Math.min(900, screen.getHeight()));
        Theme.style(scene);
        stage.setTitle("Stockroom");
        stage.setMinWidth(1024);
        stage.setMinHeight(640);
        stage.setScene(scene);
        Runnable backToConnect = () -> {
            window.uninstall(scene);
            window.close();   // stops this desk's sync and closes the pool
            window = null;
            scene.setRoot(connectScreen);
            stage.setTitle("Stockroom");
        };
        connect.onConnected(services -> {
            window = ConsoleWindow.open(services, tasks);
            window.model().useDark(Boolean.getBoolean("stockroom.dark"));
            window.model().onSwitchDatabase(backToConnect);
            scene.setRoot(window.root());
            window.install(scene);
            stage.setTitle("Stockroom - " + services.whereConnected());
            // Every console runs sync (DESIGN 6); a failure is shown on the Channels screen, never fatal.
            tasks.run(services.channels()::startInConsole, state -> { }, e -> { });
            BenchProbe.watch(stage, window, tasks);  // stockroom bench console only; off unless -Dstockroom.bench.report
        });
        connect.onAuditFiles(() -> {
            window = ConsoleWindow.auditOnly(tasks);
            window.model().useDark(Boolean.getBoolean("stockroom.dark"));
            window.model().onSwitchDatabase(backToConnect);
            scene.setRoot(window.root());
            window.install(scene);
            stage.setTitle("Stockroom - audit files (no database)");
        });
        stage.show();
    }

    @Override
    public void stop() {
        if (window != null) {
            window.close();
        }
        Platform.exit();
    }
}
