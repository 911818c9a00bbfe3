package dev.stockroom.ui;

import atlantafx.base.theme.PrimerLight;
import dev.stockroom.app.Services;
import dev.stockroom.db.DatabaseSession;
import dev.stockroom.db.DatabaseSettings;
import dev.stockroom.demo.DemoData;
import dev.stockroom.ui.stock.StockView;
import dev.stockroom.ui.stock.StockViewModel;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.concurrent.Task;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

/** The console window: connects off the FX thread, then shows the stock screen. */
public final class ConsoleApp extends Application {
    static DatabaseSettings settings;
    private Services services;

    @Override
    public void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        Label status = new Label("Opening the stock database...");
        VBox splash = new VBox(16, new ProgressIndicator(), status);
        splash.setAlignment(Pos.CENTER);
        stage.setTitle("Stockroom");
        stage.setScene(new Scene(splash, 1200, 720));
        stage.show();

        Task<Services> connect = new Task<>() {
            @Override
            protected Services call() {
                DatabaseSettings s = settings != null ? settings : DatabaseSettings.load();
                return new Services(DatabaseSession.open(s, 6, DemoData::seed));
            }
        };
        connect.setOnSucceeded(e -> {
            services = connect.getValue();
            StockViewModel model = new StockViewModel(services, TaskRunner.fx());
            stage.getScene().setRoot(new StockView(model).root());
            stage.setTitle("Stockroom - " + services.whereConnected());
            model.refresh();
        });
        connect.setOnFailed(e -> status.setText("Could not open the database: " + connect.getException().getMessage()));
        Thread t = new Thread(connect, "stockroom-connect");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void stop() {
        if (services != null) {
            services.close();
        }
        Platform.exit();
    }
}
