package dev.stockroom.audit;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes one export file as a stream (SKUs, then ledger rows, then reservations, then the
 * signed manifest), whatever the source: the live database or the bench's generator. Memory
 * holds one entry per SKU, never the rows. The file appears at its name only when complete.
 */
final class ExportWriter implements AutoCloseable {
    private final Path target;
    private final Path partial;
    private final AuditKeys keys;
    private final ZipOutputStream zip;
    private final List<Manifest.Part> parts = new ArrayList<>();
    private final Map<Long, Track> skus = new TreeMap<>();
    private final Map<Long, String> codes = new LinkedHashMap<>();
    private String currentPart;
    private DigestOutputStream digest;
    private OutputStream out;
    private CsvWriter csv;
    private long rows;
    private boolean finished;

    /** Where a SKU's history in the file starts and where it has got to. */
    private static final class Track {
        final long skuId;
        final String code;
        final long openSeq;
        byte[] openHash;  // null until the exporter has asked for it (see unopened)
        final int openOnHand;
        final int openReserved;
        long seq;
        byte[] hash;
        int onHand;
        int reserved;
        long rows;

        Track(long skuId, String code, long openSeq, byte[] openHash, int openOnHand, int openReserved) {
            this.skuId = skuId;
            this.code = code;
            this.openSeq = openSeq;
            this.openHash = openHash;
            this.openOnHand = openOnHand;
            this.openReserved = openReserved;
            this.seq = openSeq;
            this.hash = openHash;
            this.onHand = openOnHand;
            this.reserved = openReserved;
        }
    }

    ExportWriter(Path target, AuditKeys keys) {
        this.target = target.toAbsolutePath();
        this.partial = this.target.resolveSibling(this.target.getFileName() + ".partial");
        this.keys = keys;
        try {
            Path dir = this.target.getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            this.zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16));
            zip.setLevel(Deflater.NO_COMPRESSION);  // stored blocks: the verifier reads them at copy speed
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------- SKUs

    void beginSkus() throws IOException {
        begin(ExportLayout.SKUS, ExportLayout.SKU_COLUMNS);
    }

    void sku(long skuId, String code, String title, boolean kit, String barcodes) throws IOException {
        codes.put(skuId, code);
        csv.number(skuId).text(code).text(title).text(kit ? "yes" : "no").text(barcodes == null ? "" : barcodes).end();
        rows++;
    }

    /** Where a SKU's history in this file starts: the genesis (seq 0) or the last row before the range. */
    void opening(long skuId, long seq, byte[] hash, int onHand, int reserved) {
        skus.put(skuId, new Track(skuId, codes.getOrDefault(skuId, "sku#" + skuId), seq, hash.clone(), onHand, reserved));
    }

    // ----------------------------------------------------------------- ledger

    void beginLedger() throws IOException {
        begin(ExportLayout.LEDGER, ExportLayout.LEDGER_COLUMNS);
    }

    void ledgerRow(LedgerRow r) throws IOException {
        Track t = skus.get(r.skuId());
        if (t == null) {  // a SKU the opening pass did not list: its history starts just before this row
            t = new Track(r.skuId(), codes.getOrDefault(r.skuId(), "sku#" + r.skuId()), r.seq() - 1, r.prevHash().clone(),
                    r.onHandAfter() - r.onHandDelta(), r.reservedAfter() - r.reservedDelta());
            skus.put(r.skuId(), t);
        }
        csv.text(Moments.iso(r.createdAt())).text(t.code).number(r.seq()).text(r.kind())
                .number(r.onHandDelta()).number(r.reservedDelta()).number(r.onHandAfter()).number(r.reservedAfter())
                .text(r.channel()).text(r.orderRef()).text(r.reason()).text(r.actor())
                .text(r.movementId() == null ? null : r.movementId().toString()).number(r.skuId()).text(Hex.of(r.hash())).end();
        t.seq = r.seq();
        t.hash = r.hash();
        t.onHand = r.onHandAfter();
        t.reserved = r.reservedAfter();
        t.rows++;
        rows++;
    }

    /** sku_id to code as written to skus.csv; not changed after the SKUs part, so readers on other threads may share it. */
    Map<Long, String> skuCodes() {
        return java.util.Collections.unmodifiableMap(codes);
    }

    /** Ledger rows already written as CSV ({@link LedgerCopy}), in file order; the block ending a stretch moves the SKUs' heads. */
    void ledgerCsv(LedgerCopy.Block block) throws IOException {
        out.write(block.data, 0, block.length);
        rows += block.rows;
        if (block.spans == null) {
            return;
        }
        for (LedgerCsv.SkuSpan s : block.spans.values()) {
            Track t = skus.get(s.skuId);
            if (t == null) {  // as in ledgerRow: a SKU the opening pass did not list starts just before its first row
                t = new Track(s.skuId, codes.getOrDefault(s.skuId, "sku#" + s.skuId), s.firstSeq - 1, null,
                        s.onHandBefore, s.reservedBefore);
                skus.put(s.skuId, t);
            }
            t.seq = s.lastSeq;
            t.hash = s.lastHash;
            t.onHand = s.lastOnHand;
            t.reserved = s.lastReserved;
            t.rows += s.rows;
        }
    }

    /** SKUs with rows in the file but no opening (no stock row): sku_id to the seq before their first row here. */
    Map<Long, Long> unopened() {
        Map<Long, Long> out = new LinkedHashMap<>();
        skus.values().stream().filter(t -> t.openHash == null).forEach(t -> out.put(t.skuId, t.openSeq));
        return out;
    }

    /** The prev_hash of such a SKU's first row in the file: where its history here continues from. */
    void opened(long skuId, byte[] prevHash) {
        skus.get(skuId).openHash = prevHash.clone();
    }

    // ----------------------------------------------------------- reservations

    void beginReservations() throws IOException {
        begin(ExportLayout.RESERVATIONS, ExportLayout.RESERVATION_COLUMNS);
    }

    void reservation(String channel, String orderRef, long skuId, int qty, String statusAtEnd, Instant expiresAt,
                     Instant reservedAt, Instant closedAt, String reserveMovement, String closeMovement) throws IOException {
        csv.text(channel).text(orderRef).text(codes.getOrDefault(skuId, "sku#" + skuId)).number(skuId).number(qty)
                .text(statusAtEnd).text(Moments.iso(expiresAt)).text(Moments.iso(reservedAt))
                .text(closedAt == null ? null : Moments.iso(closedAt)).text(reserveMovement).text(closeMovement).end();
        rows++;
    }

    // ----------------------------------------------------------------- finish

    /** Writes the README and the signed manifest, and puts the file in place. */
    Manifest finish(long sellerId, String sellerName, Instant exportedAt, String exportedBy, Instant from, Instant to)
            throws IOException {
        endPart();
        zip.putNextEntry(new ZipEntry(ExportLayout.README));
        zip.write(ExportLayout.README_TEXT.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
        Map<Long, Manifest.SkuHistory> histories = new LinkedHashMap<>();
        for (Track t : skus.values()) {
            histories.put(t.skuId, new Manifest.SkuHistory(t.skuId, t.code, t.openSeq, t.openHash, t.openOnHand, t.openReserved,
                    t.seq, t.hash, t.onHand, t.reserved, t.rows));
        }
        Manifest manifest = new Manifest(sellerId, sellerName, exportedAt, exportedBy, from, to, keys.publicKey(),
                List.copyOf(parts), histories);
        zip.putNextEntry(new ZipEntry(ExportLayout.MANIFEST));
        zip.write(manifest.text().sign(keys));
        zip.closeEntry();
        zip.close();
        try {
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        }
        finished = true;
        return manifest;
    }

    private void begin(String name, List<String> columns) throws IOException {
        endPart();
        zip.putNextEntry(new ZipEntry(name));
        currentPart = name;
        digest = new DigestOutputStream(new FilterOutputStream(zip) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() {
                // the zip stays open for the next part
            }
        }, sha256());
        out = new BufferedOutputStream(digest, 1 << 16);
        csv = new CsvWriter(out).bom();
        csv.row(columns.toArray(String[]::new));
        rows = 0;
    }

    private void endPart() throws IOException {
        if (currentPart == null) {
            return;
        }
        out.flush();
        zip.closeEntry();
        parts.add(new Manifest.Part(currentPart, rows, digest.getMessageDigest().digest()));
        currentPart = null;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (!finished) {
            try {
                zip.close();
            } catch (IOException | RuntimeException ignored) {
                // the partial file is removed below either way
            }
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // nothing more to do: it is named .partial
            }
        }
    }
}
