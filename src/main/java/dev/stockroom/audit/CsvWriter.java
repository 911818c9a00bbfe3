package dev.stockroom.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * RFC 4180 CSV as a spreadsheet opens it: comma separated, CRLF line ends, a field quoted when
 * it holds a comma, a quote, a line break or edge spaces. NULL is an empty field and the empty
 * string is {@code ""}, so the two stay apart (the ledger hash tells them apart too).
 */
final class CsvWriter {
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private final OutputStream out;
    private boolean first = true;

    CsvWriter(OutputStream out) {
        this.out = out;
    }

    /** The UTF-8 byte order mark: without it some spreadsheets read UTF-8 as a legacy code page. */
    CsvWriter bom() throws IOException {
        out.write(BOM);
        return this;
    }

    CsvWriter text(String value) throws IOException {
        separate();
        if (value == null) {
            return this;
        }
        if (needsQuotes(value)) {
            out.write('"');
            out.write(value.replace("\"", "\"\"").getBytes(StandardCharsets.UTF_8));
            out.write('"');
        } else {
            out.write(value.getBytes(StandardCharsets.UTF_8));
        }
        return this;
    }

    CsvWriter number(long value) throws IOException {
        separate();
        ascii(Long.toString(value));
        return this;
    }

    CsvWriter ascii(String plain) throws IOException {
        for (int i = 0; i < plain.length(); i++) {
            out.write(plain.charAt(i));
        }
        return this;
    }

    CsvWriter row(String... values) throws IOException {
        for (String v : values) {
            text(v);
        }
        return end();
    }

    CsvWriter end() throws IOException {
        out.write('\r');
        out.write('\n');
        first = true;
        return this;
    }

    private void separate() throws IOException {
        if (!first) {
            out.write(',');
        }
        first = false;
    }

    private static boolean needsQuotes(String v) {
        if (v.isEmpty() || v.charAt(0) == ' ' || v.charAt(v.length() - 1) == ' ') {
            return true;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }
}
