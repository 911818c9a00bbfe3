package dev.stockroom.ui;

import dev.stockroom.db.DatabaseSettings;
import javafx.application.Application;

/** Starts the JavaFX console; the only door from the rest of the code into ui/. */
public final class ConsoleLauncher {
    private ConsoleLauncher() {
    }

    public static void launch(DatabaseSettings settings) {
        ConsoleApp.settings = settings;
        Application.launch(ConsoleApp.class);
    }
}
