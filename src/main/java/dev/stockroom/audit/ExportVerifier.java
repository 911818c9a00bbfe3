package dev.stockroom.audit;

import static dev.stockroom.audit.ExportLayout.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Verifies an export with no database: the manifest's signature, each part against its signed
 * digest and row count, every SKU's chain and balances from the canonical encoding, the
 * reservation totals against the ledger, and (given one) an earlier checkpoint. Streams the
 * ledger once; other readers (replay, anomalies) ride along on the same pass.
 */
public final class ExportVerifier {
    private static final Set<String> STATUSES = Set.of("held", "confirmed", "released", "expired");

    private final ExportFile file;
    private final VerifyOptions options;
    private final Findings findings = new Findings();
    private final List<String> notes = new ArrayList<>();
    private final LongMap<byte[]> codes = new LongMap<>();
    private final Map<Long, long[]> reservations = new HashMap<>();  // sku -> {held at end, made in range, closed in range}

    private ExportVerifier(ExportFile file, VerifyOptions options) {
        this.file = file;
        this.options = options;
    }

    /** Verifies the file; never throws for a bad file: an unusable one gives an UNUSABLE report. */
    public static VerifyReport verify(Path path, VerifyOptions options) {
        long started = System.nanoTime();
        try (ExportFile file = ExportFile.open(path)) {
            return new ExportVerifier(file, options).run(started);
        } catch (UnusableExportException e) {
            return VerifyReport.unusable(path.toString(), e.getMessage(), System.nanoTime() - started);
        }
    }

    public static VerifyReport verify(Path path) {
        return verify(path, VerifyOptions.defaults());
    }

    private VerifyReport run(long started) {
        Manifest m = file.manifest();
        String signer = AuditKeys.text(m.signerKey()) + " (fingerprint " + AuditKeys.fingerprint(m.signerKey()) + ")";
        checkSignature(m);
        Checkpoint cp = options.checkpoint();
        if (cp != null) {
            checkCheckpointItself(cp, m);
        }
        ChainVerifier chains = new ChainVerifier(findings, m.skus(), true);
        if (cp != null) {
            chains.checkpoint(cp);
        }
        try {
            readSkus(m);
            readReservations(m);
            readLedger(m, chains);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        chains.finish();
        checkReservationTotals(m, chains);
        long nanos = System.nanoTime() - started;
        VerifyReport.Outcome outcome = findings.any() ? VerifyReport.Outcome.FAILED : VerifyReport.Outcome.PASSED;
        return new VerifyReport(outcome, file.path().toString(), m, signer, List.copyOf(notes), chains.rows(),
                m.skus().size(), nanos, findings.ordered(), findings.total(), null);
    }

    private void checkSignature(Manifest m) {
        SignedText signed = file.signedManifest();
        Trust trust = options.trust();
        if (!signed.signed()) {
            findings.add(Finding.Kind.SIGNATURE, null, 0, MANIFEST, "the manifest carries no signature: anyone could have written it");
        } else if (!signed.signatureValid(m.signerKey())) {
            findings.add(Finding.Kind.SIGNATURE, null, 0, MANIFEST, "the signature does not match the manifest: the manifest "
                    + "was changed after it was signed, or the signature belongs to another file");
        } else if (trust.anchored() && !trust.trusts(m.signerKey())) {
            findings.add(Finding.Kind.SIGNATURE, null, 0, MANIFEST, "it is signed by key " + AuditKeys.fingerprint(m.signerKey())
                    + ", which is not a key you trust (--trust): someone other than the seller signed it");
        } else if (!trust.anchored()) {
            notes.add("The signature is valid, but nobody said whose key to expect: compare the fingerprint "
                    + AuditKeys.fingerprint(m.signerKey()) + " with the seller's (stockroom audit key), or pass --trust.");
        }
    }

    private void checkCheckpointItself(Checkpoint cp, Manifest m) {
        if (!cp.signatureValid()) {
            findings.add(Finding.Kind.SIGNATURE, null, 0, "checkpoint", "the checkpoint's signature does not match it: "
                    + "the checkpoint was changed after it was signed");
        } else if (options.trust().anchored() && !options.trust().trusts(cp.signerKey())) {
            findings.add(Finding.Kind.SIGNATURE, null, 0, "checkpoint", "the checkpoint is signed by key "
                    + AuditKeys.fingerprint(cp.signerKey()) + ", which is not a key you trust (--trust)");
        }
        if (cp.sellerId() != m.sellerId()) {
            findings.add(Finding.Kind.CHECKPOINT, null, 0, "checkpoint", "the checkpoint is for seller " + cp.sellerId()
                    + " but this export is seller " + m.sellerId() + "'s");
        }
    }

    private void readSkus(Manifest m) throws IOException {
        try (DigestingInput in = new DigestingInput(file.part(SKUS))) {
            CsvReader csv = new CsvReader(in, SKUS);
            expectHeader(csv, SKUS, SKU_COLUMNS);
            long rows = 0;
            while (csv.next()) {
                rows++;
                long id = csv.fields() == SKU_COLUMNS.size() ? csv.number(0) : Long.MIN_VALUE;
                if (id == Long.MIN_VALUE) {
                    findings.add(Finding.Kind.ROW, null, 0, SKUS + " row " + csv.line(), "it cannot be read as a SKU");
                    continue;
                }
                codes.put(id, Arrays.copyOfRange(csv.bytes(), csv.start(1), csv.end(1)));
                for (LedgerListener l : options.listeners()) {
                    l.sku(id, csv.text(1), csv.text(3).equals("yes"));
                }
            }
            in.transferTo(java.io.OutputStream.nullOutputStream());
            checkPart(m, SKUS, in, rows);
        }
    }

    private void readReservations(Manifest m) throws IOException {
        long from = m.rangeFrom() == null ? Long.MIN_VALUE : LedgerHash.micros(m.rangeFrom());
        DigestingInput digest = new DigestingInput(file.part(RESERVATIONS));
        try (PrefetchInput in = new PrefetchInput(digest, RESERVATIONS)) {
            CsvReader csv = new CsvReader(in, RESERVATIONS);
            expectHeader(csv, RESERVATIONS, RESERVATION_COLUMNS);
            long rows = 0;
            while (csv.next()) {
                rows++;
                ReservationRow r = reservation(csv);
                if (r == null) {
                    continue;
                }
                long[] sums = reservations.computeIfAbsent(r.skuId(), k -> new long[3]);
                if (r.heldAtEnd()) {
                    sums[0] += r.qty();
                }
                if (r.reservedAt() >= from) {
                    sums[1] += r.qty();
                }
                if (r.closed() && r.closedAt() >= from) {
                    sums[2] += r.qty();
                }
                for (LedgerListener l : options.listeners()) {
                    l.reservation(r);
                }
            }
            in.transferTo(java.io.OutputStream.nullOutputStream());
            checkPart(m, RESERVATIONS, digest, rows);
        }
    }

    private ReservationRow reservation(CsvReader csv) {
        String where = RESERVATIONS + " row " + csv.line();
        if (csv.fields() != RESERVATION_COLUMNS.size()) {
            findings.add(Finding.Kind.RESERVATION, null, 0, where, "it has " + csv.fields() + " columns where a reservation has "
                    + RESERVATION_COLUMNS.size());
            return null;
        }
        long sku = csv.number(R_SKU_ID);
        long qty = csv.number(R_QTY);
        String status = csv.text(R_STATUS);
        long expires = Moments.parseIso(csv.bytes(), csv.start(R_EXPIRES_AT), csv.length(R_EXPIRES_AT));
        long reserved = Moments.parseIso(csv.bytes(), csv.start(R_RESERVED_AT), csv.length(R_RESERVED_AT));
        boolean open = csv.isNull(R_CLOSED_AT);
        long closed = open ? 0 : Moments.parseIso(csv.bytes(), csv.start(R_CLOSED_AT), csv.length(R_CLOSED_AT));
        String problem = null;
        if (sku == Long.MIN_VALUE) {
            problem = "its sku_id is not a whole number";
        } else if (qty <= 0 || qty > Integer.MAX_VALUE) {
            problem = "its qty " + csv.quoted(R_QTY) + " is not a positive whole number";
        } else if (!STATUSES.contains(status)) {
            problem = "its status " + csv.quoted(R_STATUS) + " is not held, confirmed, released or expired";
        } else if (expires == Moments.INVALID || reserved == Moments.INVALID || closed == Moments.INVALID) {
            problem = "one of its times is not a UTC time like 2026-10-31T23:59:59.123456Z";
        } else if (status.equals("held") != open) {
            problem = "it is " + status + (open ? " with no closing time" : " yet has a closing time");
        }
        if (problem != null) {
            findings.add(Finding.Kind.RESERVATION, null, 0, where, problem);
            return null;
        }
        return new ReservationRow(csv.textOrNull(R_CHANNEL), csv.textOrNull(R_ORDER_REF), csv.text(R_SKU), sku, (int) qty,
                status, expires, reserved, open ? Long.MIN_VALUE : closed, csv.line());
    }

    private void readLedger(Manifest m, ChainVerifier chains) throws IOException {
        long total = file.size(LEDGER);
        List<LedgerListener> listeners = options.listeners();
        AuditProgress progress = options.progress();
        for (ChainVerifier.Chain c : chains.chains().values()) {
            c.codeBytes = codes.get(c.skuId);
        }
        DigestingInput digest = new DigestingInput(file.part(LEDGER));
        try (PrefetchInput in = new PrefetchInput(digest, LEDGER)) {
            CsvReader csv = new CsvReader(in, LEDGER);
            expectHeader(csv, LEDGER, LEDGER_COLUMNS);
            ExportRow row = new ExportRow(csv, m.sellerId());
            long rows = 0;
            while (csv.next()) {
                rows++;
                String problem = row.load();
                if (problem != null) {
                    findings.add(Finding.Kind.ROW, null, 0, row.where(), "the row cannot be read: " + problem);
                    continue;
                }
                ChainVerifier.Chain c = chains.accept(row);
                if (c.codeBytes != null && !row.skuCodeIs(c.codeBytes)) {
                    findings.add(Finding.Kind.ROW, c.code, row.seq(), row.where(), "its sku cell says " + row.skuCodeQuoted()
                            + " but sku_id " + row.skuId() + " is \"" + new String(c.codeBytes, StandardCharsets.UTF_8) + "\" in " + SKUS);
                }
                for (LedgerListener l : listeners) {
                    l.row(row);
                }
                if ((rows & 0xFFFF) == 0) {
                    progress.update(digest.bytes(), total);
                }
            }
            in.transferTo(java.io.OutputStream.nullOutputStream());  // to the end, so the digest covers the whole part
            progress.update(digest.bytes(), total);
            checkPart(m, LEDGER, digest, rows);
        }
    }

    private void checkReservationTotals(Manifest m, ChainVerifier chains) {
        for (Manifest.SkuHistory h : m.skus().values()) {
            ChainVerifier.Chain c = chains.chains().get(h.skuId());
            long[] sums = reservations.getOrDefault(h.skuId(), new long[3]);
            if (sums[0] != c.reserved) {
                findings.add(Finding.Kind.RESERVATION, c.code, 0, RESERVATIONS, "the reservations held at the end add up to "
                        + sums[0] + " but the ledger ends with " + c.reserved + " reserved");
            }
            if (sums[1] != c.reservedIn) {
                findings.add(Finding.Kind.RESERVATION, c.code, 0, RESERVATIONS, "the reservations made in the range add up to "
                        + sums[1] + " but the ledger's reserve rows hold " + c.reservedIn);
            }
            if (sums[2] != c.closedOut) {
                findings.add(Finding.Kind.RESERVATION, c.code, 0, RESERVATIONS, "the reservations closed in the range add up to "
                        + sums[2] + " but the ledger's confirm, release and expire rows close " + c.closedOut);
            }
        }
        for (Long sku : reservations.keySet()) {
            if (!m.skus().containsKey(sku)) {
                findings.add(Finding.Kind.RESERVATION, "sku#" + sku, 0, RESERVATIONS, "reservations for a SKU the manifest does not list");
            }
        }
    }

    private void checkPart(Manifest m, String part, DigestingInput in, long rows) throws IOException {
        Manifest.Part signed = m.part(part);
        if (!Arrays.equals(in.digest(), signed.sha256())) {
            findings.add(Finding.Kind.PART, null, 0, part, "it is not the file the manifest signed (its SHA-256 differs): "
                    + "it was changed after the export");
        }
        if (rows != signed.rows()) {
            findings.add(Finding.Kind.PART, null, 0, part, "it has " + rows + " rows; the signed manifest says " + signed.rows());
        }
    }

    private static void expectHeader(CsvReader csv, String part, List<String> columns) throws IOException {
        if (!csv.next()) {
            throw new UnusableExportException(part + " is empty: it should start with its column names");
        }
        boolean same = csv.fields() == columns.size();
        for (int i = 0; same && i < columns.size(); i++) {
            same = csv.text(i).equals(columns.get(i));
        }
        if (!same) {
            throw new UnusableExportException(part + " does not have the columns of a Stockroom export (" + String.join(", ", columns)
                    + "): it is damaged or from another program");
        }
    }
}
