package dev.stockroom.ui.channels;

import dev.stockroom.app.ChannelKinds;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One box of the "connect a channel" form. A secret's value is cleared as soon as it is handed on. */
public final class FormField {
    private final ChannelKinds.Field field;
    private final StringProperty value = new SimpleStringProperty("");

    FormField(ChannelKinds.Field field) {
        this.field = field;
    }

    public ChannelKinds.Field field() {
        return field;
    }

    public StringProperty valueProperty() {
        return value;
    }

    String text() {
        return value.get() == null ? "" : value.get().strip();
    }

    @Override
    public String toString() {
        return field.key() + (field.secret() ? " (hidden)" : "=" + text());
    }
}
