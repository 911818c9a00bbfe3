package dev.stockroom.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An installed Stockroom writes only to the user's data directory: not to /tmp, not beside itself. */
class EmbeddedDatabaseFilesTest {

    @Test
    void theEmbeddedServerLeavesNothingInTheTemporaryDirectory(@TempDir Path userData, @TempDir Path tmp) throws IOException {
        String realTmp = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", tmp.toString());
        try (EmbeddedDatabase db = EmbeddedDatabase.start(userData.resolve("stockroom").resolve("pg17"), freePort())) {
            assertThat(db.jdbcUrl()).contains(":" + db.port() + "/");
        } finally {
            System.setProperty("java.io.tmpdir", realTmp);
        }
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).isEmpty();
        }
        assertThat(userData.resolve("stockroom").resolve("pg17").resolve("PG_VERSION")).exists();
        assertThat(System.getProperty("ot.epg.working-dir")).isNull();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
