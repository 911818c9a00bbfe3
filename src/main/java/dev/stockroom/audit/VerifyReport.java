package dev.stockroom.audit;

import java.util.List;
import java.util.Optional;

/**
 * What a verification found. {@link #exitCode()}: 0 passed, 1 failed (something was changed,
 * removed, added or signed by someone else), 2 the file could not be verified at all.
 */
public record VerifyReport(
        Outcome outcome, String source, Manifest manifest, String signer, List<String> notes,
        long rows, int skus, long nanos, List<Finding> findings, long findingCount, String unusableReason) {

    public enum Outcome { PASSED, FAILED, UNUSABLE }

    public boolean passed() {
        return outcome == Outcome.PASSED;
    }

    public int exitCode() {
        return switch (outcome) {
            case PASSED -> 0;
            case FAILED -> 1;
            case UNUSABLE -> 2;
        };
    }

    public Optional<Finding> firstProblem() {
        return findings.stream().findFirst();
    }

    /** One sentence: the verdict and the first broken place. */
    public String headline() {
        return switch (outcome) {
            case PASSED -> "PASSED: " + rows + " ledger rows over " + skus + " SKUs recomputed; every chain, balance"
                    + (manifest != null ? ", reservation total and digest" : "") + " agrees";
            case FAILED -> "FAILED: " + firstProblem().map(Finding::toString).orElse("see the problems below");
            case UNUSABLE -> "CANNOT VERIFY: " + unusableReason;
        };
    }

    public double rowsPerSecond() {
        return nanos <= 0 ? 0 : rows * 1e9 / nanos;
    }

    static VerifyReport unusable(String source, String reason, long nanos) {
        return new VerifyReport(Outcome.UNUSABLE, source, null, null, List.of(), 0, 0, nanos, List.of(), 0, reason);
    }
}
