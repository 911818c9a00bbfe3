package dev.stockroom;

import dev.stockroom.cli.StockroomCommand;

/** Entry point: with no arguments the console opens; with a command, the command line runs it. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(StockroomCommand.run(args));
    }
}
