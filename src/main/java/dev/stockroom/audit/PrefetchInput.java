package dev.stockroom.audit;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads (and inflates, and hashes) a part on a second thread while the verifier parses the
 * bytes already read: on a two-core desk the file's SHA-256 costs the verifier nothing.
 */
final class PrefetchInput extends InputStream {
    private static final int CHUNK = 1 << 20;
    private static final byte[] END = new byte[0];

    private final BlockingQueue<Object> full = new ArrayBlockingQueue<>(4);
    private final BlockingQueue<byte[]> empty = new ArrayBlockingQueue<>(6);
    private final Thread reader;
    private final DigestingInput source;
    private byte[] current;
    private int currentLength;
    private int pos;
    private volatile boolean closed;

    private record Filled(byte[] bytes, int length) {
    }

    PrefetchInput(DigestingInput source, String name) {
        this.source = source;
        for (int i = 0; i < 6; i++) {
            empty.add(new byte[CHUNK]);
        }
        reader = new Thread(this::readAll, "audit-read-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    private void readAll() {
        try {
            while (!closed) {
                byte[] b = empty.take();
                int n = source.readNBytes(b, 0, CHUNK);
                if (n > 0) {
                    full.put(new Filled(b, n));
                }
                if (n < CHUNK) {
                    full.put(END);
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            try {
                full.put(e);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (current == END) {
            return -1;
        }
        if (current == null || pos == currentLength) {
            if (current != null) {
                empty.offer(current);
            }
            Object next;
            try {
                next = full.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            if (next instanceof IOException e) {
                throw e;
            }
            if (next instanceof RuntimeException e) {
                throw e;
            }
            if (next == END) {
                current = END;
                return -1;
            }
            Filled f = (Filled) next;
            current = f.bytes();
            currentLength = f.length();
            pos = 0;
        }
        int n = Math.min(len, currentLength - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    /** Waits for the reader to finish the part (the digest is complete then). */
    @Override
    public void close() throws IOException {
        closed = true;
        reader.interrupt();
        try {
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        source.close();
    }
}
