package dev.stockroom.allocation;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A change to a rule, as a patch: each setting it names is set (or cleared, when its value is
 * null); settings it does not name keep what they were. Immutable. The database checks the
 * values, so a value a person typed is passed on as typed and refused there with a sentence.
 */
public final class RuleChange {
    private final EnumMap<Setting, Object> values;

    private RuleChange(EnumMap<Setting, Object> values) {
        this.values = values;
    }

    public static RuleChange none() {
        return new RuleChange(new EnumMap<>(Setting.class));
    }

    public RuleChange ringFence(int units) {
        return with(Setting.RING_FENCE, units);
    }

    public RuleChange maxPercent(int percent) {
        return with(Setting.MAX_PERCENT, percent);
    }

    public RuleChange maxUnits(int units) {
        return with(Setting.MAX_UNITS, units);
    }

    public RuleChange buffer(int units) {
        return with(Setting.BUFFER, units);
    }

    public RuleChange paused(boolean paused) {
        return with(Setting.PAUSED, paused);
    }

    /** Empties a setting: on a SKU's own rule, it is inherited from the channel-wide rule again. */
    public RuleChange clear(Setting setting) {
        return with(setting, null);
    }

    /** Sets a setting to a number, a boolean, text as typed (checked by the database), or null to clear it. */
    public RuleChange with(Setting setting, Object value) {
        EnumMap<Setting, Object> copy = new EnumMap<>(values);
        copy.put(setting, value);
        return new RuleChange(copy);
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    public Map<Setting, Object> values() {
        return Collections.unmodifiableMap(values);
    }

    /**
     * Reads "ring-fence=30, buffer=5, max-units=none, paused" (none or clear empties a setting;
     * "paused" alone pauses, "resume" un-pauses).
     */
    public static RuleChange parse(String text) {
        RuleChange change = none();
        if (text == null || text.isBlank()) {
            return change;
        }
        for (String part : text.split(",")) {
            String item = part.trim();
            if (item.isEmpty()) {
                continue;
            }
            int eq = item.indexOf('=');
            if (eq < 0) {
                String word = item.toLowerCase(Locale.ROOT);
                if (word.equals("paused") || word.equals("pause")) {
                    change = change.paused(true);
                } else if (word.equals("resume") || word.equals("not-paused") || word.equals("unpaused")) {
                    change = change.paused(false);
                } else {
                    throw new IllegalArgumentException("\"" + item + "\" should be SETTING=VALUE, e.g. ring-fence=30");
                }
                continue;
            }
            Setting setting = Setting.parse(item.substring(0, eq));
            String value = item.substring(eq + 1).trim();
            change = change.with(setting, typed(setting, value));
        }
        return change;
    }

    private static Object typed(Setting setting, String value) {
        String v = value.toLowerCase(Locale.ROOT);
        if (v.equals("none") || v.equals("clear") || v.isEmpty()) {
            return null;
        }
        if (setting == Setting.PAUSED) {
            if (v.equals("true") || v.equals("yes")) {
                return true;
            }
            if (v.equals("false") || v.equals("no")) {
                return false;
            }
            return value;
        }
        try {
            return new BigDecimal(value);
        } catch (NumberFormatException e) {
            return value;
        }
    }

    /** The patch as the database takes it: {"ring_fence": 30, "max_percent": null}. */
    public String toJson() {
        StringJoiner json = new StringJoiner(", ", "{", "}");
        values.forEach((setting, value) -> json.add(Json.string(setting.key()) + ": " + Json.value(value)));
        return json.toString();
    }

    @Override
    public String toString() {
        return toJson();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RuleChange other && other.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }
}
