package dev.stockroom.audit;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.sql.SQLException;
import org.postgresql.copy.CopyOut;

/**
 * Reads PostgreSQL's binary COPY format one tuple at a time, fields left in place in the
 * buffer (no per-field allocation): the export reads millions of rows this way, at a
 * fraction of what decoding them through a ResultSet costs.
 */
final class CopyTuples {
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};

    private final CopyOut copy;
    private final int columns;
    private final int[] offsets;
    private final int[] lengths;
    private byte[] buf = new byte[1 << 17];
    private int start;
    private int end;
    private boolean headerRead;
    private boolean finished;

    CopyTuples(CopyOut copy, int columns) {
        this.copy = copy;
        this.columns = columns;
        this.offsets = new int[columns];
        this.lengths = new int[columns];
    }

    /** Moves to the next tuple; false at the end of the data. */
    boolean next() throws SQLException {
        if (finished) {
            return false;
        }
        if (!headerRead) {
            readHeader();
        }
        if (!ensure(2)) {
            throw new SQLException("the COPY data ended without its trailer");
        }
        int n = (short) ((buf[start] & 0xFF) << 8 | buf[start + 1] & 0xFF);
        if (n == -1) {
            start += 2;
            finished = true;
            while (copy.readFromCopy() != null) {
                // reads to the command's completion, so the connection is free again
            }
            return false;
        }
        if (n != columns) {
            throw new SQLException("the COPY data has " + n + " columns where " + columns + " were asked for");
        }
        int at = 2;  // relative to start: a refill may move the tuple to the front of the buffer
        for (int i = 0; i < n; i++) {
            if (!ensure(at + 4)) {
                throw new SQLException("the COPY data ended inside a row");
            }
            int len = readInt(start + at);
            at += 4;
            offsets[i] = at;
            lengths[i] = len;
            if (len > 0) {
                at += len;
            }
        }
        if (!ensure(at)) {
            throw new SQLException("the COPY data ended inside a row");
        }
        for (int i = 0; i < n; i++) {
            offsets[i] += start;
        }
        start += at;
        return true;
    }

    /** Stops the COPY early (on an error elsewhere), so the connection can be used or closed. */
    void cancel() {
        if (!finished && copy.isActive()) {
            try {
                copy.cancelCopy();
            } catch (SQLException ignored) {
                // the connection is rolled back or closed next either way
            }
        }
        finished = true;
    }

    byte[] bytes() {
        return buf;
    }

    int offset(int column) {
        return offsets[column];
    }

    /** The field's length in bytes, or -1 for NULL. */
    int length(int column) {
        return lengths[column];
    }

    boolean isNull(int column) {
        return lengths[column] < 0;
    }

    int int4(int column) throws SQLException {
        width(column, 4);
        return readInt(offsets[column]);
    }

    long int8(int column) throws SQLException {
        width(column, 8);
        return (long) LONG.get(buf, offsets[column]);
    }

    private void width(int column, int bytes) throws SQLException {
        if (lengths[column] != bytes) {
            throw new SQLException("column " + (column + 1) + " of the COPY data is " + lengths[column] + " bytes wide, not " + bytes);
        }
    }

    private int readInt(int p) {
        return (int) INT.get(buf, p);
    }

    private void readHeader() throws SQLException {
        if (!ensure(SIGNATURE.length + 8)) {
            throw new SQLException("the COPY data is not in binary format");
        }
        for (int i = 0; i < SIGNATURE.length; i++) {
            if (buf[start + i] != SIGNATURE[i]) {
                throw new SQLException("the COPY data is not in binary format");
            }
        }
        int extension = readInt(start + SIGNATURE.length + 4);
        int header = SIGNATURE.length + 8 + extension;
        if (!ensure(header)) {
            throw new SQLException("the COPY data ended inside its header");
        }
        start += header;
        headerRead = true;
    }

    /** Makes at least {@code n} unread bytes available; false when the data ends first. */
    private boolean ensure(int n) throws SQLException {
        while (end - start < n) {
            byte[] message = copy.readFromCopy();
            if (message == null) {
                return false;
            }
            if (end + message.length > buf.length) {
                int unread = end - start;
                byte[] target = unread + message.length > buf.length ? new byte[Math.max(buf.length * 2, unread + message.length)] : buf;
                System.arraycopy(buf, start, target, 0, unread);
                buf = target;
                start = 0;
                end = unread;
            }
            System.arraycopy(message, 0, buf, end, message.length);
            end += message.length;
        }
        return true;
    }
}
