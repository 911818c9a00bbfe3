package dev.stockroom.ui;

import javafx.scene.Parent;

/** A screen's view as the shell holds it: its root, and a hook for when it is brought forward. */
public interface ScreenView {
    Parent root();

    /** The screen became visible: refresh if stale and put focus where work starts. */
    default void shown() {
    }
}
