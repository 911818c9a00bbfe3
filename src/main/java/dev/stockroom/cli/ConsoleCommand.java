package dev.stockroom.cli;

import dev.stockroom.ui.ConsoleLauncher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "console", description = "Open the console window (the default when no command is given).")
final class ConsoleCommand implements Runnable {
    @Mixin
    ConnectionOptions connection = new ConnectionOptions();

    @Override
    public void run() {
        ConsoleLauncher.launch(connection.settings());
    }
}
