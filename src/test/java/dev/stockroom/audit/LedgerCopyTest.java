package dev.stockroom.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.stockroom.ledger.StockKernel;
import dev.stockroom.ledger.StockQueries;
import dev.stockroom.testing.Eventually;
import dev.stockroom.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger read by COPY, cut into stretches and read over several connections, makes the
 * very file the row-by-row writer makes (the format before COPY), whatever the cut; every
 * connection reads the one snapshot; a cancelled export stops every reader and leaves nothing.
 */
class LedgerCopyTest {
    /** Every stretch a few rows, blocks of a few rows, one block waiting per stretch: every seam gets crossed. */
    static final LedgerCopy.Settings FINE_CUT = new LedgerCopy.Settings(3, 5, 1_000_000, 700, 1, true);
    /** As the defaults, but planned from a sample of one page, as a large ledger is. */
    static final LedgerCopy.Settings SAMPLED = new LedgerCopy.Settings(2, 3, 1, 1 << 18, 32, true);

    static TestDatabase db;
    static long shop;
    static long odd;
    static AuditKeys keys = AuditKeys.generate();
    static Instant end;
    @TempDir
    static Path dir;

    @BeforeAll
    static void setUp() throws Exception {
        db = TestDatabase.fresh();
        shop = db.newSeller("Copy Teas", "copy_seller");
        StockKernel kernel = db.kernel("copy_seller", shop);
        AuditFixtures.catalog(kernel);
        AuditFixtures.history(kernel, new StockQueries(DSL.using(db.as("copy_seller", 2), SQLDialect.POSTGRES), shop),
                new Random(5), 160);
        odd = db.newSeller("Odd Rows", "odd_seller");
        oddRows();
        end = Instant.now().plusSeconds(1);
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    /**
     * Rows no kernel would write, put in behind its back: every text a CSV must quote, NULL next
     * to the empty string, extreme numbers, times before 1970 and past 9999, hashes of odd
     * lengths, ties in time, and a SKU with neither a catalog entry nor a stock row.
     */
    static void oddRows() throws SQLException {
        long cup = db.queryLong("SELECT nextval('stockroom.sku_seq')");
        long edge = db.queryLong("SELECT nextval('stockroom.sku_seq')");
        db.exec("INSERT INTO stockroom.sku (seller_id, sku_id, code, title) VALUES (" + odd + ", " + cup + ", 'CUP \"BIG\", RED', 'A cup'), ("
                + odd + ", " + edge + ", ' चाय ', 'Spaces')");
        db.exec("INSERT INTO stockroom.stock (seller_id, sku_id, head_hash) VALUES (" + odd + ", " + cup + ", '\\x00'), (" + odd + ", "
                + edge + ", '\\x00')");
        long nowhere = 987_654_321L;
        String[] times = {"1969-12-31 23:59:59.999999+00", "1970-01-01 00:00:00+00", "0001-01-01 00:00:00+00", "0044-03-15 12:00:00+00 BC",
            "2000-02-29 12:00:00.000001+00", "10000-01-01 00:00:00.5+00", "2026-10-31 23:59:59.123456+00", "2026-10-31 23:59:59.123456+00"};
        String[] texts = {null, "", " lead", "trail ", " ", "A,B", "say \"hi\"", "line\nbreak", "cr\rhere", "चाय-२५०", "plain"};
        int[] numbers = {0, -1, 9, 10, -10, 99, 100, Integer.MAX_VALUE, Integer.MIN_VALUE, 123_456_789};
        Random r = new Random(3);
        long[] seqs = {2, 3};
        try (Connection c = db.admin().getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO stockroom.ledger (seller_id, sku_id, seq, kind, on_hand_delta, reserved_delta, on_hand_after, reserved_after,
                  channel, order_ref, reason, movement_id, actor, created_at, prev_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::timestamptz, ?, ?)""")) {
            for (int i = 0; i < 60; i++) {
                long sku = i % 3 == 0 ? cup : i % 3 == 1 ? edge : nowhere;
                long seq = sku == cup ? seqs[0]++ : sku == edge ? seqs[1]++ : (i == 2 ? 4_294_967_296L : 4_294_967_296L + i);
                ps.setLong(1, odd);
                ps.setLong(2, sku);
                ps.setLong(3, seq);
                ps.setString(4, i % 5 == 0 ? "restock" : i % 7 == 0 ? "odd kind, \"quoted\"" : "sale");
                for (int k = 5; k <= 8; k++) {
                    ps.setInt(k, numbers[r.nextInt(numbers.length)]);
                }
                ps.setString(9, texts[r.nextInt(texts.length)]);
                ps.setString(10, texts[r.nextInt(texts.length)]);
                ps.setString(11, texts[r.nextInt(texts.length)]);
                ps.setObject(12, new UUID(r.nextLong(), r.nextLong()));
                ps.setString(13, i % 4 == 0 ? "desk, 1" : "odd_seller");
                ps.setString(14, times[i % times.length]);
                byte[] prev = new byte[32];
                r.nextBytes(prev);
                byte[] hash = new byte[i % 11 == 0 ? 31 : i % 13 == 0 ? 0 : 32];
                r.nextBytes(hash);
                ps.setBytes(15, prev);
                ps.setBytes(16, hash);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @Test
    void everyCutGivesTheRowByRowWritersFile() throws Exception {
        for (long seller : List.of(shop, odd)) {
            String login = seller == shop ? "copy_seller" : "odd_seller";
            Written reference = reference(db.as(login, 1), seller, null, end, dir.resolve("ref-" + seller + ".zip"));
            assertThat(reference.ledger.length).isGreaterThan(5_000);
            for (LedgerCopy.Settings s : List.of(LedgerCopy.Settings.defaults(), FINE_CUT, SAMPLED)) {
                Path file = dir.resolve("cut-" + seller + "-" + s.stretchRows() + ".zip");
                ExportSummary summary = new LedgerExporter(db.as(login, 4), seller, keys, s).export(file, null, end, AuditProgress.NONE);
                Written w = Written.read(file);
                assertThat(new String(w.ledger, StandardCharsets.UTF_8)).as("%s cut %s", login, s)
                        .isEqualTo(new String(reference.ledger, StandardCharsets.UTF_8));
                assertThat(w.ledger).isEqualTo(reference.ledger);
                assertThat(w.skuLines).isEqualTo(reference.skuLines);
                assertThat(summary.rows()).isEqualTo(reference.rows);
            }
        }
        VerifyReport r = ExportVerifier.verify(dir.resolve("cut-" + shop + "-5.zip"), VerifyOptions.defaults().trust(Trust.of(keys.publicKey())));
        assertThat(r.findings()).isEmpty();
        assertThat(r.passed()).isTrue();
    }

    @Test
    void aRangeCutIntoStretchesIsTheSameRangeFile() throws Exception {
        List<Instant> times = new ArrayList<>();
        try (Connection c = db.admin().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT created_at FROM stockroom.ledger WHERE seller_id = ? ORDER BY created_at")) {
            ps.setLong(1, shop);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    times.add(rs.getObject(1, OffsetDateTime.class).toInstant());
                }
            }
        }
        Instant from = times.get(times.size() / 4);
        Instant to = times.get(times.size() * 3 / 4);
        Written reference = reference(db.as("copy_seller", 1), shop, from, to, dir.resolve("ref-range.zip"));
        Path file = dir.resolve("cut-range.zip");
        new LedgerExporter(db.as("copy_seller", 4), shop, keys, FINE_CUT).export(file, from, to, AuditProgress.NONE);
        Written w = Written.read(file);
        assertThat(w.ledger).isEqualTo(reference.ledger);
        assertThat(w.skuLines).isEqualTo(reference.skuLines);
        assertThat(ExportVerifier.verify(file, VerifyOptions.defaults().trust(Trust.of(keys.publicKey()))).passed()).isTrue();
    }

    @Test
    void everyConnectionReadsTheExportsOneSnapshot() throws Exception {
        long before = db.queryLong("SELECT count(*) FROM stockroom.ledger WHERE seller_id = " + shop);
        UUID late = UUID.randomUUID();
        HikariDataSource desk = db.as("copy_seller", 1);
        try (Connection open = desk.getConnection()) {
            open.setAutoCommit(false);
            try (PreparedStatement ps = open.prepareStatement("SELECT ok FROM stockroom.restock(?, ?, 'TEA-ASSAM', 3)")) {
                ps.setLong(1, shop);
                ps.setObject(2, late);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getBoolean(1)).isTrue();
                }
            }
            // Committed once the export has its snapshot, before any further connection joins it; only they read.
            AtomicBoolean committed = new AtomicBoolean();
            LedgerCopy.Settings othersRead = new LedgerCopy.Settings(3, 7, 1_000_000, 1 << 12, 4, false);
            Path file = dir.resolve("snapshot.zip");
            ExportSummary s = new LedgerExporter(db.as("copy_seller", 4), shop, keys, othersRead).export(file, null, null, (done, total) -> {
                if (committed.compareAndSet(false, true)) {
                    try {
                        open.commit();
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            assertThat(committed).isTrue();
            assertThat(db.queryLong("SELECT count(*) FROM stockroom.ledger WHERE seller_id = " + shop)).isEqualTo(before + 1);
            assertThat(s.rows()).isEqualTo(before);
            assertThat(new String(Written.read(file).ledger, StandardCharsets.UTF_8)).doesNotContain(late.toString());
            VerifyReport r = ExportVerifier.verify(file, VerifyOptions.defaults().trust(Trust.of(keys.publicKey())));
            assertThat(r.findings()).isEmpty();
            assertThat(r.passed()).isTrue();
        }
    }

    @Test
    void aCancelledExportStopsEveryReaderAndLeavesNoFile() {
        HikariDataSource pool = db.as("copy_seller", 4);
        Path file = dir.resolve("cancelled.zip");
        LedgerCopy.Settings slow = new LedgerCopy.Settings(3, 5, 1_000_000, 600, 1, true);
        assertThatThrownBy(() -> new LedgerExporter(pool, shop, keys, slow).export(file, null, null, (done, total) -> {
            if (done > 40) {
                throw new CancellationException("cancelled");
            }
        })).isInstanceOf(CancellationException.class);
        assertThat(file).doesNotExist();
        assertThat(dir.resolve("cancelled.zip.partial")).doesNotExist();
        Eventually.await("every reader to stop", Duration.ofSeconds(20), () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("stockroom-export-")));
        Eventually.await("every connection back in the pool", Duration.ofSeconds(20),
                () -> pool.getHikariPoolMXBean().getActiveConnections() == 0);
    }

    @Test
    void withNoConnectionToSpareTheExportIsReadOnOne() throws Exception {
        Written reference = reference(db.as("copy_seller", 1), shop, null, end, dir.resolve("ref-one.zip"));
        Path file = dir.resolve("one.zip");
        new LedgerExporter(db.as("copy_seller", 1), shop, keys, FINE_CUT).export(file, null, end, AuditProgress.NONE);
        assertThat(Written.read(file).ledger).isEqualTo(reference.ledger);
    }

    // -------------------------------------------------------------- reference

    /** What a file holds that the cut must not change: ledger.csv, the manifest's per-SKU lines, the row count. */
    record Written(byte[] ledger, List<String> skuLines, long rows) {
        static Written read(Path file) {
            Map<String, byte[]> parts = AuditFixtures.unzip(file);
            List<String> skus = new String(parts.get(ExportLayout.MANIFEST), StandardCharsets.UTF_8).lines()
                    .filter(l -> l.startsWith("sku")).collect(Collectors.toList());
            byte[] ledger = parts.get(ExportLayout.LEDGER);
            return new Written(ledger, skus, AuditFixtures.lines(new String(ledger, StandardCharsets.UTF_8)).size() - 2);
        }
    }

    /** The export as the row-by-row writer made it before COPY: JDBC rows, one {@link ExportWriter#ledgerRow} each. */
    static Written reference(DataSource ds, long seller, Instant from, Instant to, Path file) throws Exception {
        try (Connection c = ds.getConnection(); ExportWriter w = new ExportWriter(file, keys)) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            w.beginSkus();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT k.sku_id, k.code, k.title, k.is_kit,
                           (SELECT string_agg(b.barcode, ' ' ORDER BY b.barcode) FROM stockroom.barcode b
                             WHERE b.seller_id = k.seller_id AND b.sku_id = k.sku_id)
                      FROM stockroom.sku k WHERE k.seller_id = ? ORDER BY k.sku_id""")) {
                ps.setLong(1, seller);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        w.sku(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getString(5));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT s.sku_id, coalesce(o.seq, 0), o.hash, coalesce(o.on_hand_after, 0), coalesce(o.reserved_after, 0)
                      FROM stockroom.stock s
                      LEFT JOIN LATERAL (SELECT l.seq, l.hash, l.on_hand_after, l.reserved_after FROM stockroom.ledger l
                                          WHERE l.seller_id = s.seller_id AND l.sku_id = s.sku_id AND l.created_at < ?
                                          ORDER BY l.created_at DESC, l.seq DESC LIMIT 1) o ON true
                     WHERE s.seller_id = ? ORDER BY s.sku_id""")) {
                ps.setObject(1, from == null ? "-infinity" : OffsetDateTime.ofInstant(from, ZoneOffset.UTC), from == null
                        ? java.sql.Types.OTHER : java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
                ps.setLong(2, seller);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        byte[] hash = rs.getBytes(3);
                        w.opening(rs.getLong(1), rs.getLong(2), hash == null ? LedgerHash.GENESIS : hash, rs.getInt(4), rs.getInt(5));
                    }
                }
            }
            w.beginLedger();
            long rows = 0;
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT l.sku_id, l.seq, l.kind, l.on_hand_delta, l.reserved_delta, l.on_hand_after, l.reserved_after,
                           l.channel, l.order_ref, l.reason, l.movement_id, l.actor, l.created_at, l.prev_hash, l.hash
                      FROM stockroom.ledger l WHERE l.seller_id = ? AND l.created_at >= ? AND l.created_at < ?
                     ORDER BY l.created_at, l.sku_id, l.seq""")) {
                ps.setLong(1, seller);
                ps.setObject(2, from == null ? "-infinity" : OffsetDateTime.ofInstant(from, ZoneOffset.UTC), from == null
                        ? java.sql.Types.OTHER : java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
                ps.setObject(3, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        w.ledgerRow(new LedgerRow(seller, rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getInt(4), rs.getInt(5),
                                rs.getInt(6), rs.getInt(7), rs.getString(8), rs.getString(9), rs.getString(10),
                                rs.getObject(11, UUID.class), rs.getString(12), rs.getObject(13, OffsetDateTime.class).toInstant(),
                                rs.getBytes(14), rs.getBytes(15)));
                        rows++;
                    }
                }
            }
            w.beginReservations();
            w.finish(seller, "reference", Instant.now(), "test", from, to);
            c.rollback();
            Written written = Written.read(file);
            assertThat(written.rows).isEqualTo(rows);
            return written;
        } finally {
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".partial"));
        }
    }
}
