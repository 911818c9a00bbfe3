package dev.stockroom.db;

import java.sql.SQLException;

/** Turns the ways a connection can fail into sentences for the person at the desk. */
public final class ConnectionProblems {
    private ConnectionProblems() {
    }

    public static DatabaseUnavailableException explain(Throwable failure, String url, String user) {
        if (failure instanceof DatabaseUnavailableException already) {
            return already;
        }
        SQLException sql = find(failure, SQLException.class);
        String state = sql == null ? null : sql.getSQLState();
        String text = String.valueOf(sql != null ? sql.getMessage() : failure.getMessage());
        String message;
        if (state == null) {
            message = "Cannot connect to " + url + ": " + text;
        } else if (state.equals("28P01") || text.contains("password authentication failed")) {
            message = "Wrong password for login \"" + user + "\" on " + url + ".";
        } else if (state.equals("28000") && text.contains("does not exist")) {
            message = "There is no login \"" + user + "\" on " + url + ". Ask your administrator to create it.";
        } else if (state.equals("28000") && text.contains("no encryption")) {
            message = "The server at " + url + " only accepts encrypted connections from here: choose TLS mode \"require\".";
        } else if (state.equals("28000") && text.contains("no pg_hba.conf entry")) {
            message = "The server at " + url + " does not let login \"" + user + "\" in from this machine. Ask your administrator.";
        } else if (state.equals("28000") && text.toLowerCase().contains("ssl")) {
            message = "The server refused the connection's TLS settings: " + text;
        } else if (state.equals("08004") && text.contains("password")) {
            message = "Login \"" + user + "\" needs a password: type it, or add it to ~/.pgpass.";
        } else if (state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
            message = "The database server at " + url + " was shut down or is restarting.";
        } else if (state.equals("3D000")) {
            message = "The database in " + url + " does not exist.";
        } else if (state.startsWith("08")) {
            message = text.contains("does not support SSL")
                    ? "The server at " + url + " does not offer TLS, but this connection requires it. Choose TLS mode \"prefer\" or ask your administrator to enable TLS."
                    : text.contains("SSL") || text.contains("ssl")
                    ? "The server refused the connection's TLS settings: " + text
                    : "The database server at " + url + " is not reachable (is it running?).";
        } else {
            message = "Cannot use the database at " + url + ": " + text;
        }
        return new DatabaseUnavailableException(message, failure);
    }

    static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }
}
