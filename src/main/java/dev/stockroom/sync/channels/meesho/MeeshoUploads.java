package dev.stockroom.sync.channels.meesho;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** The seller uploaded a Meesho inventory file: its quantities now count as what Meesho shows. */
public final class MeeshoUploads {
    private MeeshoUploads() {
    }

    /**
     * Returns how many listings the file confirmed. Refuses (IllegalArgumentException, nothing
     * changed) a channel that is unknown or not a file channel: confirming an upload there
     * would make Stockroom believe quantities no one sent.
     */
    public static int confirm(DataSource ds, long sellerId, String channel, Path file) throws IOException, SQLException {
        String kind = kindOf(ds, sellerId, channel);
        if (kind == null) {
            throw new IllegalArgumentException("there is no channel \"" + channel + "\"");
        }
        if (!"meesho".equals(kind)) {
            throw new IllegalArgumentException("\"" + channel + "\" is a " + kind + " channel; only file channels (Meesho) take upload confirmations");
        }
        List<String> skus = new ArrayList<>();
        List<Integer> qtys = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
            for (CSVRecord rec : csv) {
                skus.add(rec.get(MeeshoFileAdapter.HEADER[0]));
                qtys.add(Integer.parseInt(rec.get(MeeshoFileAdapter.HEADER[2]).trim()));
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IOException(file + " is not a Stockroom Meesho upload file: " + e.getMessage(), e);
        }
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT stockroom.sync_confirm_upload(?, ?, ?, ?)")) {
            ps.setLong(1, sellerId);
            ps.setString(2, channel);
            ps.setArray(3, c.createArrayOf("text", skus.toArray()));
            ps.setArray(4, c.createArrayOf("int4", qtys.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static String kindOf(DataSource ds, long sellerId, String channel) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT kind FROM stockroom.channel WHERE seller_id = ? AND channel = ?")) {
            ps.setLong(1, sellerId);
            ps.setString(2, channel);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
