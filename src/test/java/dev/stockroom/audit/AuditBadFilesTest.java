package dev.stockroom.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.cli.StockroomCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Files that are not exports, or broken ones: a clear sentence, exit code 2, no stack trace. No database needed. */
class AuditBadFilesTest {
    @TempDir
    static Path dir;
    static Path good;
    static AuditKeys keys = AuditKeys.generate();

    @BeforeAll
    static void sample() {
        good = dir.resolve("good.zip");
        SampleExport.write(good, 3_000, 25, 5, keys);
    }

    static VerifyReport verify(Path f) {
        VerifyReport r = ExportVerifier.verify(f);
        assertThat(r.outcome()).as(r.headline()).isEqualTo(VerifyReport.Outcome.UNUSABLE);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.headline()).startsWith("CANNOT VERIFY: ").doesNotContain("Exception");
        return r;
    }

    @Test
    void aGeneratedSampleVerifies() {
        VerifyReport r = ExportVerifier.verify(good, VerifyOptions.defaults().trust(Trust.of(keys.publicKey())));
        assertThat(r.findings()).isEmpty();
        assertThat(r.rows()).isEqualTo(3_000);
    }

    @Test
    void anEmptyFile() throws Exception {
        Path f = Files.createFile(dir.resolve("empty.zip"));
        assertThat(verify(f).unusableReason()).contains("is empty");
    }

    @Test
    void aMissingFileAndAFolder() {
        assertThat(verify(dir.resolve("nope.zip")).unusableReason()).contains("There is no file at");
        assertThat(verify(dir).unusableReason()).contains("is a folder");
    }

    @Test
    void aTruncatedZip() throws Exception {
        byte[] all = Files.readAllBytes(good);
        Path f = Files.write(dir.resolve("truncated.zip"), Arrays.copyOf(all, all.length / 2));
        assertThat(verify(f).unusableReason()).contains("not a complete export");
    }

    @Test
    void notAZipAtAll() throws Exception {
        Path f = Files.writeString(dir.resolve("notes.zip"), "created_at,sku\n2026-01-01,MUG\n");
        assertThat(verify(f).unusableReason()).contains("not a readable zip");
    }

    @Test
    void aZipWithoutAManifest() {
        Map<String, byte[]> parts = AuditFixtures.unzip(good);
        parts.remove(ExportLayout.MANIFEST);
        assertThat(verify(AuditFixtures.zip(dir.resolve("nomanifest.zip"), parts)).unusableReason())
                .contains("has no manifest.txt");
    }

    @Test
    void aNewerFormatVersion() {
        Path f = AuditFixtures.edit(good, dir.resolve("v2.zip"), ExportLayout.MANIFEST,
                t -> t.replace("format-version: 1", "format-version: 2"));
        assertThat(verify(f).unusableReason()).contains("format version 2").contains("newer Stockroom");
    }

    @Test
    void aHugeLineInTheLedger() {
        Path f = AuditFixtures.edit(good, dir.resolve("huge.zip"), ExportLayout.LEDGER, t -> {
            int at = t.indexOf("\r\n", t.indexOf("\r\n") + 2);
            return t.substring(0, at) + "x".repeat(200_000) + t.substring(at);
        });
        assertThat(verify(f).unusableReason()).contains("ledger.csv row 2 is longer than 65536 bytes");
    }

    @Test
    void anUnclosedQuoteAndWrongColumns() {
        Path quote = AuditFixtures.edit(good, dir.resolve("quote.zip"), ExportLayout.LEDGER, t -> t + "\"never closed,");
        assertThat(verify(quote).unusableReason()).contains("opens a quote that never closes");
        Path columns = AuditFixtures.edit(good, dir.resolve("columns.zip"), ExportLayout.LEDGER,
                t -> t.replaceFirst("created_at,sku", "when,sku"));
        assertThat(verify(columns).unusableReason()).contains("does not have the columns");
    }

    @Test
    void aRowASpreadsheetReformattedIsNamedNotFatal() {
        Path f = AuditFixtures.edit(good, dir.resolve("reformatted.zip"), ExportLayout.LEDGER,
                t -> t.replaceFirst("\r\n2025-01-01T(\\d\\d):(\\d\\d):(\\d\\d)\\.\\d{6}Z,", "\r\n01/01/2025 $1:$2,"));
        VerifyReport r = ExportVerifier.verify(f);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.headline()).contains("ledger.csv row 2").contains("not a UTC time").contains("spreadsheet");
    }

    @Test
    void aDamagedCheckpointFile() throws Exception {
        Path cp = Files.writeString(dir.resolve("cp.txt"), "hello");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Checkpoint.read(cp)))
                .isInstanceOf(UnusableExportException.class).hasMessageContaining("not a Stockroom checkpoint");
    }

    @Test
    void theCommandLineExitsWithTheVerdict() throws Exception {
        assertThat(run("audit", "verify", good.toString(), "--trust", keys.publicKeyText()).exit).isZero();
        Path keyFile = Files.writeString(dir.resolve("seller.pub"), keys.publicKeyText() + "\n");
        Result trusted = run("audit", "verify", good.toString(), "--trust", keyFile.toString());
        assertThat(trusted.exit).isZero();
        assertThat(trusted.out).contains("PASSED").contains("rows/s");
        Result other = run("audit", "verify", good.toString(), "--trust", AuditKeys.generate().publicKeyText());
        assertThat(other.exit).isEqualTo(1);
        assertThat(other.out).contains("FAILED").contains("not a key you trust");
        Result empty = run("audit", "verify", Files.createFile(dir.resolve("cli-empty.zip")).toString());
        assertThat(empty.exit).isEqualTo(2);
        assertThat(empty.out).contains("CANNOT VERIFY").contains("is empty");
        Result badKey = run("audit", "verify", good.toString(), "--trust", "hello");
        assertThat(badKey.exit).isEqualTo(2);
        assertThat(badKey.err).contains("--trust hello");
        Result replay = run("audit", "replay", good.toString(), "--at", "2025-01-01T12:00:00Z", "--sku", "SKU-00001");
        assertThat(replay.exit).isZero();
        assertThat(replay.out).contains("file verified").contains("SKU-00001");
        Result anomalies = run("audit", "anomalies", good.toString(), "--zone", "UTC");
        assertThat(anomalies.exit).isZero();
        assertThat(anomalies.out).contains(Anomalies.OUT_OF_HOURS).contains(Anomalies.LARGE_NEGATIVE);
        Result diff = run("audit", "diff", good.toString(), good.toString());
        assertThat(diff.exit).isZero();
        assertThat(diff.out).contains("25 SKUs unchanged");
    }

    record Result(int exit, String out, String err) {
    }

    static Result run(String... args) {
        CommandLine cli = StockroomCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }
}
