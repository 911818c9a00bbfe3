package dev.stockroom.ui.rules;

import dev.stockroom.allocation.ProposedRule;
import dev.stockroom.allocation.RuleChange;
import dev.stockroom.allocation.RuleSettings;
import dev.stockroom.allocation.Setting;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The rule form's contents for one scope, exactly as typed: an empty number field is "not set".
 * Checks each field as it is typed (the same limits the database enforces, said before asking
 * it) and turns the form into the patch that saving would send.
 */
public record RuleDraft(String ringFence, String maxPercent, String maxUnits, String buffer, Pause pause) {
    static final BigInteger MOST = BigInteger.valueOf(1_000_000_000L);
    public static final RuleDraft EMPTY = new RuleDraft("", "", "", "", Pause.AS_CHANNEL);

    public RuleDraft {
        ringFence = clean(ringFence);
        maxPercent = clean(maxPercent);
        maxUnits = clean(maxUnits);
        buffer = clean(buffer);
        pause = pause == null ? Pause.AS_CHANNEL : pause;
    }

    /** The form showing a saved rule (or none). */
    public static RuleDraft of(RuleSettings saved, boolean channelWide) {
        if (saved == null) {
            return EMPTY;
        }
        return new RuleDraft(text(saved.ringFence()), text(saved.maxPercent()), text(saved.maxUnits()), text(saved.buffer()),
                Pause.of(saved.paused(), channelWide));
    }

    public String text(Setting s) {
        return switch (s) {
            case RING_FENCE -> ringFence;
            case MAX_PERCENT -> maxPercent;
            case MAX_UNITS -> maxUnits;
            case BUFFER -> buffer;
            case PAUSED -> pause.name();
        };
    }

    public boolean empty() {
        return ringFence.isEmpty() && maxPercent.isEmpty() && maxUnits.isEmpty() && buffer.isEmpty() && pause == Pause.AS_CHANNEL;
    }

    /** What is wrong with one number field, in a sentence; empty when it is fine. */
    public String problem(Setting s) {
        if (s == Setting.PAUSED) {
            return "";
        }
        String t = text(s);
        if (t.isEmpty()) {
            return "";
        }
        String name = label(s);
        if (!t.matches("-?\\d+")) {
            return name + " must be a whole number" + (s == Setting.MAX_PERCENT ? " from 0 to 100" : " of units")
                    + ", or empty for none (got \"" + t + "\").";
        }
        BigInteger n = new BigInteger(t);
        if (n.signum() < 0) {
            return name + " cannot be negative (got " + t + ").";
        }
        if (s == Setting.MAX_PERCENT && n.compareTo(BigInteger.valueOf(100)) > 0) {
            return "Max percent must be between 0 and 100 (got " + t + ").";
        }
        if (n.compareTo(MOST) > 0) {
            return name + " of " + t + " is more than a SKU can ever hold (1,000,000,000 units).";
        }
        return "";
    }

    /** Every field's problem, in form order. */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        for (Setting s : Setting.values()) {
            if (!problem(s).isEmpty()) {
                out.add(problem(s));
            }
        }
        return out;
    }

    /** The settings as typed (only meaningful without problems). */
    public RuleSettings settings() {
        return new RuleSettings(number(ringFence), number(maxPercent), number(maxUnits), number(buffer), pause.setting());
    }

    /**
     * The change saving this form would make to {@code saved}: a patch of the settings that
     * differ, a removal when everything is emptied, or nothing when the form says what is saved.
     */
    public Optional<ProposedRule> changeFrom(RuleScope scope, RuleSettings saved) {
        if (empty()) {
            return saved == null ? Optional.empty() : Optional.of(ProposedRule.remove(scope.channel(), scope.sku()));
        }
        Map<Setting, Object> now = values(RuleDraft.of(saved, scope.isChannelWide()).settings());
        Map<Setting, Object> wanted = values(settings());
        RuleChange change = RuleChange.none();
        for (Setting s : Setting.values()) {
            if (!Objects.equals(now.get(s), wanted.get(s))) {
                change = change.with(s, wanted.get(s));
            }
        }
        return change.isEmpty() ? Optional.empty() : Optional.of(ProposedRule.set(scope.channel(), scope.sku(), change));
    }

    /** "ring-fence 30, max 40%, max 50 units, buffer 5, paused", close to the engine's own words. */
    public String words() {
        List<String> parts = new ArrayList<>();
        if (!ringFence.isEmpty()) {
            parts.add("ring-fence " + ringFence);
        }
        if (!maxPercent.isEmpty()) {
            parts.add("max " + maxPercent + "%");
        }
        if (!maxUnits.isEmpty()) {
            parts.add("max " + maxUnits + " units");
        }
        if (!buffer.isEmpty()) {
            parts.add("buffer " + buffer);
        }
        if (pause == Pause.PAUSED) {
            parts.add("paused");
        } else if (pause == Pause.SELLING) {
            parts.add("not paused");
        }
        return parts.isEmpty() ? "no rule" : String.join(", ", parts);
    }

    public static String label(Setting s) {
        return switch (s) {
            case RING_FENCE -> "Ring-fence";
            case MAX_PERCENT -> "Max percent";
            case MAX_UNITS -> "Max units";
            case BUFFER -> "Buffer";
            case PAUSED -> "Paused";
        };
    }

    private static Map<Setting, Object> values(RuleSettings s) {
        Map<Setting, Object> m = new EnumMap<>(Setting.class);
        m.put(Setting.RING_FENCE, s.ringFence());
        m.put(Setting.MAX_PERCENT, s.maxPercent());
        m.put(Setting.MAX_UNITS, s.maxUnits());
        m.put(Setting.BUFFER, s.buffer());
        m.put(Setting.PAUSED, s.paused());
        return m;
    }

    private static Integer number(String t) {
        if (t.isEmpty()) {
            return null;
        }
        try {
            return Integer.valueOf(t);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String text(Integer n) {
        return n == null ? "" : n.toString();
    }

    private static String clean(String s) {
        return s == null ? "" : s.trim();
    }
}
