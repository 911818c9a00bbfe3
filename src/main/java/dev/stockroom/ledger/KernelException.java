package dev.stockroom.ledger;

/**
 * The database refused a call outright (not a member of the seller, a role that may not do
 * this, a malformed catalog entry). The message is the kernel's sentence for a person.
 */
public class KernelException extends RuntimeException {
    private final String sqlState;

    public KernelException(String message, String sqlState, Throwable cause) {
        super(message, cause);
        this.sqlState = sqlState;
    }

    public String sqlState() {
        return sqlState;
    }

    public boolean notPermitted() {
        return "42501".equals(sqlState);
    }
}
