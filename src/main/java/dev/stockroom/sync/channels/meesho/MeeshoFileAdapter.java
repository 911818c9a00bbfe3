package dev.stockroom.sync.channels.meesho;

import dev.stockroom.sync.channels.ChannelAdapter;
import dev.stockroom.sync.channels.ChannelConfig;
import dev.stockroom.sync.channels.ItemOutcome;
import dev.stockroom.sync.channels.ListingPush;
import dev.stockroom.sync.channels.PushResult;
import dev.stockroom.db.AppDirectories;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Meesho has no public supplier API: the "push" writes the supplier panel's inventory upload
 * file, and the listings wait (parked, with the file's name) until the seller confirms the
 * upload ({@link MeeshoUploads#confirm}); then they count as pushed.
 */
public final class MeeshoFileAdapter implements ChannelAdapter {
    public static final String WAITING = "Waiting for upload: ";
    static final String[] HEADER = {"SKU ID", "Product ID", "Inventory"};
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

    private final ChannelConfig config;
    private final Clock clock;

    public MeeshoFileAdapter(ChannelConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Override
    public int batchCap() {
        return config.batchCap(500);
    }

    Path directory() {
        return Path.of(config.text("upload_dir", AppDirectories.dataDir().resolve("meesho-uploads").toString()));
    }

    @Override
    public PushResult push(List<ListingPush> batch) {
        Path dir = directory();
        Path file = dir.resolve(config.channel() + "-inventory-" + STAMP.format(clock.instant()) + ".csv");
        try {
            Files.createDirectories(dir);
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                 CSVPrinter csv = CSVFormat.DEFAULT.builder().setHeader(HEADER).get().print(w)) {
                for (ListingPush p : batch) {
                    csv.printRecord(p.skuCode(), p.externalId(), p.quantity());
                }
            }
        } catch (IOException e) {
            return PushResult.all(batch, 0, ItemOutcome.retry("could not write the Meesho upload file in " + dir + ": " + e.getMessage()), null, false);
        }
        return PushResult.all(batch, 0, ItemOutcome.parked(WAITING + file
                + " (upload it in the Meesho supplier panel, then confirm it in Stockroom)"), null, false);
    }
}
