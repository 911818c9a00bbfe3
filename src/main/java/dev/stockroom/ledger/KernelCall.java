package dev.stockroom.ledger;

import dev.stockroom.db.DatabaseUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one kernel call, retrying with the same movement id when the outcome is unknown
 * (connection lost, even during COMMIT) or the database asks for it (deadlock,
 * serialization failure). The kernel's idempotency makes the retry count exactly once.
 */
final class KernelCall {
    private static final Logger log = LoggerFactory.getLogger(KernelCall.class);
    static final int MAX_ATTEMPTS = 12;
    private static final long MAX_BACKOFF_MS = 2_000;

    interface Body<T> {
        T run(Connection c) throws SQLException;
    }

    private KernelCall() {
    }

    static <T> T run(DataSource ds, String what, UUID movementId, Body<T> body) {
        SQLException last = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try (Connection c = ds.getConnection()) {
                if (!c.getAutoCommit()) {
                    c.setAutoCommit(true);  // one statement, one round trip, its own commit
                }
                return body.run(c);
            } catch (SQLException e) {
                if (!retryable(e)) {
                    throw new KernelException(readable(e), e.getSQLState(), e);
                }
                last = e;
                log.debug("{} attempt {} failed ({}); retrying with movement {}", what, attempt, e.getSQLState(), movementId);
                sleep(backoff(attempt));
            }
        }
        throw new DatabaseUnavailableException("The database did not answer, so the " + what + " was not confirmed. "
                + "Retrying with movement id " + movementId + " is safe: it will count once.", last);
    }

    static boolean retryable(SQLException e) {
        String state = e.getSQLState();
        if (state == null) {
            return e.getMessage() != null && e.getMessage().toLowerCase().contains("connection");
        }
        return state.startsWith("08")           // connection exception: outcome unknown
                || state.equals("40001")        // serialization failure
                || state.equals("40P01")        // deadlock detected
                || state.equals("57P01")        // admin shutdown
                || state.equals("57P02")        // crash shutdown
                || state.equals("57P03")        // cannot connect now (starting up)
                || state.equals("53300");       // too many connections
    }

    /** The server's own sentence (and hint), without the driver's decoration. */
    static String readable(SQLException e) {
        if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
            ServerErrorMessage m = p.getServerErrorMessage();
            String text = m.getMessage();
            if ("42501".equals(m.getSQLState()) && text != null && text.startsWith("permission denied for function ")) {
                // The database's own words name a function; say what it means at the desk.
                String action = text.substring("permission denied for function ".length());
                text = "your login's role may not " + action.replace('_', ' ')
                        + " (ask the seller or administrator for a role that allows it)";
            }
            if (m.getHint() != null) {
                text += " " + m.getHint();
            }
            return text;
        }
        return e.getMessage();
    }

    private static long backoff(int attempt) {
        long cap = Math.min(MAX_BACKOFF_MS, 10L << Math.min(attempt, 10));
        return ThreadLocalRandom.current().nextLong(cap / 2, cap + 1);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatabaseUnavailableException("interrupted while waiting to retry", e);
        }
    }
}
