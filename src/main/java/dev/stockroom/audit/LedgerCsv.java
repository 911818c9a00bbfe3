package dev.stockroom.audit;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Map;

/**
 * Turns ledger rows read by binary COPY straight into ledger.csv's bytes, byte for byte what
 * {@link CsvWriter} writes from the same row (LedgerCsvTest holds them to it), without a
 * String or an object per field. Also notes, per SKU, where its rows in this stretch start
 * and end, so the manifest's heads can be put together stretch by stretch.
 */
final class LedgerCsv {
    /** The columns, in this order, that {@link #SELECT} asks for. */
    static final String SELECT = "l.created_at, l.sku_id, l.seq, l.kind, l.on_hand_delta, l.reserved_delta, l.on_hand_after, "
            + "l.reserved_after, l.channel, l.order_ref, l.reason, l.actor, l.movement_id, l.hash";
    static final int COLUMNS = 14;
    private static final int CREATED_AT = 0;
    private static final int SKU_ID = 1;
    private static final int SEQ = 2;
    private static final int KIND = 3;
    private static final int ON_HAND_DELTA = 4;
    private static final int RESERVED_DELTA = 5;
    private static final int ON_HAND_AFTER = 6;
    private static final int RESERVED_AFTER = 7;
    private static final int CHANNEL = 8;
    private static final int ORDER_REF = 9;
    private static final int REASON = 10;
    private static final int ACTOR = 11;
    private static final int MOVEMENT_ID = 12;
    private static final int HASH = 13;
    /** Microseconds from 1970-01-01 to 2000-01-01, PostgreSQL's epoch for timestamps in binary. */
    private static final long PG_EPOCH_MICROS = 946_684_800_000_000L;
    private static final long DAY_MICROS = 86_400_000_000L;
    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    /** Bytes that make a CSV field need quotes: , " CR LF. */
    private static final boolean[] SPECIAL = new boolean[256];

    static {
        SPECIAL[','] = true;
        SPECIAL['"'] = true;
        SPECIAL['\r'] = true;
        SPECIAL['\n'] = true;
    }

    /**
     * Where one SKU's rows in a stretch of the ledger start and end. The first row's prev_hash
     * is not read (it costs the database a column on every row): the opening pass lists every
     * SKU with a stock row, and the exporter asks for the rare other one by itself.
     */
    static final class SkuSpan {
        final long skuId;
        final long firstSeq;
        final int onHandBefore;
        final int reservedBefore;
        long lastSeq;
        byte[] lastHash;
        int lastOnHand;
        int lastReserved;
        long rows;

        SkuSpan(long skuId, long firstSeq, int onHandBefore, int reservedBefore) {
            this.skuId = skuId;
            this.firstSeq = firstSeq;
            this.onHandBefore = onHandBefore;
            this.reservedBefore = reservedBefore;
        }
    }

    /** A SKU as this reader knows it: its sku cell, ready to copy, and its span in the current stretch. */
    private static final class Sku {
        final byte[] cell;
        SkuSpan span;
        int stretch = -1;

        Sku(byte[] cell) {
            this.cell = cell;
        }
    }

    private final Map<Long, String> codes;
    private final LongMap<Sku> known = new LongMap<>();
    private LongMap<SkuSpan> spans = new LongMap<>(1024);
    private int stretch;
    private byte[] out;
    private int n;
    private long dayStart = Long.MIN_VALUE;
    private final byte[] dayPrefix = new byte[11];

    /** @param codes sku_id to code, as in skus.csv (read only, shared between threads) */
    LedgerCsv(Map<Long, String> codes) {
        this.codes = codes;
    }

    /** Where the next rows go; {@link #length()} tells how much of it they filled. */
    void into(byte[] block) {
        out = block;
        n = 0;
    }

    int length() {
        return n;
    }

    /** Room the current row needs at most: callers switch blocks before a row that might not fit. */
    static int roomFor(CopyTuples t) {
        int texts = Math.max(0, t.length(KIND)) + Math.max(0, t.length(CHANNEL)) + Math.max(0, t.length(ORDER_REF))
                + Math.max(0, t.length(REASON)) + Math.max(0, t.length(ACTOR));
        return 512 + 2 * texts + 2 * Math.max(0, t.length(HASH));
    }

    int room() {
        return out.length - n;
    }

    /** The spans noted since the last call, and a fresh start for the next stretch. */
    LongMap<SkuSpan> takeSpans() {
        LongMap<SkuSpan> s = spans;
        spans = new LongMap<>(Math.max(64, s.size()));
        stretch++;
        return s;
    }

    /** Appends the tuple under {@code t} as one CSV record (CRLF ended). */
    void row(CopyTuples t) throws SQLException {
        byte[] b = t.bytes();
        long skuId = t.int8(SKU_ID);
        long seq = t.int8(SEQ);
        int onHandDelta = t.int4(ON_HAND_DELTA);
        int reservedDelta = t.int4(RESERVED_DELTA);
        int onHandAfter = t.int4(ON_HAND_AFTER);
        int reservedAfter = t.int4(RESERVED_AFTER);
        moment(t.int8(CREATED_AT) + PG_EPOCH_MICROS);
        comma();
        Sku sku = known.get(skuId);
        if (sku == null) {
            sku = new Sku(codeCell(skuId));
            known.put(skuId, sku);
        }
        byte[] code = sku.cell;
        System.arraycopy(code, 0, out, n, code.length);
        n += code.length;
        comma();
        number(seq);
        comma();
        text(b, t.offset(KIND), t.length(KIND));
        comma();
        number(onHandDelta);
        comma();
        number(reservedDelta);
        comma();
        number(onHandAfter);
        comma();
        number(reservedAfter);
        comma();
        text(b, t.offset(CHANNEL), t.length(CHANNEL));
        comma();
        text(b, t.offset(ORDER_REF), t.length(ORDER_REF));
        comma();
        text(b, t.offset(REASON), t.length(REASON));
        comma();
        text(b, t.offset(ACTOR), t.length(ACTOR));
        comma();
        uuid(b, t.offset(MOVEMENT_ID), t.length(MOVEMENT_ID));
        comma();
        number(skuId);
        comma();
        if (t.length(HASH) == 0) {  // as CsvWriter writes an empty text; only a damaged ledger has such a hash
            out[n++] = '"';
            out[n++] = '"';
        } else {
            hex(b, t.offset(HASH), t.length(HASH));
        }
        out[n++] = '\r';
        out[n++] = '\n';

        SkuSpan span = sku.span;
        if (sku.stretch != stretch) {
            span = new SkuSpan(skuId, seq, onHandAfter - onHandDelta, reservedAfter - reservedDelta);
            spans.put(skuId, span);
            sku.span = span;
            sku.stretch = stretch;
        }
        span.lastSeq = seq;
        int hashLength = Math.max(0, t.length(HASH));
        if (span.lastHash == null || span.lastHash.length != hashLength) {
            span.lastHash = new byte[hashLength];
        }
        System.arraycopy(b, t.offset(HASH), span.lastHash, 0, hashLength);
        span.lastOnHand = onHandAfter;
        span.lastReserved = reservedAfter;
        span.rows++;
    }

    private byte[] codeCell(long skuId) {
        String code = codes.get(skuId);
        byte[] text = (code == null ? "sku#" + skuId : code).getBytes(StandardCharsets.UTF_8);
        byte[] saved = out;
        int savedN = n;
        out = new byte[2 * text.length + 2];
        n = 0;
        text(text, 0, text.length);
        byte[] cell = java.util.Arrays.copyOf(out, n);
        out = saved;
        n = savedN;
        return cell;
    }

    private void comma() {
        out[n++] = ',';
    }

    /** As {@link CsvWriter#text}: NULL is an empty field; quoted when empty, space-edged or holding , " CR LF. */
    private void text(byte[] b, int off, int len) {
        if (len < 0) {
            return;
        }
        if (!needsQuotes(b, off, len)) {
            System.arraycopy(b, off, out, n, len);
            n += len;
            return;
        }
        out[n++] = '"';
        for (int i = off; i < off + len; i++) {
            if (b[i] == '"') {
                out[n++] = '"';
            }
            out[n++] = b[i];
        }
        out[n++] = '"';
    }

    private static boolean needsQuotes(byte[] b, int off, int len) {
        if (len == 0 || b[off] == ' ' || b[off + len - 1] == ' ') {
            return true;
        }
        for (int i = off; i < off + len; i++) {
            if (SPECIAL[b[i] & 0xFF]) {
                return true;
            }
        }
        return false;
    }

    private void number(long v) {
        if (v >= 0 && v < 10) {  // most deltas and balances
            out[n++] = (byte) ('0' + v);
            return;
        }
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                byte[] s = Long.toString(v).getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(s, 0, out, n, s.length);
                n += s.length;
                return;
            }
            out[n++] = '-';
            v = -v;
        }
        if (v <= Integer.MAX_VALUE) {  // int division is the cheap kind
            int w = (int) v;
            int digits = w < 10 ? 1 : w < 100 ? 2 : w < 1000 ? 3 : w < 10_000 ? 4 : w < 100_000 ? 5 : w < 1_000_000 ? 6
                    : w < 10_000_000 ? 7 : w < 100_000_000 ? 8 : w < 1_000_000_000 ? 9 : 10;
            for (int i = n + digits - 1; i >= n; i--) {
                out[i] = (byte) ('0' + w % 10);
                w /= 10;
            }
            n += digits;
            return;
        }
        byte[] s = Long.toString(v).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(s, 0, out, n, s.length);
        n += s.length;
    }

    /** As {@link Moments#iso(long)}; the date part is kept from row to row (ledger rows come in time order). */
    private void moment(long micros) {
        if (dayStart == Long.MIN_VALUE || micros < dayStart || micros - dayStart >= DAY_MICROS) {
            String iso = Moments.iso(micros);
            if (iso.length() != Moments.ISO_LENGTH || !Character.isDigit(iso.charAt(0))) {  // a year beyond 0-9999: as Instant writes it
                byte[] s = iso.getBytes(StandardCharsets.US_ASCII);
                text(s, 0, s.length);
                dayStart = Long.MIN_VALUE;
                return;
            }
            dayStart = Math.floorDiv(micros, DAY_MICROS) * DAY_MICROS;
            for (int i = 0; i < dayPrefix.length; i++) {
                dayPrefix[i] = (byte) iso.charAt(i);
            }
        }
        System.arraycopy(dayPrefix, 0, out, n, dayPrefix.length);
        n += dayPrefix.length;
        long inDay = micros - dayStart;
        int secs = (int) (inDay / 1_000_000);
        int us = (int) (inDay % 1_000_000);
        two(secs / 3600);
        out[n++] = ':';
        two(secs / 60 % 60);
        out[n++] = ':';
        two(secs % 60);
        out[n++] = '.';
        for (int i = n + 5; i >= n; i--) {
            out[i] = (byte) ('0' + us % 10);
            us /= 10;
        }
        n += 6;
        out[n++] = 'Z';
    }

    private void two(int v) {
        out[n++] = (byte) ('0' + v / 10);
        out[n++] = (byte) ('0' + v % 10);
    }

    /** As {@link java.util.UUID#toString()}: lower-case hex, dashes after 4, 6, 8 and 10 bytes. */
    private void uuid(byte[] b, int off, int len) throws SQLException {
        if (len != 16) {
            throw new SQLException("a movement_id in the COPY data is " + len + " bytes, not a uuid's 16");
        }
        hex(b, off, 4);
        out[n++] = '-';
        hex(b, off + 4, 2);
        out[n++] = '-';
        hex(b, off + 6, 2);
        out[n++] = '-';
        hex(b, off + 8, 2);
        out[n++] = '-';
        hex(b, off + 10, 6);
    }

    private void hex(byte[] b, int off, int len) {
        int i = off;
        for (; i + 4 <= off + len; i += 4) {  // four bytes at a time, as eight digits in one long
            LONG.set(out, n, hex8((b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | b[i + 3] & 0xFF));
            n += 8;
        }
        for (; i < off + len; i++) {
            out[n++] = HEX_DIGITS[(b[i] >> 4) & 0xF];
            out[n++] = HEX_DIGITS[b[i] & 0xF];
        }
    }

    /** The eight lower-case hex digits of {@code x}, first digit in the top byte (SWAR: no table, no branch). */
    private static long hex8(int x) {
        long v = x & 0xFFFFFFFFL;
        v = (v | v << 16) & 0x0000FFFF0000FFFFL;
        v = (v | v << 8) & 0x00FF00FF00FF00FFL;
        v = (v | v << 4) & 0x0F0F0F0F0F0F0F0FL;
        long letters = (v + 0x0606060606060606L) >> 4 & 0x0101010101010101L;  // 1 in each byte holding 10..15
        return v + 0x3030303030303030L + letters * ('a' - '0' - 10);
    }
}
