package dev.stockroom.audit;

/** Lower-case hex for hashes, decoded without allocation on the verifier's hot path. */
final class Hex {
    private static final byte[] VALUE = new byte[256];
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    static {
        java.util.Arrays.fill(VALUE, (byte) -1);
        for (int i = 0; i < 16; i++) {
            VALUE[DIGITS[i]] = (byte) i;
            VALUE[Character.toUpperCase(DIGITS[i])] = (byte) i;
        }
    }

    private Hex() {
    }

    static String of(byte[] bytes) {
        char[] c = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            c[2 * i] = DIGITS[(bytes[i] >> 4) & 0xF];
            c[2 * i + 1] = DIGITS[bytes[i] & 0xF];
        }
        return new String(c);
    }

    /** Decodes exactly {@code out.length * 2} hex digits; false when the text is anything else. */
    static boolean decode(byte[] src, int off, int len, byte[] out) {
        if (len != out.length * 2) {
            return false;
        }
        for (int i = 0; i < out.length; i++) {
            int hi = VALUE[src[off + 2 * i] & 0xFF];
            int lo = VALUE[src[off + 2 * i + 1] & 0xFF];
            if ((hi | lo) < 0) {
                return false;
            }
            out[i] = (byte) ((hi << 4) | lo);
        }
        return true;
    }

    /** The 32-byte hash in {@code text}, or null when it is not 64 hex digits. */
    static byte[] hash(String text) {
        byte[] b = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] out = new byte[32];
        return decode(b, 0, b.length, out) ? out : null;
    }
}
