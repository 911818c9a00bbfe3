package dev.stockroom.audit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A signed note of where every SKU's chain stood at a moment (head seq and hash), kept apart
 * from the database. A later export, or the live ledger, whose chains pass through these
 * heads has not rewritten anything before them: the hash at a seq fixes every row up to it.
 */
public record Checkpoint(long sellerId, String sellerName, Instant takenAt, String takenBy, PublicKey signerKey,
                         Map<Long, Head> heads, boolean signatureValid) {

    static final String HEADER = "stockroom-audit-checkpoint";
    public static final int FORMAT_VERSION = 1;

    public record Head(long skuId, String code, long seq, byte[] hash, int onHand, int reserved) {
    }

    static byte[] sign(long sellerId, String sellerName, Instant takenAt, String takenBy, Map<Long, Head> heads, AuditKeys keys) {
        SignedText.Builder b = new SignedText.Builder(HEADER)
                .comment("Stockroom checkpoint: where each SKU's ledger chain stood. Keep it away from the database.")
                .comment("Check a later export against it: stockroom audit verify FILE --checkpoint THIS_FILE")
                .add("format-version", FORMAT_VERSION)
                .add("seller-id", sellerId)
                .add("seller-name", sellerName)
                .add("taken-at", Moments.iso(takenAt))
                .add("taken-by", takenBy)
                .add("signer-key", keys.publicKeyText())
                .comment("sku: sku_id seq hash on_hand reserved code");
        for (Head h : heads.values()) {
            b.add("sku", h.skuId() + " " + h.seq() + " " + Hex.of(h.hash()) + " " + h.onHand() + " " + h.reserved() + " " + h.code());
        }
        return b.sign(keys);
    }

    public static Checkpoint read(Path file) {
        byte[] bytes;
        try {
            if (Files.size(file) > SignedText.MAX_BYTES) {
                throw new UnusableExportException(file + " is far too large to be a checkpoint");
            }
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readAllBytes();
            }
        } catch (NoSuchFileException e) {
            throw new UnusableExportException("There is no checkpoint file at " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (bytes.length == 0) {
            throw new UnusableExportException("The checkpoint " + file + " is empty");
        }
        SignedText t = SignedText.parse(bytes, "The checkpoint " + file.getFileName());
        t.expect(HEADER, FORMAT_VERSION);
        try {
            PublicKey key = AuditKeys.parsePublicKey(t.one("signer-key"));
            Map<Long, Head> heads = new LinkedHashMap<>();
            for (SignedText.Entry e : t.all("sku")) {
                String[] f = e.value().split(" ", 6);
                byte[] hash = f.length == 6 ? Hex.hash(f[2]) : null;
                if (hash == null) {
                    throw new UnusableExportException("The checkpoint's line " + e.line() + " is damaged");
                }
                heads.put(Long.parseLong(f[0]), new Head(Long.parseLong(f[0]), f[5], Long.parseLong(f[1]), hash,
                        Integer.parseInt(f[3]), Integer.parseInt(f[4])));
            }
            long micros = Moments.parseIso(t.one("taken-at"));
            if (micros == Moments.INVALID) {
                throw new UnusableExportException("The checkpoint's taken-at is not a UTC time: it is damaged");
            }
            return new Checkpoint(Long.parseLong(t.one("seller-id")), t.one("seller-name"), LedgerHash.fromMicros(micros),
                    t.one("taken-by"), key, Collections.unmodifiableMap(heads), t.signatureValid(key));
        } catch (NumberFormatException e) {
            throw new UnusableExportException("The checkpoint holds a number that is not one: it is damaged");
        } catch (IllegalArgumentException e) {
            throw new UnusableExportException("The checkpoint's signer-key is damaged: " + e.getMessage());
        }
    }
}
