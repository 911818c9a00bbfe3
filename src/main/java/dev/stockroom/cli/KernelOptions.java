package dev.stockroom.cli;

import java.util.UUID;
import picocli.CommandLine.Option;

/** Lets a script pick the movement id, so a retry of the same command counts once. */
final class KernelOptions {
    @Option(names = "--movement-id", description = "Idempotency key (UUID). Repeat a command with the same id and it applies once.")
    UUID movementId;

    UUID movementId() {
        return movementId != null ? movementId : UUID.randomUUID();
    }
}
