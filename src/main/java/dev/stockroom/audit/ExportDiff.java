package dev.stockroom.audit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * What changed between two exports of the same seller: per SKU, whether the later file
 * continues the earlier one's history (same hash at every seq both hold) or rewrote it (the
 * first seq that differs), how many rows it adds, and how the stock moved. Each file is
 * verified on the way; memory holds 8 bytes per row of the first file.
 */
public final class ExportDiff {

    /** One SKU's difference, in words. */
    public record SkuDiff(String sku, String what, boolean rewritten) {
        @Override
        public String toString() {
            return sku + ": " + what;
        }
    }

    public record Result(VerifyReport first, VerifyReport second, List<SkuDiff> differences, int unchanged) {
        public boolean historyRewritten() {
            return differences.stream().anyMatch(SkuDiff::rewritten);
        }
    }

    /** Row hashes of one SKU in the first file, by seq (the first 8 bytes are plenty to tell rows apart). */
    private static final class Prefixes {
        long openSeq;
        long[] hashes = new long[16];
        int count;

        void add(long seq, byte[] hash) {
            int i = (int) (seq - openSeq - 1);
            if (i != count) {
                return;  // out of sequence: the verifier reports it; compare only what chains
            }
            if (count == hashes.length) {
                hashes = Arrays.copyOf(hashes, count * 2);
            }
            hashes[count++] = prefix(hash);
        }

        Long at(long seq) {
            long i = seq - openSeq - 1;
            return i >= 0 && i < count ? hashes[(int) i] : null;
        }
    }

    private ExportDiff() {
    }

    public static Result diff(Path a, Path b, VerifyOptions options) {
        LongMap<Prefixes> first = new LongMap<>();
        try (ExportFile f = ExportFile.open(a)) {
            for (Manifest.SkuHistory h : f.manifest().skus().values()) {
                Prefixes p = new Prefixes();
                p.openSeq = h.openSeq();
                first.put(h.skuId(), p);
            }
        } catch (UnusableExportException e) {
            return new Result(VerifyReport.unusable(a.toString(), e.getMessage(), 0), null, List.of(), 0);
        }
        VerifyReport ra = ExportVerifier.verify(a, options.listener(row -> {
            Prefixes p = first.get(row.skuId());
            if (p != null) {
                p.add(row.seq(), row.storedHash());
            }
        }));
        if (ra.outcome() == VerifyReport.Outcome.UNUSABLE) {
            return new Result(ra, null, List.of(), 0);
        }
        LongMap<long[]> firstDiff = new LongMap<>();  // sku -> {first differing seq}
        VerifyReport rb = ExportVerifier.verify(b, options.listener(new LedgerListener() {
            @Override
            public void row(ExportRow row) {
                Prefixes p = first.get(row.skuId());
                if (p == null || firstDiff.get(row.skuId()) != null) {
                    return;
                }
                Long h = p.at(row.seq());
                if (h != null && h != prefix(row.storedHash())) {
                    firstDiff.put(row.skuId(), new long[] {row.seq()});
                }
            }
        }));
        if (rb.outcome() == VerifyReport.Outcome.UNUSABLE) {
            return new Result(ra, rb, List.of(), 0);
        }
        Manifest ma = ra.manifest();
        Manifest mb = rb.manifest();
        List<SkuDiff> out = new ArrayList<>();
        int unchanged = 0;
        TreeMap<String, long[]> all = new TreeMap<>();
        ma.skus().values().forEach(h -> all.put(h.code(), new long[] {h.skuId(), 1}));
        mb.skus().values().forEach(h -> all.merge(h.code(), new long[] {h.skuId(), 2}, (x, y) -> new long[] {x[0], 3}));
        for (var e : all.entrySet()) {
            long sku = e.getValue()[0];
            int where = (int) e.getValue()[1];
            Manifest.SkuHistory ha = ma.skus().get(sku);
            Manifest.SkuHistory hb = mb.skus().get(sku);
            if (where == 1) {
                out.add(new SkuDiff(e.getKey(), "only in the first file (" + ha.headOnHand() + " on hand); the second has no such SKU", false));
                continue;
            }
            if (where == 2) {
                out.add(new SkuDiff(e.getKey(), "new in the second file: " + hb.rows() + " rows, ends at " + hb.headOnHand()
                        + " on hand, " + hb.headReserved() + " reserved", false));
                continue;
            }
            long[] d = firstDiff.get(sku);
            if (d != null) {
                out.add(new SkuDiff(e.getKey(), "HISTORY REWRITTEN: seq " + d[0] + " differs between the files; the first file's "
                        + "row at that seq is not in the second", true));
                continue;
            }
            if (hb.headSeq() < ha.headSeq()) {
                boolean covered = hb.openSeq() <= ha.headSeq();
                out.add(new SkuDiff(e.getKey(), "the second file stops at seq " + hb.headSeq() + ", " + (ha.headSeq() - hb.headSeq())
                        + " rows before the first (seq " + ha.headSeq() + ")" + (covered ? ": rows are missing" : ""), false));
                continue;
            }
            if (hb.headSeq() == ha.headSeq() && Arrays.equals(hb.headHash(), ha.headHash())) {
                unchanged++;
                continue;
            }
            if (hb.openSeq() > ha.headSeq()) {
                out.add(new SkuDiff(e.getKey(), "the second file starts after the first ends (seq " + hb.openSeq() + " > "
                        + ha.headSeq() + "): the files do not overlap", false));
                continue;
            }
            long added = hb.headSeq() - ha.headSeq();
            out.add(new SkuDiff(e.getKey(), "continues the first file's history and adds " + added + " row" + (added == 1 ? "" : "s")
                    + " (seq " + (ha.headSeq() + 1) + " to " + hb.headSeq() + "): on hand " + ha.headOnHand() + " -> "
                    + hb.headOnHand() + ", reserved " + ha.headReserved() + " -> " + hb.headReserved(), false));
        }
        return new Result(ra, rb, List.copyOf(out), unchanged);
    }

    static long prefix(byte[] hash) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (hash[i] & 0xFF);
        }
        return v;
    }
}
