package dev.stockroom.audit;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/** Hashes (SHA-256) and counts the bytes that pass through. */
final class DigestingInput extends FilterInputStream {
    private final MessageDigest sha = ExportWriter.sha256();
    private volatile long bytes;  // read by the progress callback while another thread reads

    DigestingInput(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            sha.update((byte) b);
            bytes++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            sha.update(b, off, n);
            bytes += n;
        }
        return n;
    }

    long bytes() {
        return bytes;
    }

    byte[] digest() {
        return sha.digest();
    }
}
