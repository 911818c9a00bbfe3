package dev.stockroom.allocation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An independent model of sql/ALLOCATION.md, written as a search rather than a formula: a
 * channel sees the largest q such that q plus its buffer fits either the stock the other
 * channels' ring-fences leave or its own ring-fence, q is within its cap (100 q <= P A, no
 * rounding step) and its max units, and it is not paused.
 */
final class ReferenceAllocation {
    /** One channel's settings; null fields are not set. */
    record Rule(Integer ringFence, Integer maxPercent, Integer maxUnits, Integer buffer, Boolean paused) {
        static final Rule NONE = new Rule(null, null, null, null, null);

        /** This rule's fields, each falling back to {@code wide}'s: a SKU's own rule over the channel-wide one. */
        Rule over(Rule wide) {
            Rule w = wide == null ? NONE : wide;
            return new Rule(ringFence != null ? ringFence : w.ringFence, maxPercent != null ? maxPercent : w.maxPercent,
                    maxUnits != null ? maxUnits : w.maxUnits, buffer != null ? buffer : w.buffer,
                    paused != null ? paused : w.paused);
        }

        boolean isPaused() {
            return Boolean.TRUE.equals(paused);
        }

        /** What is kept for this channel: nothing while paused. */
        long keptFence() {
            return isPaused() || ringFence == null ? 0 : ringFence;
        }

        boolean empty() {
            return ringFence == null && maxPercent == null && maxUnits == null && buffer == null && paused == null;
        }
    }

    private ReferenceAllocation() {
    }

    /** Effective rules per channel for a SKU: its own rule over the channel-wide rule. */
    static Map<String, Rule> effective(List<String> channels, Map<String, Rule> wide, Map<String, Rule> own) {
        Map<String, Rule> out = new LinkedHashMap<>();
        for (String c : channels) {
            Rule w = wide.get(c);
            Rule o = own.get(c);
            out.put(c, o != null ? o.over(w) : (w != null ? w : Rule.NONE));
        }
        return out;
    }

    static Map<String, Integer> quantities(int available, Map<String, Rule> rules) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String channel : rules.keySet()) {
            out.put(channel, quantity(available, channel, rules));
        }
        return out;
    }

    static int quantity(int available, String channel, Map<String, Rule> rules) {
        Rule r = rules.get(channel);
        if (r.isPaused()) {
            return 0;
        }
        long othersFenced = 0;
        for (Map.Entry<String, Rule> e : rules.entrySet()) {
            if (!e.getKey().equals(channel)) {
                othersFenced += e.getValue().keptFence();
            }
        }
        long free = available - othersFenced;
        long ownFence = Math.min(r.keptFence(), available);
        long buffer = r.buffer == null ? 0 : r.buffer;
        for (int q = available; q > 0; q--) {
            boolean fitsStock = q + buffer <= free || q + buffer <= ownFence;
            boolean fitsCap = r.maxPercent == null || 100L * q <= (long) r.maxPercent * available;
            boolean fitsMax = r.maxUnits == null || q <= r.maxUnits;
            if (fitsStock && fitsCap && fitsMax) {
                return q;
            }
        }
        return 0;
    }
}
