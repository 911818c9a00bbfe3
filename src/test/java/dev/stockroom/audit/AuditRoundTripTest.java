package dev.stockroom.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.ledger.StockAt;
import dev.stockroom.ledger.StockKernel;
import dev.stockroom.ledger.StockQueries;
import dev.stockroom.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Export a seeded random history from the real kernel; the file verifies and replays to the database's own answers. */
class AuditRoundTripTest {
    static TestDatabase db;
    static long seller;
    static StockQueries queries;
    static AuditKeys keys = AuditKeys.generate();
    static List<Instant> ledgerTimes = new ArrayList<>();
    @TempDir
    static Path dir;
    static Path export;
    static ExportSummary summary;

    @BeforeAll
    static void setUp() throws Exception {
        db = TestDatabase.fresh();
        seller = db.newSeller("Round Trip Teas", "rt_seller");
        StockKernel kernel = db.kernel("rt_seller", seller);
        queries = new StockQueries(DSL.using(db.as("rt_seller", 2), SQLDialect.POSTGRES), seller);
        AuditFixtures.catalog(kernel);
        AuditFixtures.history(kernel, queries, new Random(7), 220);
        try (Connection c = db.admin().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT created_at FROM stockroom.ledger WHERE seller_id = " + seller + " ORDER BY created_at")) {
            while (rs.next()) {
                ledgerTimes.add(rs.getObject(1, java.time.OffsetDateTime.class).toInstant());
            }
        }
        export = dir.resolve("export.zip");
        summary = new LedgerExporter(db.as("rt_seller", 2), seller, keys).export(export, null, null, AuditProgress.NONE);
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    @Test
    void exportHoldsEveryRowAndVerifiesAgainstTheSellersKey() {
        assertThat(summary.rows()).isEqualTo(ledgerTimes.size()).isGreaterThan(250);
        assertThat(summary.skus()).isEqualTo(AuditFixtures.SKUS.size());
        VerifyReport r = ExportVerifier.verify(export, VerifyOptions.defaults().trust(Trust.of(keys.publicKey())));
        assertThat(r.findings()).isEmpty();
        assertThat(r.outcome()).isEqualTo(VerifyReport.Outcome.PASSED);
        assertThat(r.exitCode()).isZero();
        assertThat(r.rows()).isEqualTo(summary.rows());
        assertThat(r.notes()).isEmpty();
        assertThat(r.manifest().sellerName()).isEqualTo("Round Trip Teas");
        assertThat(r.manifest().exportedBy()).isEqualTo("rt_seller");
    }

    @Test
    void withNoTrustedKeyItPassesButSaysWhoseSignatureToCheck() {
        VerifyReport r = ExportVerifier.verify(export);
        assertThat(r.passed()).isTrue();
        assertThat(r.notes()).singleElement().asString().contains(AuditKeys.fingerprint(keys.publicKey()));
    }

    @Test
    void replayEqualsTheDatabasesPointInTimeStockAtManyMoments() {
        TreeSet<Instant> moments = new TreeSet<>();
        moments.add(ledgerTimes.get(0).minusSeconds(1));
        for (int i = 0; i < ledgerTimes.size(); i += 9) {
            Instant t = ledgerTimes.get(i);
            moments.add(t);
            moments.add(t.minusNanos(1000));
            moments.add(t.plusNanos(1000));
        }
        moments.add(ledgerTimes.get(ledgerTimes.size() - 1));
        moments.add(Instant.now());
        StockReplay.Result replay = StockReplay.replay(export, List.copyOf(moments), VerifyOptions.defaults());
        assertThat(replay.report().passed()).isTrue();
        for (Instant t : moments) {
            assertThat(replay.at(t)).as("stock at %s", t).containsExactlyInAnyOrderElementsOf(queries.stockAt(t));
        }
    }

    @Test
    void aRangeExportContinuesFromItsOpeningBalancesAndReplaysTheSame() {
        Instant from = ledgerTimes.get(ledgerTimes.size() / 3);
        Instant to = ledgerTimes.get(ledgerTimes.size() * 2 / 3);
        Path range = dir.resolve("range.zip");
        ExportSummary s = new LedgerExporter(db.as("rt_seller", 1), seller, keys).export(range, from, to, AuditProgress.NONE);
        long expected = ledgerTimes.stream().filter(t -> !t.isBefore(from) && t.isBefore(to)).count();
        assertThat(s.rows()).isEqualTo(expected);
        VerifyReport r = ExportVerifier.verify(range, VerifyOptions.defaults().trust(Trust.of(keys.publicKey())));
        assertThat(r.findings()).isEmpty();
        Instant mid = ledgerTimes.get(ledgerTimes.size() / 2);
        StockReplay.Result replay = StockReplay.replay(range, List.of(from, mid, to.minusNanos(1000)), VerifyOptions.defaults());
        for (Instant t : List.of(from, mid, to.minusNanos(1000))) {
            assertThat(replay.at(t)).containsExactlyInAnyOrderElementsOf(queries.stockAt(t));
        }
    }

    @Test
    void progressIsReportedUpToTheRowCount() {
        List<long[]> seen = new ArrayList<>();
        new LedgerExporter(db.as("rt_seller", 1), seller, keys).export(dir.resolve("progress.zip"), null, null,
                (done, total) -> seen.add(new long[] {done, total}));
        assertThat(seen).isNotEmpty();
        assertThat(seen.get(seen.size() - 1)).containsExactly(summary.rows(), summary.rows());
        assertThat(Files.exists(dir.resolve("progress.zip.partial"))).isFalse();
    }

    @Test
    void anomaliesFindLargeNegativeCountsAndOutOfHoursChangesByLogin() {
        Anomalies.Rules allDayIsNight = new Anomalies.Rules(java.time.ZoneOffset.UTC, java.time.LocalTime.of(0, 0),
                java.time.LocalTime.of(0, 0), false, 1, java.time.Duration.ofMinutes(15));
        Anomalies.Result r = Anomalies.find(export, allDayIsNight, VerifyOptions.defaults());
        assertThat(r.report().passed()).isTrue();
        assertThat(r.group(Anomalies.OUT_OF_HOURS).count()).isEqualTo(summary.rows());
        assertThat(r.group(Anomalies.OUT_OF_HOURS).examples().get(0)).startsWith("rt_seller: " + summary.rows() + " changes");
        assertThat(r.group(Anomalies.LARGE_NEGATIVE).count()).isPositive();
        assertThat(r.group(Anomalies.NO_REASON).count()).isZero();
    }

    @Test
    void replayOfAMomentBeforeARangeSaysTheFileDoesNotHoldIt() {
        Instant from = ledgerTimes.get(ledgerTimes.size() / 2);
        Path range = dir.resolve("late.zip");
        new LedgerExporter(db.as("rt_seller", 1), seller, keys).export(range, from, null, AuditProgress.NONE);
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        StockReplay.replay(range, List.of(from.minusSeconds(60)), VerifyOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("starts at");
    }
}
