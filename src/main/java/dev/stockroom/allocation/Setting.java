package dev.stockroom.allocation;

import java.util.Locale;

/** The settings a rule may carry, with the names the database and people use for them. */
public enum Setting {
    RING_FENCE("ring_fence", "ring-fence"),
    MAX_PERCENT("max_percent", "max percent"),
    MAX_UNITS("max_units", "max units"),
    BUFFER("buffer", "buffer"),
    PAUSED("paused", "paused");

    private final String key;
    private final String words;

    Setting(String key, String words) {
        this.key = key;
        this.words = words;
    }

    /** The key in the database's JSON: ring_fence, max_percent, max_units, buffer, paused. */
    public String key() {
        return key;
    }

    public String words() {
        return words;
    }

    /** Accepts "ring-fence", "ring_fence", "ringfence", "Max-Percent"... */
    public static Setting parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        for (Setting s : values()) {
            if (s.key.equals(t) || s.key.replace("_", "").equals(t)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown rule setting \"" + text + "\"; the settings are ring-fence, max-percent, "
                + "max-units, buffer and paused");
    }
}
