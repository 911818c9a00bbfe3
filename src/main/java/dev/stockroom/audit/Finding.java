package dev.stockroom.audit;

/**
 * One thing wrong, located: which SKU and seq, where in the file, and what, in words.
 * Kinds are listed in the order a report names them first: a broken row is more precise than
 * a manifest that disagrees with the rows, which is more precise than a bad signature.
 */
public record Finding(Kind kind, String sku, long seq, String where, String what) {

    public enum Kind { ROW, CHECKPOINT, SKU, RESERVATION, PART, SIGNATURE }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        if (sku != null) {
            b.append("SKU ").append(sku);
            if (seq > 0) {
                b.append(" seq ").append(seq);
            }
        }
        if (where != null) {
            b.append(b.length() > 0 ? " (" + where + ")" : where);
        }
        return (b.length() > 0 ? b.append(": ") : b).append(what).toString();
    }
}
