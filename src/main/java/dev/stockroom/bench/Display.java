package dev.stockroom.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The X display the console's children open their windows on: $DISPLAY when there is one,
 * else a private Xvfb started once for the whole run, so every start is timed against an
 * X server that is already up (as on a desktop) and not against Xvfb's own start.
 */
final class Display implements AutoCloseable {
    static final String SCREEN = "1366x768x24";

    final String name;
    final String described;
    private final Process xvfb;

    private Display(String name, String described, Process xvfb) {
        this.name = name;
        this.described = described;
        this.xvfb = xvfb;
    }

    static Display find() throws Exception {
        String display = System.getenv("DISPLAY");
        if (display != null && !display.isBlank()) {
            return new Display(display, display + " (from $DISPLAY)", null);
        }
        Path xvfb = onPath("Xvfb");
        if (xvfb == null) {
            throw new IllegalStateException("the console scenario needs a display: run it in a desktop session, under"
                    + " xvfb-run -a -s \"-screen 0 " + SCREEN + "\", or install Xvfb (apt-get install xvfb) and it starts a private one");
        }
        // -displayfd: Xvfb picks a free display and writes its number once it accepts clients.
        Process p = new ProcessBuilder(xvfb.toString(), "-displayfd", "1", "-screen", "0", SCREEN, "-nolisten", "tcp")
                .redirectErrorStream(false).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String number = in.readLine();
        if (number == null || !number.trim().matches("\\d+")) {
            p.destroy();
            throw new IllegalStateException("Xvfb did not start (it said \"" + number + "\"); run the bench under xvfb-run -a instead");
        }
        String name = ":" + number.trim();
        return new Display(name, name + " (a private Xvfb " + SCREEN + " started by the bench)", p);
    }

    private static Path onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    @Override
    public void close() throws InterruptedException {
        if (xvfb != null) {
            xvfb.destroy();
            if (!xvfb.waitFor(10, TimeUnit.SECONDS)) {
                xvfb.destroyForcibly();
            }
        }
    }
}
