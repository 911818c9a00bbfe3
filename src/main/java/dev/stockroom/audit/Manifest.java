package dev.stockroom.audit;

import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an export says about itself, signed: who and when, the time range, each part's row
 * count and SHA-256, and for every SKU where its history starts and ends in the file (seq,
 * hash and balances), so a cut tail or an added row shows against the signature.
 */
public record Manifest(
        long sellerId, String sellerName, Instant exportedAt, String exportedBy,
        Instant rangeFrom, Instant rangeTo, PublicKey signerKey,
        List<Part> parts, Map<Long, SkuHistory> skus) {

    static final String HEADER = "stockroom-audit-export";
    public static final int FORMAT_VERSION = 1;

    /** One file inside the export. */
    public record Part(String name, long rows, byte[] sha256) {
    }

    /**
     * A SKU's history in the file: it continues from {@code open*} (the genesis, or the last row
     * before the range) and ends at {@code head*}, with {@code rows} rows in between.
     */
    public record SkuHistory(long skuId, String code,
                             long openSeq, byte[] openHash, int openOnHand, int openReserved,
                             long headSeq, byte[] headHash, int headOnHand, int headReserved, long rows) {
    }

    public Part part(String name) {
        for (Part p : parts) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new UnusableExportException("The manifest lists no " + name + ": the file is damaged or not a Stockroom export");
    }

    /** Text before signing. */
    SignedText.Builder text() {
        SignedText.Builder b = new SignedText.Builder(HEADER)
                .comment("Stockroom ledger export. Verify it with: stockroom audit verify FILE --trust <the seller's public key>")
                .add("format-version", FORMAT_VERSION)
                .add("seller-id", sellerId)
                .add("seller-name", sellerName)
                .add("exported-at", Moments.iso(exportedAt))
                .add("exported-by", exportedBy)
                .add("range-from", rangeFrom == null ? "beginning" : Moments.iso(rangeFrom))
                .add("range-to", Moments.iso(rangeTo))
                .add("signer-key", AuditKeys.text(signerKey))
                .comment("part: name rows sha256");
        for (Part p : parts) {
            b.add("part", p.name() + " " + p.rows() + " " + Hex.of(p.sha256()));
        }
        b.comment("sku: sku_id | opening seq hash on_hand reserved | head seq hash on_hand reserved | rows | code");
        for (SkuHistory s : skus.values()) {
            b.add("sku", s.skuId() + " " + s.openSeq() + " " + Hex.of(s.openHash()) + " " + s.openOnHand() + " " + s.openReserved()
                    + " " + s.headSeq() + " " + Hex.of(s.headHash()) + " " + s.headOnHand() + " " + s.headReserved()
                    + " " + s.rows() + " " + s.code());
        }
        return b;
    }

    static Manifest parse(SignedText t) {
        t.expect(HEADER, FORMAT_VERSION);
        try {
            long seller = Long.parseLong(t.one("seller-id"));
            String from = t.one("range-from");
            PublicKey key = AuditKeys.parsePublicKey(t.one("signer-key"));
            List<Part> parts = new ArrayList<>();
            for (SignedText.Entry e : t.all("part")) {
                String[] f = e.value().split(" ");
                byte[] sha = f.length == 3 ? Hex.hash(f[2]) : null;
                if (sha == null) {
                    throw damaged(e);
                }
                parts.add(new Part(f[0], Long.parseLong(f[1]), sha));
            }
            Map<Long, SkuHistory> skus = new LinkedHashMap<>();
            for (SignedText.Entry e : t.all("sku")) {
                String[] f = e.value().split(" ", 11);
                if (f.length != 11) {
                    throw damaged(e);
                }
                byte[] openHash = Hex.hash(f[2]);
                byte[] headHash = Hex.hash(f[6]);
                if (openHash == null || headHash == null) {
                    throw damaged(e);
                }
                SkuHistory s = new SkuHistory(Long.parseLong(f[0]), f[10], Long.parseLong(f[1]), openHash,
                        Integer.parseInt(f[3]), Integer.parseInt(f[4]), Long.parseLong(f[5]), headHash,
                        Integer.parseInt(f[7]), Integer.parseInt(f[8]), Long.parseLong(f[9]));
                if (skus.put(s.skuId(), s) != null) {
                    throw new UnusableExportException("The manifest lists sku_id " + s.skuId() + " twice (line " + e.line() + ")");
                }
            }
            return new Manifest(seller, t.one("seller-name"), instant(t.one("exported-at")), t.one("exported-by"),
                    from.equals("beginning") ? null : instant(from), instant(t.one("range-to")), key,
                    List.copyOf(parts), Collections.unmodifiableMap(skus));
        } catch (NumberFormatException e) {
            throw new UnusableExportException("The manifest holds a number that is not one (" + e.getMessage() + "): it is damaged");
        } catch (IllegalArgumentException e) {
            throw new UnusableExportException("The manifest's signer-key is damaged: " + e.getMessage());
        }
    }

    private static UnusableExportException damaged(SignedText.Entry e) {
        return new UnusableExportException("The manifest's line " + e.line() + " (" + e.key() + ") is damaged");
    }

    private static Instant instant(String iso) {
        long micros = Moments.parseIso(iso);
        if (micros == Moments.INVALID) {
            throw new UnusableExportException("The manifest's moment \"" + iso + "\" is not a UTC time: it is damaged");
        }
        return LedgerHash.fromMicros(micros);
    }

    /** "2026-11-01T00:00:00Z" or "the beginning" for messages. */
    public String rangeText() {
        return (rangeFrom == null ? "the beginning" : rangeFrom.toString()) + " to " + rangeTo;
    }
}
