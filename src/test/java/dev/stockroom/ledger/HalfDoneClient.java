package dev.stockroom.ledger;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * A client that dies mid-transaction, run in its own JVM by {@link KilledClientTest}: it opens
 * one transaction, restocks and sells through the kernel inside it, prints its backend pid and
 * READY, then waits on stdin for a COMMIT that never comes (it is killed with SIGKILL).
 * Arguments: url, login, seller, sku, restock movement id, sale movement id.
 */
public final class HalfDoneClient {
    private HalfDoneClient() {
    }

    public static void main(String[] args) throws Exception {
        long seller = Long.parseLong(args[2]);
        String sku = args[3];
        try (Connection c = DriverManager.getConnection(args[0], args[1], null)) {
            c.setAutoCommit(false);
            System.out.println("PID " + single(c, "SELECT pg_backend_pid()"));
            call(c, "SELECT (stockroom.restock(?, ?, ?, 25)).ok", seller, UUID.fromString(args[4]), sku);
            call(c, "SELECT (stockroom.sell(?, ?, ARRAY[?], ARRAY[3])).ok", seller, UUID.fromString(args[5]), sku);
            System.out.println("READY");
            System.out.flush();
            if (System.in.read() >= 0) {  // never: the test kills this process first
                c.commit();
            }
        }
    }

    private static void call(Connection c, String sql, long seller, UUID movement, String sku) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, seller);
            ps.setObject(2, movement);
            ps.setString(3, sku);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    throw new IllegalStateException(sql + " was refused");
                }
            }
        }
    }

    private static long single(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
