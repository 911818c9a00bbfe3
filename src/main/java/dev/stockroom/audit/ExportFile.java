package dev.stockroom.audit;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * An export file opened for reading: the zip, its signed manifest, and its parts as streams.
 * Everything that makes a file unreadable becomes an {@link UnusableExportException} with a
 * sentence: no stack trace reaches the auditor.
 */
public final class ExportFile implements AutoCloseable {
    private final Path path;
    private final ZipFile zip;
    private final SignedText signed;
    private final Manifest manifest;

    private ExportFile(Path path, ZipFile zip, SignedText signed, Manifest manifest) {
        this.path = path;
        this.zip = zip;
        this.signed = signed;
        this.manifest = manifest;
    }

    public static ExportFile open(Path path) {
        String name = path.getFileName() == null ? path.toString() : path.getFileName().toString();
        try {
            if (Files.isDirectory(path)) {
                throw new UnusableExportException(path + " is a folder, not an export file");
            }
            if (Files.size(path) == 0) {
                throw new UnusableExportException(name + " is empty (0 bytes): it is not an export; copy it again");
            }
        } catch (NoSuchFileException e) {
            throw new UnusableExportException("There is no file at " + path);
        } catch (IOException e) {
            throw new UnusableExportException("Cannot read " + path + ": " + e.getMessage(), e);
        }
        ZipFile zip;
        try {
            zip = new ZipFile(path.toFile());
        } catch (ZipException e) {
            throw new UnusableExportException(name + " is not a complete export: it is not a readable zip file"
                    + " (cut off while copying, or not an export at all)", e);
        } catch (IOException e) {
            throw new UnusableExportException("Cannot read " + path + ": " + e.getMessage(), e);
        }
        try {
            ZipEntry entry = zip.getEntry(ExportLayout.MANIFEST);
            if (entry == null) {
                throw new UnusableExportException(name + " has no " + ExportLayout.MANIFEST + ": it is not a Stockroom audit export");
            }
            byte[] bytes;
            try (InputStream in = zip.getInputStream(entry)) {
                bytes = in.readNBytes(SignedText.MAX_BYTES + 1);
            }
            if (bytes.length > SignedText.MAX_BYTES) {
                throw new UnusableExportException(name + "'s manifest is larger than " + (SignedText.MAX_BYTES >> 20)
                        + " MB: it is not a Stockroom manifest");
            }
            if (bytes.length == 0) {
                throw new UnusableExportException(name + "'s manifest is empty: the file is damaged");
            }
            SignedText signed = SignedText.parse(bytes, "The manifest");
            Manifest manifest = Manifest.parse(signed);
            return new ExportFile(path, zip, signed, manifest);
        } catch (IOException e) {
            closeQuietly(zip);
            throw new UnusableExportException(name + "'s manifest cannot be read: the zip is damaged (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            closeQuietly(zip);
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    public Manifest manifest() {
        return manifest;
    }

    SignedText signedManifest() {
        return signed;
    }

    boolean has(String part) {
        return zip.getEntry(part) != null;
    }

    /** Uncompressed size of a part as the zip records it (-1 when unknown): for progress only. */
    long size(String part) {
        ZipEntry e = zip.getEntry(part);
        return e == null ? -1 : e.getSize();
    }

    /** A part's bytes; read errors surface as {@link UnusableExportException} naming the part. */
    InputStream part(String part) {
        ZipEntry e = zip.getEntry(part);
        if (e == null) {
            throw new UnusableExportException(path.getFileName() + " has no " + part + ": the file is incomplete");
        }
        try {
            return new FilterInputStream(zip.getInputStream(e)) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    try {
                        return super.read(b, off, len);
                    } catch (IOException x) {
                        throw new UnusableExportException(part + " inside " + path.getFileName() + " is damaged and cannot be read ("
                                + x.getMessage() + ")", x);
                    }
                }
            };
        } catch (IOException x) {
            throw new UnusableExportException(part + " cannot be read: " + x.getMessage(), x);
        }
    }

    @Override
    public void close() {
        closeQuietly(zip);
    }

    private static void closeQuietly(ZipFile zip) {
        try {
            zip.close();
        } catch (IOException ignored) {
            // reading only: nothing is lost
        }
    }
}
