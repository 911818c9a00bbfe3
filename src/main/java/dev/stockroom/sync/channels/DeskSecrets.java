package dev.stockroom.sync.channels;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * The desk's channel secrets file ({@code <seller>.<channel>.<key>=value}, see
 * {@link ChannelSecrets#fromFile}), read again whenever it changes, so a channel whose
 * credentials were just entered is pushed with them without restarting the console. Writes
 * replace the file in one move and leave it readable by this user only.
 */
public final class DeskSecrets implements ChannelSecrets {
    private final Path file;
    private FileTime readAt;
    private long readSize = -1;
    private ChannelSecrets current = new InMemory();

    private DeskSecrets(Path file) {
        this.file = file;
    }

    public static DeskSecrets at(Path file) {
        return new DeskSecrets(file);
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized Credentials forChannel(long sellerId, String channel) {
        reloadIfChanged();
        return current.forChannel(sellerId, channel);
    }

    /** Sets a channel's secrets on this desk; blank values leave what is saved under that name. */
    public synchronized void save(long sellerId, String channel, Map<String, String> values) {
        Objects.requireNonNull(channel, "channel");
        Properties p = load();
        String prefix = sellerId + "." + channel + ".";
        values.forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                p.setProperty(prefix + k, v.strip());
            }
        });
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temp = file.resolveSibling(file.getFileName() + ".new");
            Files.deleteIfExists(temp);
            createPrivate(temp);
            try (OutputStream out = Files.newOutputStream(temp)) {
                p.store(out, "Stockroom channel credentials for this desk: keep this file private");
            }
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Could not save the credentials in " + file + ": " + e.getMessage(), e);
        }
        readAt = null;
    }

    private static void createPrivate(Path temp) throws IOException {
        try {
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(temp);   // not a POSIX file system: the user's profile directory protects it
        } catch (FileAlreadyExistsException e) {
            throw new IOException("another save is under way", e);
        }
    }

    private Properties load() {
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read the channel secrets in " + file + ": " + e.getMessage(), e);
            }
        }
        return p;
    }

    private void reloadIfChanged() {
        try {
            if (!Files.isRegularFile(file)) {
                current = new InMemory();
                readAt = null;
                return;
            }
            FileTime modified = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            if (modified.equals(readAt) && size == readSize) {
                return;
            }
            current = ChannelSecrets.fromFile(file);
            readAt = modified;
            readSize = size;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the channel secrets in " + file + ": " + e.getMessage(), e);
        }
    }
}
