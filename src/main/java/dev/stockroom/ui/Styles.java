package dev.stockroom.ui;

import javafx.beans.value.ObservableValue;
import javafx.scene.Node;
import javafx.scene.control.Label;

/** Style-class switches the screens share. */
public final class Styles {
    private Styles() {
    }

    /** Adds {@code styleClass} to the node when {@code on}, removes it otherwise (never twice). */
    public static void toggle(Node node, String styleClass, boolean on) {
        if (on && !node.getStyleClass().contains(styleClass)) {
            node.getStyleClass().add(styleClass);
        } else if (!on) {
            node.getStyleClass().remove(styleClass);
        }
    }

    /** Colours a screen's message line green when its last action went through, red when refused, now and on every change. */
    public static void followOutcome(Label message, ObservableValue<Boolean> ok) {
        outcome(message, Boolean.TRUE.equals(ok.getValue()));
        ok.addListener((o, was, now) -> outcome(message, Boolean.TRUE.equals(now)));
    }

    private static void outcome(Label message, boolean ok) {
        message.getStyleClass().removeAll("ok", "refused");
        message.getStyleClass().add(ok ? "ok" : "refused");
    }
}
