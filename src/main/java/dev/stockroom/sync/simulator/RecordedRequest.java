package dev.stockroom.sync.simulator;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One request as a simulated channel saw it: when it arrived and finished (nanoTime, for
 * rate and overlap checks), what it carried, what was answered, and which listings it set.
 */
public record RecordedRequest(String method, String path, String query, Map<String, List<String>> headers, String body,
                              long arrivedNanos, long finishedNanos, Instant arrivedAt, int status, String answer,
                              List<String> listings, boolean push) {

    public String header(String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }
}
