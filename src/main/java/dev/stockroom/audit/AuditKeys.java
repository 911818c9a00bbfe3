package dev.stockroom.audit;

import dev.stockroom.db.AppDirectories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * The exporter's Ed25519 signing key (the JDK's own Ed25519). Created on first use in the
 * user's config directory; the private half never leaves it. The public half is shared as
 * {@code ed25519:<base64 of the 32-byte key>}.
 */
public final class AuditKeys {
    static final String PREFIX = "ed25519:";
    private static final String PRIVATE_FILE = "audit-signing-key";
    private static final String PUBLIC_FILE = "audit-signing-key.pub";
    // X.509 SubjectPublicKeyInfo header for an Ed25519 key; the raw 32 bytes follow it.
    private static final byte[] X509_HEADER = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private AuditKeys(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** The user's own key pair ({@link AppDirectories#configDir()}), created the first time. */
    public static AuditKeys mine() {
        return loadOrCreate(AppDirectories.configDir());
    }

    public static synchronized AuditKeys loadOrCreate(Path dir) {
        Path priv = dir.resolve(PRIVATE_FILE);
        try {
            if (!Files.exists(priv)) {
                AuditKeys fresh = generate();
                Files.createDirectories(dir);
                write(priv, "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(fresh.privateKey.getEncoded())
                        + "\n-----END PRIVATE KEY-----\n", true);
                write(dir.resolve(PUBLIC_FILE), fresh.publicKeyText() + "\n", false);
            }
            String pem = Files.readString(priv, StandardCharsets.US_ASCII)
                    .replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "").replaceAll("\\s", "");
            KeyFactory kf = KeyFactory.getInstance("Ed25519");
            PrivateKey privateKey = kf.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
            String pub = Files.readString(dir.resolve(PUBLIC_FILE), StandardCharsets.US_ASCII).trim();
            return new AuditKeys(privateKey, parsePublicKey(pub));
        } catch (IOException e) {
            throw new UncheckedIOException("The audit signing key in " + dir + " could not be read or created: " + e.getMessage(), e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("The audit signing key in " + priv + " is damaged (" + e.getMessage()
                    + "). Move it away to create a new one, and share the new public key.", e);
        }
    }

    /** A key pair that lives only in memory (tests, the bench). */
    public static AuditKeys generate() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            return new AuditKeys(pair.getPrivate(), pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every Java 17 runtime", e);
        }
    }

    private static void write(Path file, String text, boolean secret) throws IOException {
        try {
            Files.createFile(file, secret && supportsPosix(file)
                    ? new java.nio.file.attribute.FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                    : new java.nio.file.attribute.FileAttribute<?>[0]);
        } catch (FileAlreadyExistsException e) {
            // another process made it first: overwrite only the public half, which follows from ours
            if (secret) {
                return;
            }
        }
        Files.writeString(file, text, StandardCharsets.US_ASCII);
    }

    private static boolean supportsPosix(Path file) {
        return file.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public String publicKeyText() {
        return text(publicKey);
    }

    public byte[] sign(byte[] data) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(privateKey);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing failed: " + e.getMessage(), e);
        }
    }

    public static boolean verify(PublicKey key, byte[] data, byte[] signature) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(data);
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;  // a malformed signature is simply not a valid one
        }
    }

    public static String text(PublicKey key) {
        return PREFIX + Base64.getEncoder().encodeToString(raw(key));
    }

    /** A short form to read aloud over the phone: the first 8 bytes of SHA-256 of the key. */
    public static String fingerprint(PublicKey key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(raw(key));
            String hex = Hex.of(Arrays.copyOf(d, 8));
            return hex.substring(0, 4) + " " + hex.substring(4, 8) + " " + hex.substring(8, 12) + " " + hex.substring(12, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads {@code ed25519:<base64>}; throws IllegalArgumentException with a sentence when it is not one. */
    public static PublicKey parsePublicKey(String text) {
        String t = text == null ? "" : text.trim();
        if (!t.startsWith(PREFIX)) {
            throw new IllegalArgumentException("\"" + abbreviate(t) + "\" is not a Stockroom public key (they look like ed25519:...)");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(t.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            raw = new byte[0];
        }
        if (raw.length != 32) {
            throw new IllegalArgumentException("\"" + abbreviate(t) + "\" is not a whole Ed25519 public key (it must be 32 bytes)");
        }
        byte[] x509 = Arrays.copyOf(X509_HEADER, X509_HEADER.length + 32);
        System.arraycopy(raw, 0, x509, X509_HEADER.length, 32);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("\"" + abbreviate(t) + "\" is not a valid Ed25519 public key", e);
        }
    }

    static byte[] raw(PublicKey key) {
        byte[] enc = key.getEncoded();
        return Arrays.copyOfRange(enc, enc.length - 32, enc.length);
    }

    public static boolean same(PublicKey a, PublicKey b) {
        return Arrays.equals(raw(a), raw(b));
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
