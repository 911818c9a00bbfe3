package dev.stockroom.cli;

import dev.stockroom.db.DatabaseSession;
import dev.stockroom.sync.channels.meesho.MeeshoUploads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stockroom sync uploaded CHANNEL FILE}: the seller uploaded a Meesho inventory file; its quantities now count as pushed. */
@Command(name = "uploaded", aliases = "meesho-uploaded", description = {
    "Confirm that you uploaded a Meesho inventory file Stockroom wrote: its listings count as pushed with the file's quantities.",
    "A listing whose stock moved since the file was written is queued for the next file."})
final class MeeshoUploadCommand implements Callable<Integer> {
    @Mixin ConnectionOptions connection = new ConnectionOptions();
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "CHANNEL", description = "The Meesho channel the file was uploaded to") String channel;
    @Parameters(index = "1", paramLabel = "FILE", description = "The upload file (from the channel's upload folder)") Path file;

    @Override
    public Integer call() throws SQLException {
        if (!Files.isRegularFile(file)) {
            spec.commandLine().getErr().println("stockroom: there is no file " + file);
            return 2;
        }
        try (DatabaseSession session = connection.open(1)) {
            int n = MeeshoUploads.confirm(session.database().dataSource(), session.database().sellerId(), channel, file);
            if (n == 0) {
                spec.commandLine().getErr().println("stockroom: no row of " + file + " is a listing on " + channel + "; nothing changed");
                return 1;
            }
            spec.commandLine().getOut().println("ok: " + n + " listing(s) on " + channel + " count as uploaded with the quantities in " + file.getFileName());
            return 0;
        } catch (IOException e) {
            spec.commandLine().getErr().println("stockroom: " + e.getMessage() + "; nothing changed");
            return 2;
        }
    }
}
