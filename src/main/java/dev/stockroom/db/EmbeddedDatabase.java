package dev.stockroom.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The zero-configuration default: a PostgreSQL 17 server that Stockroom starts itself, with
 * its data in the user's data directory (kept between runs). A second console on the same
 * machine finds the first one's server already listening and shares it.
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
    public static final int DEFAULT_PORT = 54317;
    public static final String PORT_PROPERTY = "stockroom.embedded.port";
    public static final String PORT_ENV = "STOCKROOM_EMBEDDED_PORT";
    private static final String ZONKY_WORKING_DIR = "ot.epg.working-dir";
    public static final String SUPERUSER = "postgres";
    public static final String DATABASE = "postgres";

    private final EmbeddedPostgres server;   // null when another process already runs it
    private final int port;

    private EmbeddedDatabase(EmbeddedPostgres server, int port) {
        this.server = server;
        this.port = port;
    }

    public static EmbeddedDatabase start() {
        return start(AppDirectories.dataDir().resolve("pg17"), configuredPort());
    }

    /**
     * {@value #DEFAULT_PORT}, or -Dstockroom.embedded.port, or $STOCKROOM_EMBEDDED_PORT (the one an
     * installed launcher can be given) to keep two installations apart on one machine.
     */
    public static int configuredPort() {
        return configuredPort(System.getProperty(PORT_PROPERTY), System.getenv(PORT_ENV));
    }

    static int configuredPort(String property, String env) {
        String given = property != null && !property.isBlank() ? property : env;
        if (given == null || given.isBlank()) {
            return DEFAULT_PORT;
        }
        try {
            int port = Integer.parseInt(given.trim());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // falls through to the sentence below
        }
        throw new IllegalStateException("The embedded database port (" + PORT_ENV + " or -D" + PORT_PROPERTY
                + ") must be a number from 1 to 65535, got \"" + given.trim() + "\"");
    }

    public static EmbeddedDatabase start(Path dataDir, int port) {
        if (listening(port) && Files.exists(dataDir.resolve("postmaster.pid"))) {
            log.info("Embedded PostgreSQL already running on port {}; sharing it", port);
            return new EmbeddedDatabase(null, port);
        }
        try {
            Files.createDirectories(dataDir.getParent());
            Path work = dataDir.getParent().resolve("pg-runtime");
            Files.createDirectories(work);
            EmbeddedPostgres pg = builderWorkingIn(work)
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(work.toFile())
                    .setPort(port)
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("synchronous_commit", "on")   // a committed sale survives a crash
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .start();
            log.info("Embedded PostgreSQL started on port {} with data in {}", port, dataDir);
            return new EmbeddedDatabase(pg, port);
        } catch (IOException e) {
            throw new DatabaseUnavailableException("Could not start the embedded database in " + dataDir + ": "
                    + e.getMessage() + ". Is another program using port " + port + "?", e);
        }
    }

    /**
     * The library keeps a scratch directory ({@code $TMPDIR/embedded-pg}) unless its system property
     * says otherwise, read once when a builder is made: ours stays beside the data, so nothing of
     * Stockroom's is left outside the user's data directory.
     */
    private static EmbeddedPostgres.Builder builderWorkingIn(Path work) {
        synchronized (EmbeddedDatabase.class) {
            String previous = System.getProperty(ZONKY_WORKING_DIR);
            System.setProperty(ZONKY_WORKING_DIR, work.toString());
            try {
                return EmbeddedPostgres.builder();
            } finally {
                if (previous == null) {
                    System.clearProperty(ZONKY_WORKING_DIR);
                } else {
                    System.setProperty(ZONKY_WORKING_DIR, previous);
                }
            }
        }
    }

    public int port() {
        return port;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (server != null) {
            try {
                server.close();
            } catch (IOException e) {
                log.warn("Embedded PostgreSQL did not stop cleanly", e);
            }
        }
    }
}
