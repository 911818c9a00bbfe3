package dev.stockroom.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;

/**
 * The ledger's hash chain, reproduced byte for byte from {@code sql/LEDGER_HASH.md} so that
 * an export can be verified with no database. Must stay equal to
 * {@code stockroom.ledger_canonical} in the kernel (a test compares them).
 */
public final class LedgerHash {
    public static final byte[] GENESIS = new byte[32];
    private static final String HEADER = "stockroom-ledger-v1";

    private LedgerHash() {
    }

    public static byte[] canonical(LedgerRow r) {
        StringBuilder b = new StringBuilder(256).append(HEADER);
        field(b, Long.toString(r.sellerId()));
        field(b, Long.toString(r.skuId()));
        field(b, Long.toString(r.seq()));
        field(b, r.kind());
        field(b, Integer.toString(r.onHandDelta()));
        field(b, Integer.toString(r.reservedDelta()));
        field(b, Integer.toString(r.onHandAfter()));
        field(b, Integer.toString(r.reservedAfter()));
        field(b, r.channel());
        field(b, r.orderRef());
        field(b, r.reason());
        field(b, r.movementId() == null ? null : r.movementId().toString());
        field(b, r.actor());
        field(b, Long.toString(micros(r.createdAt())));
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** sha256(prev_hash || canonical(row)). */
    public static byte[] hash(byte[] prevHash, LedgerRow r) {
        MessageDigest sha = sha256();
        sha.update(prevHash);
        sha.update(canonical(r));
        return sha.digest();
    }

    /** True when the row's stored hash is what its content and its stored prev_hash give. */
    public static boolean selfConsistent(LedgerRow r) {
        return Arrays.equals(r.hash(), hash(r.prevHash(), r));
    }

    public static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000L);
    }

    public static Instant fromMicros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    private static void field(StringBuilder b, String value) {
        b.append('\n');
        if (value == null) {
            b.append('~');
        } else {
            b.append(value.getBytes(StandardCharsets.UTF_8).length).append(':').append(value);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    public static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder(bytes.length * 2);
        for (byte x : bytes) {
            s.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
        }
        return s.toString();
    }
}
