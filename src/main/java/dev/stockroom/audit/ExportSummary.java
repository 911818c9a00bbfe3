package dev.stockroom.audit;

import java.nio.file.Path;
import java.time.Instant;

/** What an export wrote, for the person who asked for it. */
public record ExportSummary(Path file, long rows, int skus, long reservations, Instant from, Instant to,
                            String signerKey, String fingerprint, long bytes, long nanos) {
}
