package dev.stockroom.ui.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.audit.AuditKeys;
import dev.stockroom.audit.AuditService;
import dev.stockroom.audit.ExportVerifier;
import dev.stockroom.audit.Trust;
import dev.stockroom.audit.VerifyOptions;
import dev.stockroom.audit.VerifyReport;
import dev.stockroom.ui.LiveState;
import dev.stockroom.ui.TaskRunner;
import dev.stockroom.ui.UiFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger's "Export for audit": progress, where the file went and who signed it, cancel, offline. */
class LedgerExportViewModelTest {
    static UiFixture shop;
    static final AuditKeys sellerKey = AuditKeys.generate();
    @TempDir
    static Path dir;

    @BeforeAll
    static void shop() {
        shop = UiFixture.create("ledger_export");
    }

    @AfterAll
    static void close() {
        shop.close();
    }

    private static AuditService audit() {
        return new AuditService(shop.db.as(shop.login, 2), shop.seller, () -> sellerKey);
    }

    @Test
    void exportsASignedFileThatVerifiesAndSaysWhereItIs() {
        LiveState live = new LiveState(Runnable::run);
        List<Double> progress = new ArrayList<>();
        LedgerExportViewModel m = new LedgerExportViewModel(LedgerExportViewModelTest::audit, TaskRunner.direct(), live, ZoneId.systemDefault());
        m.progressProperty().addListener((o, was, now) -> progress.add(now.doubleValue()));
        assertThat(m.suggestedFileName()).matches("stockroom-ledger-\\d{8}-\\d{6}\\.zip");

        Path file = dir.resolve("for-the-auditor");  // no extension typed: .zip is added
        m.export(file, null, null);
        Path written = dir.resolve("for-the-auditor.zip");
        assertThat(m.failedProperty().get()).isFalse();
        assertThat(m.exportingProperty().get()).isFalse();
        assertThat(m.messageProperty().get()).startsWith("Exported the whole ledger: " + shop.ledgerRows() + " ledger rows, 3 SKUs")
                .contains(written.toAbsolutePath().toString())
                .contains("fingerprint " + AuditKeys.fingerprint(sellerKey.publicKey()));
        assertThat(m.signerKeyProperty().get()).isEqualTo(sellerKey.publicKeyText());
        assertThat(progress).isNotEmpty().last().isEqualTo(1.0);
        VerifyReport r = ExportVerifier.verify(written, VerifyOptions.defaults().trust(Trust.of(sellerKey.publicKey())));
        assertThat(r.passed()).as(r.headline()).isTrue();
    }

    @Test
    void theLedgerExportsTheRangeTypedInItsFilter() {
        LiveState live = new LiveState(Runnable::run);
        LedgerViewModel ledger = new LedgerViewModel(shop.services(), TaskRunner.direct(), live);
        ledger.fromProperty().set("2020-01-02");
        ledger.toProperty().set("2020-01-01");
        ledger.exportForAudit(dir.resolve("range.zip"));
        // (the services' audit signs with the user's own key: these are refused before any key is needed)
        assertThat(ledger.export().messageProperty().get()).isEqualTo("Not exported: \"from\" must be before \"to\".");
        ledger.fromProperty().set("yesterday-ish");
        ledger.exportForAudit(dir.resolve("range.zip"));
        assertThat(ledger.export().messageProperty().get()).isEqualTo("Not exported: \"yesterday-ish\" is not a moment: write "
                + Moments.FORMAT_HINT + ".");
        assertThat(dir.resolve("range.zip")).doesNotExist();
    }

    @Test
    void anExportCanBeCancelledAndLeavesNoFile() throws Exception {
        LiveState live = new LiveState(Runnable::run);
        ArrayDeque<Runnable> queued = new ArrayDeque<>();
        LedgerExportViewModel m = new LedgerExportViewModel(LedgerExportViewModelTest::audit, new TaskRunner(queued::add, Runnable::run),
                live, ZoneId.systemDefault());
        Path file = dir.resolve("cancelled.zip");
        m.export(file, null, null);
        assertThat(m.exportingProperty().get()).isTrue();
        m.cancel();
        queued.poll().run();
        assertThat(m.exportingProperty().get()).isFalse();
        assertThat(m.failedProperty().get()).isTrue();
        assertThat(m.messageProperty().get()).isEqualTo("Export cancelled: no file was written.");
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("cancelled"));
        }
    }

    @Test
    void offlineTheExportIsRefusedWithAReason() {
        LiveState live = new LiveState(Runnable::run);
        LedgerExportViewModel m = new LedgerExportViewModel(LedgerExportViewModelTest::audit, TaskRunner.direct(), live, ZoneId.systemDefault());
        live.connectionChanged(false, "server closed the connection", Instant.now());
        m.export(dir.resolve("offline.zip"), null, null);
        assertThat(m.failedProperty().get()).isTrue();
        assertThat(m.messageProperty().get()).startsWith("Not exported: the database is offline");
        assertThat(dir.resolve("offline.zip")).doesNotExist();
    }
}
