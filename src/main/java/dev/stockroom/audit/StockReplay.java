package dev.stockroom.audit;

import dev.stockroom.ledger.StockAt;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stock of every SKU at past moments, from an export alone: the balances after each SKU's
 * last row at or before the moment (the SKU's opening balances when it has none in the
 * range). Rides on the verifier's pass, so the answer comes with the file's verdict.
 */
public final class StockReplay implements LedgerListener {
    private final Instant[] moments;
    private final long[] micros;
    private final Map<Long, long[][]> state = new HashMap<>();  // sku -> per moment {on hand, reserved, seq}
    private final Map<Long, String> codes = new HashMap<>();
    private final List<Long> order = new ArrayList<>();

    /** The file's verdict and the stock at each moment asked for (SKUs in code order). */
    public record Result(VerifyReport report, Map<Instant, List<StockAt>> stock) {
        public List<StockAt> at(Instant moment) {
            return stock.get(moment);
        }
    }

    private StockReplay(Manifest manifest, List<Instant> moments) {
        this.moments = moments.toArray(Instant[]::new);
        this.micros = Arrays.stream(this.moments).mapToLong(LedgerHash::micros).toArray();
        for (Manifest.SkuHistory h : manifest.skus().values()) {
            long[][] s = new long[this.moments.length][];
            for (int i = 0; i < s.length; i++) {
                s[i] = new long[] {h.openOnHand(), h.openReserved(), h.openSeq()};
            }
            state.put(h.skuId(), s);
            codes.put(h.skuId(), h.code());
            order.add(h.skuId());
        }
    }

    public static Result replay(Path file, List<Instant> moments, VerifyOptions options) {
        Manifest manifest;
        try (ExportFile f = ExportFile.open(file)) {
            manifest = f.manifest();
        } catch (UnusableExportException e) {
            return new Result(VerifyReport.unusable(file.toString(), e.getMessage(), 0), Map.of());
        }
        for (Instant at : moments) {
            if (manifest.rangeFrom() != null && at.isBefore(manifest.rangeFrom())) {
                throw new IllegalArgumentException("The export starts at " + manifest.rangeFrom() + "; " + at
                        + " is before it, so its stock is not in this file. Export a range that starts earlier.");
            }
        }
        StockReplay replay = new StockReplay(manifest, moments);
        VerifyReport report = ExportVerifier.verify(file, options.listener(replay));
        return new Result(report, replay.result());
    }

    @Override
    public void row(ExportRow r) {
        long[][] s = state.get(r.skuId());
        if (s == null) {
            return;  // not in the manifest: the verifier reports it
        }
        long t = r.micros();
        for (int i = 0; i < micros.length; i++) {
            if (t <= micros[i]) {
                long[] x = s[i];
                x[0] = r.onHandAfter();
                x[1] = r.reservedAfter();
                x[2] = r.seq();
            }
        }
    }

    private Map<Instant, List<StockAt>> result() {
        List<Long> skus = new ArrayList<>(order);
        skus.sort((a, b) -> codes.get(a).compareTo(codes.get(b)));
        Map<Instant, List<StockAt>> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < moments.length; i++) {
            List<StockAt> list = new ArrayList<>(skus.size());
            for (Long sku : skus) {
                long[] x = state.get(sku)[i];
                list.add(new StockAt(codes.get(sku), moments[i], (int) x[0], (int) x[1], x[2]));
            }
            out.put(moments[i], List.copyOf(list));
        }
        return out;
    }

    /** Whether the moment lies after the end of the export (later changes are not in the file). */
    public static boolean pastEnd(Manifest m, Instant at) {
        return at.isAfter(m.rangeTo());
    }
}
