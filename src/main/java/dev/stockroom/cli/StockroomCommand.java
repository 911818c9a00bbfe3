package dev.stockroom.cli;

public final class StockroomCommand {
    public static int run(String[] args) { return 0; }
}
