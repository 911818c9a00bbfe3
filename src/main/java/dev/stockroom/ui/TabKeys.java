package dev.stockroom.ui;

import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;

/** Ctrl+Tab and Ctrl+Shift+Tab move between a screen's tabs even while a text field has focus. */
public final class TabKeys {
    private TabKeys() {
    }

    /** Moves to the next (or, with Shift, previous) tab when the key is Ctrl+Tab; true when it did (the event is consumed). */
    public static boolean cycle(TabPane tabs, KeyEvent e) {
        if (e.getCode() != KeyCode.TAB || !e.isControlDown()) {
            return false;
        }
        int n = tabs.getTabs().size();
        int i = tabs.getSelectionModel().getSelectedIndex();
        tabs.getSelectionModel().select((i + (e.isShiftDown() ? n - 1 : 1)) % n);
        e.consume();
        return true;
    }
}
