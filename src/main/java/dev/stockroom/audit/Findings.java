package dev.stockroom.audit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects findings, keeping the first {@link #KEPT} so that a wrecked file cannot fill memory. */
final class Findings {
    static final int KEPT = 500;
    private final List<Finding> kept = new ArrayList<>();
    private long total;

    void add(Finding.Kind kind, String sku, long seq, String where, String what) {
        total++;
        if (kept.size() < KEPT) {
            kept.add(new Finding(kind, sku, seq, where, what));
        }
    }

    boolean any() {
        return total > 0;
    }

    long total() {
        return total;
    }

    /** Most precise kind first; within a kind, in the order found (file order for rows). */
    List<Finding> ordered() {
        List<Finding> out = new ArrayList<>(kept);
        out.sort(Comparator.comparing(Finding::kind));  // stable: keeps file order within a kind
        return List.copyOf(out);
    }
}
