package dev.stockroom.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.sync.channels.meesho.MeeshoUploads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Meesho has no API: Stockroom writes the upload file and counts it pushed once the seller confirms the upload. */
class MeeshoFileTest {
    static SyncFixture f;
    @TempDir static Path dir;

    @BeforeAll
    static void setUp() {
        f = new SyncFixture("meesho");
        f.kernel.addChannel("ms", "meesho", "Meesho");
        var settings = dev.stockroom.sync.channels.Json.object();
        settings.put("upload_dir", dir.toString());
        f.setSettings("ms", settings);
        f.sku("KURTA-M", 7);
        f.sku("KURTA-L", 4);
        f.kernel.addListing("KURTA-M", "ms", "MS-1");
        f.kernel.addListing("KURTA-L", "ms", "MS-2");
    }

    @AfterAll
    static void tearDown() {
        f.close();
    }

    @Test
    void theUploadFileWaitsForTheSellersConfirmation() throws Exception {
        f.worker(SyncFixture.fastOptions("meesho-1"));
        SyncFixture.await("upload file written", Duration.ofSeconds(20), () -> f.db.queryLong(
                "SELECT count(*) FROM stockroom.sync_outbox WHERE parked AND last_error LIKE 'Waiting for upload:%' AND seller_id = " + f.seller) == 2);
        Path file;
        try (Stream<Path> files = Files.list(dir)) {
            file = files.findFirst().orElseThrow();
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines.get(0)).isEqualTo("SKU ID,Product ID,Inventory");
        assertThat(lines.subList(1, lines.size())).containsExactlyInAnyOrder("KURTA-M,MS-1,7", "KURTA-L,MS-2,4");

        assertThat(MeeshoUploads.confirm(f.sellerDs, f.seller, "ms", file)).isEqualTo(2);
        assertThat(f.queueDepth()).isZero();
        assertThat(f.db.queryLong("SELECT sum(last_pushed_qty) FROM stockroom.listing WHERE channel = 'ms'")).isEqualTo(11);
        assertThat(Map.of()).isEmpty();
    }
}
