package dev.stockroom.audit;

/**
 * The file cannot be verified at all (empty, not a zip, cut off, a newer format, a damaged
 * CSV): the message is a sentence for the person holding it.
 */
public final class UnusableExportException extends RuntimeException {
    public UnusableExportException(String message) {
        super(message);
    }

    public UnusableExportException(String message, Throwable cause) {
        super(message, cause);
    }
}
