package dev.stockroom.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One line a benchmarked child process prints for the bench to read:
 * {@code stockroom-bench event=usable ms=1234 rss-kb=...}; any other output is not a report.
 */
public final class ReportLine {
    public static final String PREFIX = "stockroom-bench ";

    private ReportLine() {
    }

    public static String format(Map<String, ?> fields) {
        StringBuilder b = new StringBuilder(PREFIX.trim());
        fields.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
        return b.toString();
    }

    /** The fields of a report line in their order; empty for any other line (logging, a stack trace). */
    public static Optional<Map<String, String>> parse(String line) {
        if (line == null || !line.startsWith(PREFIX)) {
            return Optional.empty();
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String token : line.substring(PREFIX.length()).trim().split("\\s+")) {
            int eq = token.indexOf('=');
            if (eq > 0) {
                fields.put(token.substring(0, eq), token.substring(eq + 1));
            }
        }
        return Optional.of(fields);
    }
}
