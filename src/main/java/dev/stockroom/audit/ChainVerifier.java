package dev.stockroom.audit;

import java.util.Arrays;
import java.util.Map;

/**
 * Recomputes every SKU's hash chain and balances row by row, with memory for one entry per
 * SKU. Each row must follow the previous one of its SKU (seq + 1), hash to its stored hash
 * from the previous hash and its own content (sql/LEDGER_HASH.md), and move the balances by
 * exactly its change without going below zero. At the end each SKU must stop where the
 * signed manifest says, and pass through the heads of a checkpoint when one is given.
 */
final class ChainVerifier {
    private final Findings findings;
    private final Map<Long, Manifest.SkuHistory> expected;
    private final boolean fileOrder;
    private final LongMap<Chain> chains = new LongMap<>();
    private final byte[] computed = new byte[32];
    private final byte[] retry = new byte[32];
    private Checkpoint checkpoint;
    private long rows;
    private boolean havePrevious;
    private long prevMicros;
    private long prevSku;
    private long prevSeq;
    private long prevLine;

    /** A SKU's chain as far as it has been read. */
    static final class Chain {
        final long skuId;
        final String code;
        byte[] codeBytes;  // as skus.csv spells it, to check each row's sku cell
        long seq;
        final byte[] hash = new byte[32];
        final byte[] computedHash = new byte[32];
        boolean hashCellEdited;
        long onHand;
        long reserved;
        long rows;
        long reservedIn;
        long closedOut;
        long openSeq;
        boolean checkpointSeen;

        Chain(long skuId, String code, long seq, byte[] hash, long onHand, long reserved) {
            this.skuId = skuId;
            this.code = code;
            this.seq = seq;
            this.openSeq = seq;
            System.arraycopy(hash, 0, this.hash, 0, 32);
            this.onHand = onHand;
            this.reserved = reserved;
        }
    }

    /**
     * @param expected  the manifest's SKU histories (each chain starts at its opening), or null to
     *                  start every SKU at the genesis (the live ledger)
     * @param fileOrder whether rows must come in the export's order (time, sku_id, seq)
     */
    ChainVerifier(Findings findings, Map<Long, Manifest.SkuHistory> expected, boolean fileOrder) {
        this.findings = findings;
        this.expected = expected;
        this.fileOrder = fileOrder;
        if (expected != null) {
            for (Manifest.SkuHistory h : expected.values()) {
                chains.put(h.skuId(), new Chain(h.skuId(), h.code(), h.openSeq(), h.openHash(), h.openOnHand(), h.openReserved()));
            }
        }
    }

    /** Starts a SKU at its genesis under its code (the live ledger, where no manifest lists them). */
    void start(long skuId, String code) {
        if (chains.get(skuId) == null) {
            chains.put(skuId, new Chain(skuId, code, 0, LedgerHash.GENESIS, 0, 0));
        }
    }

    void checkpoint(Checkpoint cp) {
        this.checkpoint = cp;
    }

    long rows() {
        return rows;
    }

    LongMap<Chain> chains() {
        return chains;
    }

    /** Checks one row and returns its SKU's chain. */
    Chain accept(ChainRow r) {
        rows++;
        Chain c = chains.get(r.skuId());
        if (c == null) {
            c = new Chain(r.skuId(), "sku#" + r.skuId(), 0, LedgerHash.GENESIS, 0, 0);
            chains.put(r.skuId(), c);
            if (expected != null) {
                findings.add(Finding.Kind.SKU, c.code, r.seq(), r.where(),
                        "the ledger has rows for sku_id " + r.skuId() + ", which the signed manifest does not list");
            }
        }
        StringBuilder why = null;
        if (fileOrder) {
            if (havePrevious && compareToPrevious(r) <= 0) {
                why = reason(why, "it is dated " + LedgerHash.fromMicros(r.micros()) + ", before the row above it (row "
                        + prevLine + ", " + LedgerHash.fromMicros(prevMicros) + "): rows were moved out of order");
            }
            havePrevious = true;
            prevMicros = r.micros();
            prevSku = r.skuId();
            prevSeq = r.seq();
            prevLine = r.line();
        }
        long next = c.seq + 1;
        boolean inSequence = r.seq() == next;
        if (r.seq() > next) {
            why = reason(why, (r.seq() == next + 1 ? "seq " + next + " is missing before it" : "seqs " + next + " to " + (r.seq() - 1)
                    + " are missing before it") + ": a row was deleted, or rows were moved");
        } else if (r.seq() < next) {
            why = reason(why, "it comes after seq " + c.seq + ": rows were moved out of order or repeated");
        }
        r.computeHash(c.hash, computed);
        byte[] stored = r.storedHash();
        boolean contentOk = Arrays.equals(computed, stored);
        if (!contentOk && inSequence && c.hashCellEdited) {
            r.computeHash(c.computedHash, retry);  // the row above had its hash cell edited (already reported): chain from its true hash
            contentOk = Arrays.equals(retry, stored);
        }
        if (!contentOk && inSequence) {
            why = reason(why, "its hash does not match its content: the row was changed after it was written");
        }
        if (inSequence && (c.onHand + r.onHandDelta() != r.onHandAfter() || c.reserved + r.reservedDelta() != r.reservedAfter())) {
            why = reason(why, "the balances after it (" + r.onHandAfter() + " on hand, " + r.reservedAfter()
                    + " reserved) are not the balances before it (" + c.onHand + ", " + c.reserved + ") plus its change ("
                    + signed(r.onHandDelta()) + ", " + signed(r.reservedDelta()) + ")");
        }
        if (r.reservedAfter() < 0 || r.onHandAfter() < r.reservedAfter()) {
            why = reason(why, "it leaves stock below zero (" + r.onHandAfter() + " on hand, " + r.reservedAfter() + " reserved)");
        }
        String kindProblem = kindProblem(r);
        if (kindProblem != null) {
            why = reason(why, kindProblem);
        }
        if (why != null) {
            findings.add(Finding.Kind.ROW, c.code, r.seq(), r.where(), why.toString());
        }
        if (checkpoint != null) {
            Checkpoint.Head head = checkpoint.heads().get(r.skuId());
            if (head != null && head.seq() == r.seq()) {
                c.checkpointSeen = true;
                if (!Arrays.equals(stored, head.hash())) {
                    findings.add(Finding.Kind.CHECKPOINT, c.code, r.seq(), r.where(), "its hash differs from the one the checkpoint of "
                            + checkpoint.takenAt() + " signed: the history up to this row was rewritten after the checkpoint");
                }
            }
        }
        // A hash cell edited in place leaves the content intact: the next row still chains from the true hash.
        c.hashCellEdited = !contentOk && inSequence;
        System.arraycopy(computed, 0, c.computedHash, 0, 32);
        c.seq = r.seq();
        System.arraycopy(stored, 0, c.hash, 0, 32);
        c.onHand = r.onHandAfter();
        c.reserved = r.reservedAfter();
        c.rows++;
        switch (r.kind()) {
            case "reserve" -> c.reservedIn += r.reservedDelta();
            case "confirm", "release", "expire" -> c.closedOut -= r.reservedDelta();
            default -> {
            }
        }
        return c;
    }

    private int compareToPrevious(ChainRow r) {
        int t = Long.compare(r.micros(), prevMicros);
        if (t != 0) {
            return t;
        }
        int s = Long.compare(r.skuId(), prevSku);
        return s != 0 ? s : Long.compare(r.seq(), prevSeq);
    }

    /** The change a kind of row may make: a restock never lowers stock, a release never touches on hand, ... */
    static String kindProblem(ChainRow r) {
        int dOn = r.onHandDelta();
        int dRes = r.reservedDelta();
        boolean ok = switch (r.kind()) {
            case "restock", "return" -> dOn > 0 && dRes == 0;
            case "count" -> dRes == 0;
            case "sale" -> dOn < 0 && dRes == 0;
            case "reserve" -> dOn == 0 && dRes > 0;
            case "confirm" -> dOn < 0 && dOn == dRes;
            case "release", "expire" -> dOn == 0 && dRes < 0;
            default -> false;
        };
        if (ok) {
            return null;
        }
        return switch (r.kind()) {
            case "restock", "return", "count", "sale", "reserve", "confirm", "release", "expire" ->
                    "a " + r.kind() + " cannot change stock by " + signed(dOn) + " on hand, " + signed(dRes) + " reserved";
            default -> "its kind \"" + (r.kind().length() > 40 ? r.kind().substring(0, 37) + "..." : r.kind())
                    + "\" is not a kind of ledger row";
        };
    }

    /** End of the rows: every SKU must stop where the manifest (and the checkpoint) say. */
    void finish() {
        if (expected != null) {
            for (Manifest.SkuHistory h : expected.values()) {
                Chain c = chains.get(h.skuId());
                if (c.seq < h.headSeq()) {
                    findings.add(Finding.Kind.SKU, c.code, c.seq + 1, null, "the file's rows stop at seq " + c.seq
                            + " but the signed manifest says this SKU's history runs to seq " + h.headSeq() + ": "
                            + (h.headSeq() - c.seq == 1 ? "its last row was" : "its last " + (h.headSeq() - c.seq) + " rows were")
                            + " cut off");
                } else if (c.seq > h.headSeq()) {
                    findings.add(Finding.Kind.SKU, c.code, h.headSeq() + 1, null, "the file has rows after seq " + h.headSeq()
                            + ", where the signed manifest ends this SKU's history: rows were added after signing");
                } else if (!Arrays.equals(c.hash, h.headHash())) {
                    findings.add(Finding.Kind.SKU, c.code, c.seq, null, "the last row's hash is not the one the manifest signed: "
                            + "the history was rewritten, or the manifest was edited");
                } else if (c.onHand != h.headOnHand() || c.reserved != h.headReserved()) {
                    findings.add(Finding.Kind.SKU, c.code, c.seq, null, "the rows end at " + c.onHand + " on hand, " + c.reserved
                            + " reserved, but the manifest says " + h.headOnHand() + ", " + h.headReserved());
                }
                if (c.rows != h.rows()) {
                    findings.add(Finding.Kind.SKU, c.code, 0, null, "the file has " + c.rows + " rows for it; the manifest says "
                            + h.rows());
                }
            }
        }
        if (checkpoint != null) {
            for (Checkpoint.Head head : checkpoint.heads().values()) {
                Chain c = chains.get(head.skuId());
                String code = c != null ? c.code : head.code();
                if (c == null) {
                    findings.add(Finding.Kind.CHECKPOINT, code, head.seq(), null, "the checkpoint of " + checkpoint.takenAt()
                            + " has this SKU at seq " + head.seq() + " but it has no history here");
                } else if (c.openSeq == head.seq()) {
                    Manifest.SkuHistory h = expected == null ? null : expected.get(head.skuId());
                    byte[] open = h == null ? LedgerHash.GENESIS : h.openHash();
                    if (!Arrays.equals(open, head.hash())) {
                        findings.add(Finding.Kind.CHECKPOINT, code, head.seq(), null, "the history this file continues from differs "
                                + "from the checkpoint of " + checkpoint.takenAt() + ": it was rewritten after the checkpoint");
                    }
                } else if (c.openSeq > head.seq()) {
                    findings.add(Finding.Kind.CHECKPOINT, code, head.seq(), null, "this file starts after seq " + c.openSeq
                            + ", later than the checkpoint's seq " + head.seq() + ", so it cannot show that history was kept; "
                            + "export a range that starts before " + checkpoint.takenAt());
                } else if (!c.checkpointSeen) {
                    findings.add(Finding.Kind.CHECKPOINT, code, head.seq(), null, "the history stops at seq " + c.seq
                            + ", before the checkpoint of " + checkpoint.takenAt() + " (seq " + head.seq()
                            + "): rows the checkpoint saw are gone");
                }
            }
        }
    }

    private static StringBuilder reason(StringBuilder b, String text) {
        if (b == null) {
            return new StringBuilder(text);
        }
        return b.append("; ").append(text);
    }

    static String signed(long v) {
        return v > 0 ? "+" + v : Long.toString(v);
    }
}
