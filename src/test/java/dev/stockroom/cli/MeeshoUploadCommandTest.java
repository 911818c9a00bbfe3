package dev.stockroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.ledger.StockKernel;
import dev.stockroom.sync.channels.ChannelSecrets;
import dev.stockroom.sync.channels.Json;
import dev.stockroom.sync.worker.SyncOptions;
import dev.stockroom.sync.worker.SyncWorker;
import dev.stockroom.testing.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code stockroom sync uploaded}: the seller confirms a Meesho upload file from the command line. */
class MeeshoUploadCommandTest {
    static TestDatabase db;
    static long seller;
    static DataSource ds;
    @TempDir static Path dir;

    record Run(int exit, String out, String err) {
    }

    @BeforeAll
    static void setUp() {
        db = TestDatabase.fresh();
        seller = db.newSeller("Upload", "up_seller");
        ds = db.as("up_seller", 4);
        StockKernel kernel = new StockKernel(ds, seller);
        kernel.addChannel("ms", "meesho", "Meesho");
        kernel.addChannel("amzn", "amazon", "Amazon");
        asSeller("SELECT stockroom.set_channel_settings(?, 'ms', ?::jsonb)", Json.write(Json.object().put("upload_dir", dir.toString())));
        kernel.addSku("SAREE-1", "Saree", List.of(), 0);
        kernel.addSku("SAREE-2", "Saree", List.of(), 0);
        kernel.restock("SAREE-1", 9);
        kernel.restock("SAREE-2", 5);
        kernel.addListing("SAREE-1", "ms", "MS-11");
        kernel.addListing("SAREE-2", "ms", "MS-12");
        kernel.addListing("SAREE-1", "amzn", "SAREE-1");
        asSeller("SELECT stockroom.set_sync_paused(?, 'amzn', true)", null);   // this test is about the file channel
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    static Run run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--db-url", db.url(), "--db-user", "up_seller", "--seller", String.valueOf(seller)));
        CommandLine cli = StockroomCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    static void asSeller(String sql, String arg) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, seller);
            if (arg != null) {
                ps.setString(2, arg);
            }
            ps.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static long waitingForUpload() {
        return db.queryLong("SELECT count(*) FROM stockroom.sync_outbox WHERE channel = 'ms' AND parked AND last_error LIKE 'Waiting for upload:%' "
                + "AND seller_id = " + seller);
    }

    static Path uploadFile() throws Exception {
        SyncOptions options = SyncOptions.defaults().withOwner("upload-test").withPollInterval(Duration.ofMillis(200));
        try (SyncWorker worker = new SyncWorker(ds, seller, new ChannelSecrets.InMemory(), Clock.systemUTC(), options).start()) {
            Instant deadline = Instant.now().plusSeconds(20);
            while (waitingForUpload() < 2) {
                assertThat(Instant.now()).as("the worker writes the upload file").isBefore(deadline);
                LockSupport.parkNanos(50_000_000L);   // polling with a deadline
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("ms-inventory-")).findFirst().orElseThrow();
        }
    }

    @Test
    void aConfirmedUploadCountsAsPushedAndBadInputChangesNothing() throws Exception {
        Path file = uploadFile();

        Run missing = run("sync", "uploaded", "ms", dir.resolve("nope.csv").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("stockroom: there is no file " + dir.resolve("nope.csv") + "\n");
        assertThat(run("sync", "uploaded", "mesho", file.toString()).err()).isEqualTo("stockroom: there is no channel \"mesho\"\n");
        assertThat(run("sync", "uploaded", "amzn", file.toString()).err())
                .isEqualTo("stockroom: \"amzn\" is a amazon channel; only file channels (Meesho) take upload confirmations\n");
        Path notOurs = Files.writeString(dir.resolve("orders.csv"), "order,qty\nA-1,2\n");
        Run wrongFile = run("sync", "uploaded", "ms", notOurs.toString());
        assertThat(wrongFile.exit()).isEqualTo(2);
        assertThat(wrongFile.err()).startsWith("stockroom: " + notOurs + " is not a Stockroom Meesho upload file").endsWith("; nothing changed\n");
        assertThat(waitingForUpload()).as("nothing changed by the refusals").isEqualTo(2);

        Run ok = run("sync", "meesho-uploaded", "ms", file.toString());
        assertThat(ok.exit()).isZero();
        assertThat(ok.out()).isEqualTo("ok: 2 listing(s) on ms count as uploaded with the quantities in " + file.getFileName() + "\n");
        assertThat(db.queryLong("SELECT count(*) FROM stockroom.sync_outbox WHERE channel = 'ms' AND seller_id = " + seller)).isZero();
        assertThat(db.queryLong("SELECT sum(last_pushed_qty) FROM stockroom.listing WHERE channel = 'ms' AND seller_id = " + seller)).isEqualTo(14);
        assertThat(db.queryLong("SELECT count(*) FROM stockroom.listing WHERE channel = 'amzn' AND last_pushed_qty IS NOT NULL AND seller_id = "
                + seller)).isZero();
    }
}
