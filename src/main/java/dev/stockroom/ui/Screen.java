package dev.stockroom.ui;

import java.util.function.Supplier;

/**
 * One entry in the console's navigation. A screen joins the shell by being in the list that
 * {@link ConsoleScreens} builds, only when the services it stands on exist.
 *
 * @param icon an Ikonli Feather literal, e.g. {@code fth-grid}
 */
public record Screen(String id, String title, String icon, Supplier<ScreenView> view) {
}
