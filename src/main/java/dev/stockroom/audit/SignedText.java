package dev.stockroom.audit;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The signed text documents of the audit (the export manifest, a checkpoint): a first line
 * naming the kind of document, {@code key: value} lines a person can read, and a last line
 * {@code signature: <base64>}: Ed25519 over every byte before that line.
 */
final class SignedText {
    private static final String SIGNATURE = "signature: ";
    static final int MAX_BYTES = 64 << 20;

    record Entry(String key, String value, int line) {
    }

    private final String header;
    private final List<Entry> entries;
    private final byte[] signed;
    private final byte[] signature;
    private final String what;

    private SignedText(String header, List<Entry> entries, byte[] signed, byte[] signature, String what) {
        this.header = header;
        this.entries = entries;
        this.signed = signed;
        this.signature = signature;
        this.what = what;
    }

    static SignedText parse(byte[] bytes, String what) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        int sigAt = text.lastIndexOf("\n" + SIGNATURE);
        byte[] signature = null;
        String body = text;
        if (sigAt >= 0) {
            body = text.substring(0, sigAt + 1);
            String b64 = text.substring(sigAt + 1 + SIGNATURE.length()).trim();
            try {
                signature = Base64.getDecoder().decode(b64);
            } catch (IllegalArgumentException e) {
                signature = new byte[0];  // present but unreadable: an invalid signature, not a missing one
            }
        }
        String[] lines = body.split("\n", -1);
        String header = lines[0].strip();
        List<Entry> entries = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(": ");
            if (colon <= 0) {
                throw new UnusableExportException(what + " line " + (i + 1) + " is not \"name: value\": the file is damaged");
            }
            entries.add(new Entry(line.substring(0, colon), unescape(line.substring(colon + 2)), i + 1));
        }
        byte[] signed = body.getBytes(StandardCharsets.UTF_8);
        return new SignedText(header, entries, signed, signature, what);
    }

    String header() {
        return header;
    }

    List<Entry> entries() {
        return entries;
    }

    List<Entry> all(String key) {
        return entries.stream().filter(e -> e.key().equals(key)).toList();
    }

    String one(String key) {
        for (Entry e : entries) {
            if (e.key().equals(key)) {
                return e.value();
            }
        }
        throw new UnusableExportException(what + " has no \"" + key + "\" line: the file is damaged or not from Stockroom");
    }

    String optional(String key) {
        for (Entry e : entries) {
            if (e.key().equals(key)) {
                return e.value();
            }
        }
        return null;
    }

    boolean signed() {
        return signature != null;
    }

    boolean signatureValid(PublicKey key) {
        return signature != null && AuditKeys.verify(key, signed, signature);
    }

    /** Checks the first lines every audit document starts with; unusable with a sentence otherwise. */
    void expect(String expectedHeader, int version) {
        if (!header.equals(expectedHeader)) {
            throw new UnusableExportException(what + " does not start with \"" + expectedHeader + "\": this is not a Stockroom "
                    + (expectedHeader.endsWith("checkpoint") ? "checkpoint" : "audit export"));
        }
        String v = one("format-version");
        if (!v.equals(Integer.toString(version))) {
            throw new UnusableExportException(what + " is format version " + v + "; this Stockroom reads version " + version
                    + (v.matches("\\d+") && Integer.parseInt(v) > version ? ": it was made by a newer Stockroom, update this one" : ""));
        }
    }

    static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }

    static String unescape(String v) {
        if (v.indexOf('\\') < 0) {
            return v;
        }
        StringBuilder b = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\' && i + 1 < v.length()) {
                char n = v.charAt(++i);
                b.append(n == 'n' ? '\n' : n == 'r' ? '\r' : n);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** Builds a document and signs it. */
    static final class Builder {
        private final StringBuilder body = new StringBuilder(4096);

        Builder(String header) {
            body.append(header).append('\n');
        }

        Builder comment(String text) {
            body.append("# ").append(text).append('\n');
            return this;
        }

        Builder add(String key, Object value) {
            body.append(key).append(": ").append(escape(String.valueOf(value))).append('\n');
            return this;
        }

        byte[] sign(AuditKeys keys) {
            byte[] signed = body.toString().getBytes(StandardCharsets.UTF_8);
            byte[] sig = keys.sign(signed);
            byte[] line = (SIGNATURE + Base64.getEncoder().encodeToString(sig) + "\n").getBytes(StandardCharsets.US_ASCII);
            byte[] out = java.util.Arrays.copyOf(signed, signed.length + line.length);
            System.arraycopy(line, 0, out, signed.length, line.length);
            return out;
        }
    }
}
