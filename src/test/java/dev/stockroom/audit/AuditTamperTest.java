package dev.stockroom.audit;

import static dev.stockroom.audit.AuditFixtures.cells;
import static dev.stockroom.audit.AuditFixtures.edit;
import static dev.stockroom.audit.AuditFixtures.join;
import static dev.stockroom.audit.AuditFixtures.lines;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.ledger.StockKernel;
import dev.stockroom.ledger.StockQueries;
import dev.stockroom.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of tampering an auditor worries about is caught, and the report names the place. */
class AuditTamperTest {
    static TestDatabase db;
    static AuditKeys sellerKey = AuditKeys.generate();
    static Trust trustSeller;
    @TempDir
    static Path dir;
    static Path original;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.fresh();
        long seller = db.newSeller("Tamper Teas", "tamper_seller");
        StockKernel kernel = db.kernel("tamper_seller", seller);
        AuditFixtures.catalog(kernel);
        AuditFixtures.history(kernel, new StockQueries(DSL.using(db.as("tamper_seller", 1), SQLDialect.POSTGRES), seller), new Random(11), 120);
        original = dir.resolve("original.zip");
        new LedgerExporter(db.as("tamper_seller", 1), seller, sellerKey).export(original, null, null, AuditProgress.NONE);
        trustSeller = Trust.of(sellerKey.publicKey());
        assertThat(verify(original).passed()).isTrue();
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    static VerifyReport verify(Path file) {
        return ExportVerifier.verify(file, VerifyOptions.defaults().trust(trustSeller));
    }

    /** A ledger line (index into the lines) of a plain SKU that has rows before and after it. */
    static int middleRowOf(List<String> ledger, String kind) {
        for (int i = ledger.size() / 2; i < ledger.size() - 1; i++) {
            String line = ledger.get(i);
            if (!line.contains("\"") && !line.isEmpty() && cells(line)[3].equals(kind) && Long.parseLong(cells(line)[2]) > 1
                    && laterRowOf(ledger, i) > 0) {
                return i;
            }
        }
        throw new AssertionError("no " + kind + " row in the middle");
    }

    /** The line holding the next row of the same SKU, or -1. */
    static int laterRowOf(List<String> ledger, int i) {
        String sku = cells(ledger.get(i))[13];
        for (int j = i + 1; j < ledger.size(); j++) {
            if (!ledger.get(j).isEmpty() && !ledger.get(j).contains("\"") && cells(ledger.get(j))[13].equals(sku)) {
                return j;
            }
        }
        return -1;
    }

    static String ledgerText() {
        return new String(AuditFixtures.unzip(original).get(ExportLayout.LEDGER), StandardCharsets.UTF_8);
    }

    static String manifestText() {
        return new String(AuditFixtures.unzip(original).get(ExportLayout.MANIFEST), StandardCharsets.UTF_8);
    }

    @Test
    void oneByteFlippedInAQuantityIsFoundAtItsRow() {
        List<String> ledger = lines(ledgerText());
        int i = middleRowOf(ledger, "restock");
        String[] c = cells(ledger.get(i));
        String line = ledger.get(i);
        int at = line.indexOf("," + c[4] + ",", line.indexOf(",restock,")) + c[4].length();  // last digit of on_hand_delta
        char digit = line.charAt(at);
        ledger.set(i, line.substring(0, at) + (char) ('0' + (digit - '0' + 1) % 10) + line.substring(at + 1));
        VerifyReport r = verify(edit(original, dir.resolve("flip.zip"), ExportLayout.LEDGER, t -> join(ledger)));

        assertThat(r.outcome()).isEqualTo(VerifyReport.Outcome.FAILED);
        assertThat(r.exitCode()).isEqualTo(1);
        Finding first = r.firstProblem().orElseThrow();
        assertThat(first.kind()).isEqualTo(Finding.Kind.ROW);
        assertThat(first.sku()).isEqualTo(c[1]);
        assertThat(first.seq()).isEqualTo(Long.parseLong(c[2]));
        assertThat(first.where()).isEqualTo("ledger.csv row " + (i + 1));
        assertThat(first.what()).contains("changed after it was written").contains("balances after it");
        assertThat(r.headline()).startsWith("FAILED: SKU " + c[1] + " seq " + c[2] + " (ledger.csv row " + (i + 1) + ")");
        assertThat(r.findings()).extracting(Finding::kind).contains(Finding.Kind.PART);
    }

    @Test
    void aDeletedRowIsFoundAsTheGapItLeaves() {
        List<String> ledger = lines(ledgerText());
        int i = middleRowOf(ledger, "sale");
        String[] deleted = cells(ledger.get(i));
        ledger.remove(i);
        VerifyReport r = verify(edit(original, dir.resolve("deleted.zip"), ExportLayout.LEDGER, t -> join(ledger)));

        Finding first = r.firstProblem().orElseThrow();
        assertThat(first.kind()).isEqualTo(Finding.Kind.ROW);
        assertThat(first.sku()).isEqualTo(deleted[1]);
        assertThat(first.seq()).isEqualTo(Long.parseLong(deleted[2]) + 1);
        assertThat(first.what()).contains("seq " + deleted[2] + " is missing before it").contains("deleted");
    }

    @Test
    void twoRowsSwappedAreFoundOutOfOrder() {
        List<String> ledger = lines(ledgerText());
        int i = middleRowOf(ledger, "reserve");
        int j = laterRowOf(ledger, i);
        String[] earlier = cells(ledger.get(i));
        String line = ledger.get(i);
        ledger.set(i, ledger.get(j));
        ledger.set(j, line);
        VerifyReport r = verify(edit(original, dir.resolve("swapped.zip"), ExportLayout.LEDGER, t -> join(ledger)));

        Finding first = r.firstProblem().orElseThrow();
        assertThat(first.kind()).isEqualTo(Finding.Kind.ROW);
        assertThat(first.sku()).isEqualTo(earlier[1]);
        assertThat(first.where()).isEqualTo("ledger.csv row " + (i + 1));
        assertThat(first.what()).contains("moved");
        assertThat(r.findings()).anySatisfy(f -> {
            assertThat(f.seq()).isEqualTo(Long.parseLong(earlier[2]));
            assertThat(f.what()).contains("comes after seq " + (Long.parseLong(earlier[2]) + 1));
        });
    }

    @Test
    void aCutTailIsFoundAgainstTheSignedHeads() {
        List<String> ledger = lines(ledgerText());
        int last = ledger.size() - 2;  // the text ends with CRLF: the final element is empty
        String[] lastRow = cells(ledger.get(last));
        List<String> cut = new ArrayList<>(ledger.subList(0, last - 2));
        cut.add("");
        VerifyReport r = verify(edit(original, dir.resolve("cut.zip"), ExportLayout.LEDGER, t -> join(cut)));

        Finding first = r.firstProblem().orElseThrow();
        assertThat(first.kind()).isEqualTo(Finding.Kind.SKU);
        assertThat(r.findings()).anySatisfy(f -> {
            assertThat(f.sku()).isEqualTo(lastRow[1]);
            assertThat(f.what()).contains("cut off").contains("runs to seq " + lastRow[2]);
        });
        assertThat(r.findings()).anySatisfy(f -> assertThat(f.toString()).contains("ledger.csv").contains("has " + (cut.size() - 2) + " rows"));
    }

    @Test
    void aRowAddedWithARecomputedChainAndManifestStillFailsOnTheSignature() {
        Map<String, byte[]> parts = AuditFixtures.unzip(original);
        List<String> ledger = lines(new String(parts.get(ExportLayout.LEDGER), StandardCharsets.UTF_8));
        String[] last = null;
        for (int i = ledger.size() - 2; last == null; i--) {
            if (!ledger.get(i).contains("\"")) {
                last = cells(ledger.get(i));
            }
        }
        long skuId = Long.parseLong(last[13]);
        long seq = Long.parseLong(last[2]) + 1;
        int onHand = Integer.parseInt(last[6]) + 5;
        int reserved = Integer.parseInt(last[7]);
        long micros = Moments.parseIso(cells(ledger.get(ledger.size() - 2))[0]) + 1_000_000;
        LedgerRow forged = new LedgerRow(1, skuId, seq, "restock", 5, 0, onHand, reserved, null, null, null, UUID.randomUUID(),
                "tamper_seller", LedgerHash.fromMicros(micros), Hex.hash(last[14]), null);
        // the seller id is part of the hash: take it from the manifest
        long sellerId = Long.parseLong(manifestText().lines().filter(l -> l.startsWith("seller-id: ")).findFirst().orElseThrow().substring(11));
        forged = new LedgerRow(sellerId, skuId, seq, "restock", 5, 0, onHand, reserved, null, null, null, forged.movementId(),
                forged.actor(), forged.createdAt(), forged.prevHash(), null);
        byte[] hash = LedgerHash.hash(forged.prevHash(), forged);
        ledger.add(ledger.size() - 1, Moments.iso(micros) + "," + last[1] + "," + seq + ",restock,5,0," + onHand + "," + reserved
                + ",,,,tamper_seller," + forged.movementId() + "," + skuId + "," + Hex.of(hash));
        byte[] newLedger = join(ledger).getBytes(StandardCharsets.UTF_8);
        String manifest = manifestText();
        StringBuilder m = new StringBuilder();
        for (String line : manifest.split("\n", -1)) {
            if (line.startsWith("part: ledger.csv ")) {
                String[] p = line.split(" ");
                line = "part: ledger.csv " + (Long.parseLong(p[2]) + 1) + " " + AuditFixtures.sha256Hex(newLedger);
            } else if (line.startsWith("sku: " + skuId + " ")) {
                String[] f = line.substring(5).split(" ", 11);
                line = "sku: " + f[0] + " " + f[1] + " " + f[2] + " " + f[3] + " " + f[4] + " " + seq + " " + Hex.of(hash) + " "
                        + onHand + " " + reserved + " " + (Long.parseLong(f[9]) + 1) + " " + f[10];
            }
            m.append(line).append('\n');
        }
        parts.put(ExportLayout.LEDGER, newLedger);
        parts.put(ExportLayout.MANIFEST, m.substring(0, m.length() - 1).getBytes(StandardCharsets.UTF_8));
        VerifyReport r = verify(AuditFixtures.zip(dir.resolve("added.zip"), parts));

        assertThat(r.outcome()).isEqualTo(VerifyReport.Outcome.FAILED);
        assertThat(r.findings()).extracting(Finding::kind).containsOnly(Finding.Kind.SIGNATURE);
        assertThat(r.headline()).contains("signature does not match the manifest");
    }

    @Test
    void anEditedManifestIsFoundBothInItsNumbersAndItsSignature() {
        Path edited = edit(original, dir.resolve("manifest.zip"), ExportLayout.MANIFEST, text -> {
            StringBuilder b = new StringBuilder();
            boolean done = false;
            for (String line : text.split("\n", -1)) {
                if (!done && line.startsWith("sku: ")) {
                    String[] f = line.split(" ", 12);
                    f[8] = Integer.toString(Integer.parseInt(f[8]) + 100);  // head on hand
                    line = String.join(" ", f);
                    done = true;
                }
                b.append(line).append('\n');
            }
            return b.substring(0, b.length() - 1);
        });
        VerifyReport r = verify(edited);
        assertThat(r.firstProblem().orElseThrow().kind()).isEqualTo(Finding.Kind.SKU);
        assertThat(r.firstProblem().orElseThrow().what()).contains("but the manifest says");
        assertThat(r.findings()).extracting(Finding::kind).contains(Finding.Kind.SIGNATURE);
    }

    @Test
    void aSignatureFromAnotherKeyIsNotTheSellers() {
        AuditKeys forger = AuditKeys.generate();
        Path resigned = edit(original, dir.resolve("resigned.zip"), ExportLayout.MANIFEST, text -> {
            String body = text.substring(0, text.lastIndexOf("signature: "))
                    .replace(sellerKey.publicKeyText(), forger.publicKeyText());
            return body + "signature: " + Base64.getEncoder().encodeToString(forger.sign(body.getBytes(StandardCharsets.UTF_8))) + "\n";
        });
        VerifyReport r = verify(resigned);
        assertThat(r.outcome()).isEqualTo(VerifyReport.Outcome.FAILED);
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Finding.Kind.SIGNATURE);
            assertThat(f.what()).contains(AuditKeys.fingerprint(forger.publicKey())).contains("not a key you trust");
        });
        // Without a trusted key the file is intact since signing, and the report says whose key to compare.
        VerifyReport unanchored = ExportVerifier.verify(resigned);
        assertThat(unanchored.passed()).isTrue();
        assertThat(unanchored.notes().get(0)).contains(AuditKeys.fingerprint(forger.publicKey()));
    }

    @Test
    void aMissingSignatureFails() {
        VerifyReport r = verify(edit(original, dir.resolve("unsigned.zip"), ExportLayout.MANIFEST,
                text -> text.substring(0, text.lastIndexOf("signature: "))));
        assertThat(r.headline()).contains("carries no signature");
        assertThat(r.exitCode()).isEqualTo(1);
    }

    @Test
    void anEditedHashCellIsBlamedOnItsOwnRowOnly() {
        List<String> ledger = lines(ledgerText());
        int i = middleRowOf(ledger, "sale");
        String line = ledger.get(i);
        String hash = cells(line)[14];
        ledger.set(i, line.replace(hash, (hash.charAt(0) == 'a' ? 'b' : 'a') + hash.substring(1)));
        VerifyReport r = verify(edit(original, dir.resolve("hashcell.zip"), ExportLayout.LEDGER, t -> join(ledger)));
        assertThat(r.findings()).filteredOn(f -> f.kind() == Finding.Kind.ROW).singleElement()
                .satisfies(f -> assertThat(f.where()).isEqualTo("ledger.csv row " + (i + 1)));
    }

    @Test
    void aRenamedSkuCellAndAChangedReservationAreFound() {
        List<String> ledger = lines(ledgerText());
        int i = middleRowOf(ledger, "sale");
        String[] c = cells(ledger.get(i));
        ledger.set(i, ledger.get(i).replace("," + c[1] + ",", ",SOMETHING-ELSE,"));
        VerifyReport renamed = verify(edit(original, dir.resolve("renamed.zip"), ExportLayout.LEDGER, t -> join(ledger)));
        assertThat(renamed.firstProblem().orElseThrow().what()).contains("sku cell says \"SOMETHING-ELSE\"");

        Path changed = edit(original, dir.resolve("reservation.zip"), ExportLayout.RESERVATIONS, text -> {
            List<String> rows = lines(text);
            for (int k = 1; k < rows.size(); k++) {
                if (rows.get(k).contains(",held,") && !rows.get(k).contains("\"")) {
                    String[] f = cells(rows.get(k));
                    f[4] = Integer.toString(Integer.parseInt(f[4]) + 1);
                    rows.set(k, String.join(",", f));
                    return join(rows);
                }
            }
            throw new AssertionError("no plain held reservation");
        });
        VerifyReport r = verify(changed);
        assertThat(r.findings()).extracting(Finding::kind).contains(Finding.Kind.RESERVATION);
        assertThat(r.findings()).anySatisfy(f -> assertThat(f.what()).contains("reservations held at the end add up to"));
    }
}
