package dev.stockroom.ledger;

import java.util.UUID;

/**
 * What the kernel answered. {@code ok} false is a refusal (no stock, bad quantity, unknown
 * SKU...) that changed nothing but a rejection record; {@code replayed} means this movement
 * had already been applied and the original outcome is returned.
 */
public record Outcome(boolean ok, String code, String message, UUID movementId, boolean replayed) {
    public boolean refused() {
        return !ok;
    }
}
