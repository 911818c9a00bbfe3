package dev.stockroom.ui.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.audit.Anomalies;
import dev.stockroom.audit.AuditKeys;
import dev.stockroom.audit.ExportVerifier;
import dev.stockroom.ledger.StockAt;
import dev.stockroom.ui.LiveState;
import dev.stockroom.ui.TaskRunner;
import dev.stockroom.ui.ledger.Moments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit screen's logic without a toolkit, over exports of a real database. */
class AuditViewModelTest {
    @TempDir
    static Path dir;
    static AuditShop files;
    static final AuditKeys auditorKey = AuditKeys.generate();

    @BeforeAll
    static void shop() {
        files = new AuditShop("audit_vm", dir);
    }

    @AfterAll
    static void close() {
        files.close();
    }

    /** As on an auditor's laptop: no Services, no database, no live state. */
    private static AuditViewModel noDatabase() {
        return new AuditViewModel(TaskRunner.direct(), () -> auditorKey, null, null, Clock.systemDefaultZone());
    }

    @Test
    void aGoodExportPassesWithNoDatabase() {
        AuditViewModel m = noDatabase();
        assertThat(m.hasDatabase()).isFalse();
        m.open(files.good);

        assertThat(m.verdictProperty().get()).isEqualTo(AuditViewModel.Verdict.PASSED);
        assertThat(m.verdictTitleProperty().get()).isEqualTo("PASSED");
        assertThat(m.verdictDetailProperty().get()).contains("ledger rows over 3 SKUs recomputed").contains("signature is valid");
        assertThat(m.placeProperty().get()).isEmpty();
        assertThat(m.problems()).isEmpty();
        assertThat(m.factsProperty().get()).contains("\"Chai and Co\"").contains("exported").contains("by audit_vm");
        String fingerprint = AuditKeys.fingerprint(files.sellerKey.publicKey());
        assertThat(m.signerProperty().get()).contains(fingerprint).contains("not compared with a trusted key");
        assertThat(m.notes()).anyMatch(n -> n.contains("Trusted key")).noneMatch(n -> n.contains("--trust"));
        Anomalies.Group large = m.anomalies().stream().filter(g -> g.title().startsWith(Anomalies.LARGE_NEGATIVE)).findFirst().orElseThrow();
        assertThat(large.count()).as("the water damage count").isEqualTo(1);
        assertThat(large.examples().get(0)).contains("LID").contains("water damage");
        assertThat(m.busyProperty().get()).isFalse();

        m.trustedKeyProperty().set(files.sellerKey.publicKeyText());
        m.verify();
        assertThat(m.verdictProperty().get()).isEqualTo(AuditViewModel.Verdict.PASSED);
        assertThat(m.signerProperty().get()).endsWith(fingerprint + ": the key you trust.");
    }

    @Test
    void aTamperedCopyFailsAndNamesTheBrokenPlace() {
        AuditViewModel m = noDatabase();
        m.open(files.tampered);

        assertThat(m.verdictProperty().get()).isEqualTo(AuditViewModel.Verdict.FAILED);
        assertThat(m.verdictTitleProperty().get()).isEqualTo("FAILED: this history was changed");
        assertThat(m.placeProperty().get())
                .isEqualTo("SKU " + files.tamperedSku + ", seq " + files.tamperedSeq + ", ledger.csv row " + files.tamperedRow);
        assertThat(m.verdictDetailProperty().get()).startsWith("Its hash does not match").contains("changed after it was written");
        assertThat(m.problems()).isNotEmpty();
        assertThat(m.problems().get(0)).startsWith("SKU " + files.tamperedSku + " seq " + files.tamperedSeq);
        assertThat(m.problemsTitleProperty().get()).startsWith("Problems (");
    }

    @Test
    void aFileSignedByAnotherKeyThanTheTrustedOneFails() {
        AuditViewModel m = noDatabase();
        m.trustedKeyProperty().set(auditorKey.publicKeyText());
        m.open(files.good);
        assertThat(m.verdictProperty().get()).isEqualTo(AuditViewModel.Verdict.FAILED);
        assertThat(m.verdictTitleProperty().get()).isEqualTo("FAILED: the signature does not hold up");
        assertThat(m.verdictDetailProperty().get()).contains("not a key you trust (Trusted key)");
        assertThat(m.signerProperty().get()).endsWith("NOT the key you trust.");
    }

    @Test
    void stockAsOfFromTheFileEqualsWhatTheDatabaseSaid() {
        AuditViewModel m = noDatabase();
        m.open(files.good);
        for (Instant at : files.moments) {
            m.replayAt(at);
            List<StockAt> database = files.shop.services().queries().stockAt(at);
            assertThat(m.asOfRows()).as("stock at " + at)
                    .extracting(StockAt::sku, StockAt::onHand, StockAt::reserved)
                    .containsExactlyInAnyOrderElementsOf(database.stream()
                            .map(s -> org.assertj.core.groups.Tuple.tuple(s.sku(), s.onHand(), s.reserved())).toList());
            assertThat(m.asOfMessageProperty().get()).startsWith("Stock as it was at").contains("from the file alone");
        }
        // typed as a person would, to the millisecond, in local time
        Instant third = files.moments.get(3);
        m.asOfProperty().set(Moments.show(third, ZoneId.systemDefault()) + "." + String.format("%03d", third.getNano() / 1_000_000));
        m.showAsOf();
        assertThat(m.asOfRows()).extracting(StockAt::sku, StockAt::onHand).contains(
                org.assertj.core.groups.Tuple.tuple("TEA", files.shop.services().queries().stockAt("TEA", third).onHand()));
    }

    @Test
    void stockAsOfATamperedFileCarriesAWarning() {
        AuditViewModel m = noDatabase();
        m.open(files.tampered);
        m.replayAt(files.moments.get(files.moments.size() - 1));
        assertThat(m.asOfMessageProperty().get()).startsWith("WARNING: this file does not verify");
    }

    @Test
    void badInputIsASentenceAndChangesNothing() {
        AuditViewModel m = noDatabase();
        m.open(files.good);
        m.fileProperty().set(dir.resolve("nowhere.zip").toString());
        m.verify();
        assertThat(m.messageProperty().get()).isEqualTo("Not verified: there is no export file at " + dir.resolve("nowhere.zip") + ".");
        assertThat(m.verdictProperty().get()).as("the last verdict stays").isEqualTo(AuditViewModel.Verdict.PASSED);

        m.fileProperty().set(files.good.toString());
        m.trustedKeyProperty().set("ed25519:tooShort");
        assertThat(m.trustProblem().get()).contains("is not a whole Ed25519 public key");
        m.verify();
        assertThat(m.messageProperty().get()).startsWith("Not verified: ").contains("not a whole Ed25519 public key");
        m.trustedKeyProperty().set("my accountant's key");
        assertThat(m.trustProblem().get()).isEqualTo("\"my accountant's key\" is not a public key (they look like ed25519:...) nor a file holding one.");
        m.trustedKeyProperty().set("");
        assertThat(m.trustProblem().get()).isEmpty();

        m.asOfProperty().set("last Tuesday");
        m.showAsOf();
        assertThat(m.asOfMessageProperty().get()).startsWith("\"last Tuesday\" is not a moment");
    }

    @Test
    void aFileThatIsNotAnExportCannotBeVerified() throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.zip"), "not a zip at all");
        AuditViewModel m = noDatabase();
        m.open(notes);
        assertThat(m.verdictProperty().get()).isEqualTo(AuditViewModel.Verdict.UNUSABLE);
        assertThat(m.verdictTitleProperty().get()).isEqualTo("CANNOT VERIFY");
        assertThat(m.verdictDetailProperty().get()).isNotBlank();
        m.replayAt(Instant.now());
        assertThat(m.asOfMessageProperty().get()).startsWith("Open and verify an export first");
    }

    @Test
    void withNoDatabaseCheckpointsAreRefusedPlainly() {
        AuditViewModel m = noDatabase();
        assertThat(m.databaseMessageProperty().get()).startsWith("No database is open");
        m.saveCheckpoint(dir.resolve("cp.txt"));
        assertThat(m.databaseMessageProperty().get()).startsWith("Not saved: no database is open.");
        assertThat(dir.resolve("cp.txt")).doesNotExist();
        m.checkpointFileProperty().set(dir.resolve("cp.txt").toString());
        m.checkLive();
        assertThat(m.databaseMessageProperty().get()).startsWith("Not checked: no database is open.");
        assertThat(m.myKeyProperty().get()).isEqualTo(auditorKey.publicKeyText());
        assertThat(m.myFingerprintProperty().get()).isEqualTo(AuditKeys.fingerprint(auditorKey.publicKey()));
    }

    @Test
    void overTheDatabaseACheckpointIsSavedAndTheLiveLedgerHeldToIt() {
        LiveState live = new LiveState(Runnable::run);
        AuditViewModel m = new AuditViewModel(TaskRunner.direct(), () -> files.sellerKey, files.audit(), live, Clock.systemDefaultZone());
        Path cp = dir.resolve("checkpoint.txt");
        m.saveCheckpoint(cp);
        assertThat(m.databaseMessageProperty().get()).startsWith("Checkpoint saved to " + cp.toAbsolutePath() + ": 3 SKUs at");
        assertThat(m.checkpointFileProperty().get()).isEqualTo(cp.toAbsolutePath().toString());

        files.shop.otherDesk.restock("LID", 1);  // later activity continues the chains through the checkpoint
        m.trustedKeyProperty().set(files.sellerKey.publicKeyText());
        m.checkLive();
        assertThat(m.verdictProperty().get()).isEqualTo(AuditViewModel.Verdict.PASSED);
        assertThat(m.databaseMessageProperty().get()).startsWith("The live ledger passes through every head");
        assertThat(m.signerProperty().get()).endsWith("the key you trust.");

        live.connectionChanged(false, "server closed the connection", Instant.now());
        m.checkLive();
        assertThat(m.databaseMessageProperty().get()).startsWith("Not checked: the database is offline.");
    }

    @Test
    void aVerificationCanBeCancelled() {
        java.util.ArrayDeque<Runnable> queued = new java.util.ArrayDeque<>();
        AuditViewModel m = new AuditViewModel(new TaskRunner(queued::add, Runnable::run), () -> auditorKey, null, null,
                Clock.systemDefaultZone());
        queued.poll().run();  // the key
        m.open(files.good);
        assertThat(m.busyProperty().get()).isTrue();
        m.cancel();
        queued.poll().run();
        assertThat(m.busyProperty().get()).isFalse();
        assertThat(m.verdictTitleProperty().get()).isEqualTo("Verification cancelled");
        assertThat(ExportVerifier.verify(files.good).passed()).as("the file itself is untouched").isTrue();
    }
}
