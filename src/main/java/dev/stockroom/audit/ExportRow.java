package dev.stockroom.audit;

import static dev.stockroom.audit.ExportLayout.*;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;

/**
 * The ledger row under the reader, parsed in place from ledger.csv (reused for every row).
 * Its canonical bytes are built straight from the CSV's bytes: the file holds each value in
 * its canonical text form, so nothing is converted and back.
 */
public final class ExportRow implements ChainRow {
    private static final byte[] HEADER = "stockroom-ledger-v1".getBytes(StandardCharsets.US_ASCII);
    private static final String[] KINDS = {"restock", "return", "count", "sale", "reserve", "confirm", "release", "expire"};
    private static final byte[][] KIND_BYTES = new byte[KINDS.length][];

    static {
        for (int i = 0; i < KINDS.length; i++) {
            KIND_BYTES[i] = KINDS[i].getBytes(StandardCharsets.US_ASCII);
        }
    }

    private final CsvReader csv;
    private final byte[] sellerId;
    private final MessageDigest sha = ExportWriter.sha256();
    private final byte[] stored = new byte[32];
    private final Moments.Parser moments = new Moments.Parser();
    private byte[] canon = new byte[512];
    private int n;

    private long skuId;
    private long seq;
    private String kind;
    private int onHandDelta;
    private int reservedDelta;
    private int onHandAfter;
    private int reservedAfter;
    private long micros;

    ExportRow(CsvReader csv, long sellerId) {
        this.csv = csv;
        this.sellerId = Long.toString(sellerId).getBytes(StandardCharsets.US_ASCII);
    }

    /** Parses the current record; returns what is wrong with it in words, or null when it reads as a row. */
    String load() {
        if (csv.fields() != LEDGER_COLUMNS.size()) {
            return "it has " + csv.fields() + " columns where a ledger row has " + LEDGER_COLUMNS.size();
        }
        skuId = csv.number(L_SKU_ID);
        seq = csv.number(L_SEQ);
        if (skuId == Long.MIN_VALUE || seq == Long.MIN_VALUE) {
            return "its " + (skuId == Long.MIN_VALUE ? "sku_id " + csv.quoted(L_SKU_ID) : "seq " + csv.quoted(L_SEQ))
                    + " is not a whole number";
        }
        long d1 = csv.number(L_ON_HAND_DELTA);
        long d2 = csv.number(L_RESERVED_DELTA);
        long a1 = csv.number(L_ON_HAND_AFTER);
        long a2 = csv.number(L_RESERVED_AFTER);
        if (!isInt(d1) || !isInt(d2) || !isInt(a1) || !isInt(a2)) {
            int bad = !isInt(d1) ? L_ON_HAND_DELTA : !isInt(d2) ? L_RESERVED_DELTA : !isInt(a1) ? L_ON_HAND_AFTER : L_RESERVED_AFTER;
            return "its " + LEDGER_COLUMNS.get(bad) + " " + csv.quoted(bad) + " is not a whole number";
        }
        onHandDelta = (int) d1;
        reservedDelta = (int) d2;
        onHandAfter = (int) a1;
        reservedAfter = (int) a2;
        micros = moments.parse(csv.bytes(), csv.start(L_CREATED_AT), csv.length(L_CREATED_AT));
        if (micros == Moments.INVALID) {
            return "its created_at " + csv.quoted(L_CREATED_AT) + " is not a UTC time like 2026-10-31T23:59:59.123456Z"
                    + " (a spreadsheet may have reformatted it)";
        }
        if (!Hex.decode(csv.bytes(), csv.start(L_HASH), csv.length(L_HASH), stored)) {
            return "its hash " + csv.quoted(L_HASH) + " is not 64 hex digits";
        }
        kind = readKind();
        return null;
    }

    private static boolean isInt(long v) {
        return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE;
    }

    private String readKind() {
        for (int i = 0; i < KINDS.length; i++) {
            if (csv.equals(L_KIND, KIND_BYTES[i])) {
                return KINDS[i];
            }
        }
        return csv.text(L_KIND);
    }

    @Override
    public void computeHash(byte[] prev, byte[] out) {
        n = 0;
        put(HEADER, 0, HEADER.length);
        field(sellerId, 0, sellerId.length);
        field(L_SKU_ID);
        field(L_SEQ);
        field(L_KIND);
        field(L_ON_HAND_DELTA);
        field(L_RESERVED_DELTA);
        field(L_ON_HAND_AFTER);
        field(L_RESERVED_AFTER);
        nullable(L_CHANNEL);
        nullable(L_ORDER_REF);
        nullable(L_REASON);
        field(L_MOVEMENT_ID);
        field(L_ACTOR);
        putByte((byte) '\n');
        int digits = decimalLength(micros);
        putNumber(digits);
        putByte((byte) ':');
        putNumber(micros);
        sha.update(prev, 0, 32);
        sha.update(canon, 0, n);
        try {
            sha.digest(out, 0, 32);
        } catch (DigestException e) {
            throw new IllegalStateException(e);
        }
    }

    private void nullable(int column) {
        if (csv.isNull(column)) {
            putByte((byte) '\n');
            putByte((byte) '~');
        } else {
            field(column);
        }
    }

    private void field(int column) {
        field(csv.bytes(), csv.start(column), csv.length(column));
    }

    private void field(byte[] src, int off, int len) {
        putByte((byte) '\n');
        putNumber(len);
        putByte((byte) ':');
        put(src, off, len);
    }

    private void put(byte[] src, int off, int len) {
        if (n + len > canon.length) {
            canon = java.util.Arrays.copyOf(canon, Math.max(canon.length * 2, n + len + 64));
        }
        System.arraycopy(src, off, canon, n, len);
        n += len;
    }

    private void putByte(byte b) {
        if (n == canon.length) {
            canon = java.util.Arrays.copyOf(canon, canon.length * 2);
        }
        canon[n++] = b;
    }

    private void putNumber(long v) {
        if (v >= 0 && v < 100) {  // every length prefix but the longest texts
            if (n + 2 > canon.length) {
                canon = java.util.Arrays.copyOf(canon, canon.length * 2);
            }
            if (v >= 10) {
                canon[n++] = (byte) ('0' + v / 10);
            }
            canon[n++] = (byte) ('0' + v % 10);
            return;
        }
        if (v < 0) {
            putByte((byte) '-');
            v = -v;
        }
        int digits = decimalLength(v);
        if (n + digits > canon.length) {
            canon = java.util.Arrays.copyOf(canon, canon.length * 2 + digits);
        }
        for (int i = n + digits - 1; i >= n; i--) {
            canon[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        n += digits;
    }

    private static int decimalLength(long v) {
        if (v < 0) {
            return 1 + decimalLength(-v);
        }
        long p = 10;
        for (int d = 1; d < 19; d++) {
            if (v < p) {
                return d;
            }
            p *= 10;
        }
        return 19;
    }

    @Override
    public long skuId() {
        return skuId;
    }

    @Override
    public long seq() {
        return seq;
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public int onHandDelta() {
        return onHandDelta;
    }

    @Override
    public int reservedDelta() {
        return reservedDelta;
    }

    @Override
    public int onHandAfter() {
        return onHandAfter;
    }

    @Override
    public int reservedAfter() {
        return reservedAfter;
    }

    @Override
    public long micros() {
        return micros;
    }

    @Override
    public byte[] storedHash() {
        return stored;
    }

    @Override
    public String where() {
        return ExportLayout.LEDGER + " row " + csv.line();
    }

    @Override
    public long line() {
        return csv.line();
    }

    String skuCodeQuoted() {
        return csv.quoted(L_SKU);
    }

    public String skuCode() {
        return csv.text(L_SKU);
    }

    public String channel() {
        return csv.textOrNull(L_CHANNEL);
    }

    public String orderRef() {
        return csv.textOrNull(L_ORDER_REF);
    }

    public String reason() {
        return csv.textOrNull(L_REASON);
    }

    public String actor() {
        return csv.text(L_ACTOR);
    }

    public String movementId() {
        return csv.text(L_MOVEMENT_ID);
    }

    /** True when the sku column holds exactly these bytes (no String made). */
    boolean skuCodeIs(byte[] code) {
        return csv.equals(L_SKU, code);
    }
}
