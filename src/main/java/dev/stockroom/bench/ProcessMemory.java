package dev.stockroom.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the kernel says a process holds in memory ({@code /proc/PID/status} on Linux): resident
 * now (VmRSS) and its peak (VmHWM), in KiB. What a user sees in a task manager, not the heap.
 */
public record ProcessMemory(long rssKb, long hwmKb) {

    /** This process; empty where there is no /proc (not Linux). */
    public static Optional<ProcessMemory> self() {
        return of("self");
    }

    public static Optional<ProcessMemory> of(long pid) {
        return of(Long.toString(pid));
    }

    private static Optional<ProcessMemory> of(String pid) {
        try {
            return parse(Files.readString(Path.of("/proc", pid, "status")));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();  // gone, or no /proc here
        }
    }

    /** Reads VmRSS and VmHWM from the text of a status file; empty when either is missing. */
    public static Optional<ProcessMemory> parse(String status) {
        long rss = -1;
        long hwm = -1;
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                rss = kb(line);
            } else if (line.startsWith("VmHWM:")) {
                hwm = kb(line);
            }
        }
        return rss < 0 || hwm < 0 ? Optional.empty() : Optional.of(new ProcessMemory(rss, hwm));
    }

    private static long kb(String line) {
        return Long.parseLong(line.substring(line.indexOf(':') + 1).trim().split("\\s+")[0]);  // the kernel writes "kB"
    }
}
