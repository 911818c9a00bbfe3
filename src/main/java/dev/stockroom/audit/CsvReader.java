package dev.stockroom.audit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A streaming CSV reader over bytes, built for speed and for files a person may have damaged:
 * one record at a time into a reused buffer, fields as byte ranges, no regex and no per-field
 * objects. Tolerates what a spreadsheet does on save (CRLF or LF, quoting, a BOM); refuses a
 * record longer than {@link #MAX_RECORD} bytes or with an unclosed quote, with the line number.
 */
final class CsvReader {
    static final int MAX_RECORD = 1 << 16;
    static final int MAX_FIELDS = 64;

    private final InputStream in;
    private final String part;
    private final byte[] buf = new byte[1 << 20];
    private int pos;
    private int lim;
    private boolean eof;
    private boolean started;

    private byte[] rec = new byte[1024];
    private byte[] data = rec;  // the array the current record's fields point into: buf (fast path) or rec
    private int len;
    private final int[] starts = new int[MAX_FIELDS];
    private final int[] ends = new int[MAX_FIELDS];
    private final boolean[] quoted = new boolean[MAX_FIELDS];
    private int count;
    private long line;        // physical lines consumed so far
    private long records;     // records read so far, the header included
    private long recordLine;  // the current record's row number as a spreadsheet shows it (the header is row 1)

    CsvReader(InputStream in, String part) {
        this.in = in;
        this.part = part;
    }

    /** Reads the next record; false at the end. Blank lines are skipped. */
    boolean next() throws IOException {
        if (!started) {
            started = true;
            skipBom();
        }
        while (true) {
            if (pos >= lim && !fill()) {
                return false;
            }
            int fast = readInPlace();
            if (fast > 0) {
                return true;
            }
            if (fast == 0) {
                continue;  // a blank line
            }
            data = rec;
            if (readRecord()) {
                return true;
            }
        }
    }

    int fields() {
        return count;
    }

    /** The record's row number as a spreadsheet shows it (the header is row 1). */
    long line() {
        return recordLine;
    }

    byte[] bytes() {
        return data;
    }

    int start(int i) {
        return starts[i];
    }

    int end(int i) {
        return ends[i];
    }

    int length(int i) {
        return ends[i] - starts[i];
    }

    /** An empty field that was not quoted: how the export writes NULL. */
    boolean isNull(int i) {
        return ends[i] == starts[i] && !quoted[i];
    }

    String text(int i) {
        return new String(data, starts[i], ends[i] - starts[i], StandardCharsets.UTF_8);
    }

    /** The field for a message: quoted, and cut short when it is long. */
    String quoted(int i) {
        String t = text(i);
        return "\"" + (t.length() > 40 ? t.substring(0, 37) + "..." : t) + "\"";
    }

    String textOrNull(int i) {
        return isNull(i) ? null : text(i);
    }

    /** The field as a whole number, or {@link Long#MIN_VALUE} when it is not one. */
    long number(int i) {
        return parseLong(data, starts[i], ends[i]);
    }

    static long parseLong(byte[] b, int s, int e) {
        if (s >= e || e - s > 19) {
            return Long.MIN_VALUE;
        }
        boolean negative = b[s] == '-';
        int i = negative ? s + 1 : s;
        if (i >= e) {
            return Long.MIN_VALUE;
        }
        long v = 0;
        for (; i < e; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9 || v > (Long.MAX_VALUE - d) / 10) {
                return Long.MIN_VALUE;
            }
            v = v * 10 + d;
        }
        return negative ? -v : v;
    }

    boolean equals(int i, byte[] expected) {
        int n = ends[i] - starts[i];
        if (n != expected.length) {
            return false;
        }
        byte[] d = data;
        int s = starts[i];
        for (int k = 0; k < n; k++) {
            if (d[s + k] != expected[k]) {
                return false;
            }
        }
        return true;
    }

    private void skipBom() throws IOException {
        if (lim - pos < 3) {
            fillAtLeast(3);
        }
        if (lim - pos >= 3 && buf[pos] == (byte) 0xEF && buf[pos + 1] == (byte) 0xBB && buf[pos + 2] == (byte) 0xBF) {
            pos += 3;
        }
    }

    /**
     * The common case, read where it lies in the buffer with nothing copied: a whole record with
     * no quotes. Returns 1 for a record, 0 for a blank line, -1 to take the careful path.
     */
    private int readInPlace() {
        final byte[] b = buf;
        final int limit = Math.min(lim, pos + MAX_RECORD);  // longer records take the careful path, which refuses them
        int p = pos;
        int f = 0;
        starts[0] = p;
        while (p < limit) {
            byte c = b[p];
            if (c == ',') {
                ends[f] = p;
                quoted[f] = false;
                if (++f == MAX_FIELDS) {
                    return -1;
                }
                starts[f] = p + 1;
            } else if (c == '\n' || c == '\r') {
                int next = p + 1;
                if (c == '\r') {
                    if (next >= limit) {
                        return -1;  // the LF may be in the next buffer
                    }
                    if (b[next] == '\n') {
                        next++;
                    }
                }
                ends[f] = p;
                quoted[f] = false;
                count = f + 1;
                line++;
                if (!(f == 0 && ends[0] == starts[0])) {
                    recordLine = ++records;
                }
                pos = next;
                data = b;
                return count == 1 && ends[0] == starts[0] ? 0 : 1;
            } else if (c == '"') {
                return -1;
            }
            p++;
        }
        return -1;
    }

    private boolean readRecord() throws IOException {
        count = 0;
        len = 0;
        recordLine = records + 1;
        while (true) {
            if (count == MAX_FIELDS) {
                throw new UnusableExportException(part + " row " + recordLine + " has more than " + MAX_FIELDS
                        + " columns: it is not a Stockroom export file");
            }
            starts[count] = len;
            quoted[count] = false;
            int c = peek();
            if (c == '"') {
                pos++;
                quoted[count] = true;
                readQuoted();
                c = peek();
                if (c != ',' && c != '\n' && c != '\r' && c != -1) {
                    throw new UnusableExportException(part + " row " + recordLine
                            + " has text after a closing quote: the CSV is damaged");
                }
            } else {
                readPlain();
                c = peek();
            }
            ends[count] = len;
            count++;
            if (c == ',') {
                pos++;
                continue;
            }
            if (c == '\r') {
                pos++;
                if (peek() == '\n') {
                    pos++;
                }
            } else if (c == '\n') {
                pos++;
            }
            line++;
            boolean blank = count == 1 && len == 0 && !quoted[0];  // a blank line is not a record
            if (!blank) {
                records++;
            }
            return !blank;
        }
    }

    private void readPlain() throws IOException {
        while (true) {
            if (pos >= lim && !fill()) {
                return;
            }
            int p = pos;
            int stop = lim;
            byte[] b = buf;
            while (p < stop) {
                byte c = b[p];
                if (c == ',' || c == '\n' || c == '\r') {
                    break;
                }
                p++;
            }
            append(pos, p - pos);
            pos = p;
            if (p < stop) {
                return;
            }
        }
    }

    private void readQuoted() throws IOException {
        while (true) {
            if (pos >= lim && !fill()) {
                throw new UnusableExportException(part + " row " + recordLine
                        + " opens a quote that never closes: the file is cut off or damaged");
            }
            int p = pos;
            while (p < lim && buf[p] != '"') {
                if (buf[p] == '\n') {
                    line++;
                }
                p++;
            }
            append(pos, p - pos);
            pos = p;
            if (p < lim) {  // at a quote: either "" (a quote inside) or the closing one
                pos++;
                if (peek() == '"') {
                    appendByte((byte) '"');
                    pos++;
                } else {
                    return;
                }
            }
        }
    }

    private int peek() throws IOException {
        if (pos >= lim && !fill()) {
            return -1;
        }
        return buf[pos];
    }

    private void append(int from, int n) {
        if (n == 0) {
            return;
        }
        ensure(n);
        System.arraycopy(buf, from, rec, len, n);
        len += n;
    }

    private void appendByte(byte b) {
        ensure(1);
        rec[len++] = b;
    }

    private void ensure(int n) {
        if (len + n > MAX_RECORD) {
            throw new UnusableExportException(part + " row " + recordLine + " is longer than " + MAX_RECORD
                    + " bytes: no ledger row is that long; the file is damaged or not a Stockroom export");
        }
        if (len + n > rec.length) {
            rec = java.util.Arrays.copyOf(rec, Math.min(MAX_RECORD, Math.max(rec.length * 2, len + n)));
        }
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            eof = n < 0;
            pos = 0;
            lim = 0;
            return n > 0 || (!eof && fill());
        }
        pos = 0;
        lim = n;
        return true;
    }

    private void fillAtLeast(int n) throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
        while (lim < n && !eof) {
            int r = in.read(buf, lim, buf.length - lim);
            if (r < 0) {
                eof = true;
            } else {
                lim += r;
            }
        }
    }
}
