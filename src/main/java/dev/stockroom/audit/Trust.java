package dev.stockroom.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * The public keys an auditor trusts to sign exports and checkpoints (the seller's, given with
 * {@code --trust}). With none, a valid signature proves the file is intact since signing, but
 * not who signed it: the report says so.
 */
public record Trust(List<PublicKey> keys) {
    public static Trust none() {
        return new Trust(List.of());
    }

    public static Trust of(PublicKey... keys) {
        return new Trust(List.of(keys));
    }

    /** Each value is a key ({@code ed25519:...}) or a file holding one (e.g. a saved .pub file). */
    public static Trust parse(List<String> values) {
        List<PublicKey> keys = new ArrayList<>();
        for (String v : values == null ? List.<String>of() : values) {
            String text = v.trim();
            if (!text.startsWith(AuditKeys.PREFIX)) {
                Path file = Path.of(text);
                if (!Files.isRegularFile(file)) {
                    throw new IllegalArgumentException("--trust " + v + ": not a public key (ed25519:...) and not a file holding one");
                }
                try {
                    text = Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::trim)
                            .filter(l -> l.startsWith(AuditKeys.PREFIX)).findFirst()
                            .orElseThrow(() -> new IllegalArgumentException("--trust " + v + ": the file holds no ed25519:... key"));
                } catch (IOException e) {
                    throw new IllegalArgumentException("--trust " + v + ": cannot read it (" + e.getMessage() + ")");
                }
            }
            keys.add(AuditKeys.parsePublicKey(text));
        }
        return new Trust(List.copyOf(keys));
    }

    public boolean anchored() {
        return !keys.isEmpty();
    }

    public boolean trusts(PublicKey key) {
        return keys.stream().anyMatch(k -> AuditKeys.same(k, key));
    }
}
