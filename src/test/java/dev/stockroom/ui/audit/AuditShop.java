package dev.stockroom.ui.audit;

import dev.stockroom.audit.AuditKeys;
import dev.stockroom.audit.AuditProgress;
import dev.stockroom.audit.AuditService;
import dev.stockroom.ui.UiFixture;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The console's small shop with some history, moments noted between its changes, an export
 * signed by the seller's key, and a copy of it with one byte changed in a quantity (the
 * auditor's spreadsheet edit), with where that byte sits.
 */
final class AuditShop implements AutoCloseable {
    final UiFixture shop;
    final AuditKeys sellerKey = AuditKeys.generate();
    final List<Instant> moments = new ArrayList<>();
    final Path good;
    final Path tampered;
    String tamperedSku;
    long tamperedSeq;
    int tamperedRow;

    AuditShop(String login, Path dir) {
        shop = UiFixture.create(login);
        note();
        for (int i = 0; i < 4; i++) {
            shop.otherDesk.restock("TEA", 3 + i);
            shop.otherDesk.adjust("MUG", 6 + i, "cycle count");
            note();
            shop.otherDesk.restock("LID", 10);
            note();
        }
        shop.otherDesk.adjust("LID", 5, "water damage");  // a large negative count: an anomaly to ask about
        note();
        good = audit().export(dir.resolve("ledger.zip"), null, null, AuditProgress.NONE).file();
        tampered = flipAQuantity(good, dir.resolve("ledger-edited.zip"));
    }

    /** The audit over the shop's database, signing with the seller's key (never the user's own). */
    AuditService audit() {
        return new AuditService(shop.db.as(shop.login, 2), shop.seller, () -> sellerKey);
    }

    /** Notes a moment strictly between changes (the clock moves on before the next one). */
    private void note() {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS).plusMillis(1);
        UiFixture.await("the clock to pass a noted moment", Duration.ofSeconds(2), () -> Instant.now().isAfter(at));
        moments.add(at);
    }

    /** Changes the last digit of a restock's quantity on a row in the middle of the ledger. */
    private Path flipAQuantity(Path source, Path target) {
        Map<String, byte[]> parts = unzip(source);
        List<String> lines = new ArrayList<>(Arrays.asList(new String(parts.get("ledger.csv"), StandardCharsets.UTF_8).split("\r\n", -1)));
        for (int i = lines.size() / 2; i < lines.size(); i++) {
            String line = lines.get(i);
            String[] c = line.split(",", -1);
            if (!line.contains("\"") && c.length > 4 && c[3].equals("restock") && Long.parseLong(c[2]) > 1) {
                int at = line.indexOf("," + c[4] + ",", line.indexOf(",restock,")) + c[4].length();
                char digit = line.charAt(at);
                lines.set(i, line.substring(0, at) + (char) ('0' + (digit - '0' + 1) % 10) + line.substring(at + 1));
                tamperedSku = c[1];
                tamperedSeq = Long.parseLong(c[2]);
                tamperedRow = i + 1;  // the spreadsheet's row: the header is row 1
                parts.put("ledger.csv", String.join("\r\n", lines).getBytes(StandardCharsets.UTF_8));
                return zip(target, parts);
            }
        }
        throw new AssertionError("no restock row in the second half of the ledger");
    }

    private static Map<String, byte[]> unzip(Path file) {
        Map<String, byte[]> parts = new LinkedHashMap<>();
        try (ZipFile z = new ZipFile(file.toFile())) {
            for (ZipEntry e : Collections.list(z.entries())) {
                try (InputStream in = z.getInputStream(e)) {
                    parts.put(e.getName(), in.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return parts;
    }

    private static Path zip(Path file, Map<String, byte[]> parts) {
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream z = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : parts.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    @Override
    public void close() {
        shop.close();
    }
}
