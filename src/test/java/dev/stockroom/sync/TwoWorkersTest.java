package dev.stockroom.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.sync.simulator.SimChannel;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two worker processes share one queue: no listing is pushed by both at once, and killing one loses nothing. */
class TwoWorkersTest {
    static SyncFixture f;

    @BeforeAll
    static void setUp() {
        f = new SyncFixture("twow");
        f.channel("shop", "shopify", Map.of("batch_size", 5));
        f.channel("amzn", "amazon", Map.of());
        f.channel("fk", "flipkart", Map.of());
        for (int i = 0; i < 30; i++) {
            f.sku(String.format("W-%02d", i), 50, "shop", "amzn", "fk");
        }
        f.sim.channels().forEach(ch -> ch.latency(120));   // wide in-flight windows make overlaps visible
    }

    @AfterAll
    static void tearDown() {
        f.close();
    }

    static Process spawn(String owner) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dstockroom.log.level=WARN", WorkerProcess.class.getName(), f.db.url(), f.syncLogin, Long.toString(f.seller), owner, "6");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.startsWith("started")) {
            // skip start-up noise
        }
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // keep the pipe empty so the child never blocks on output
                }
            } catch (Exception ignored) {
                // the child went away
            }
        });
        drain.setDaemon(true);
        drain.start();
        return p;
    }

    @Test
    void twoProcessesShareTheQueueAndOneMayDieMidPush() throws Exception {
        Process a = spawn("worker-a");
        Process b = spawn("worker-b");
        try {
            Random random = new Random(11);
            for (int i = 0; i < 150; i++) {
                f.kernel.restock(String.format("W-%02d", random.nextInt(30)), 1 + random.nextInt(3));
            }
            SyncFixture.await("pushes in flight", Duration.ofSeconds(30),
                    () -> f.sim.channels().stream().mapToInt(SimChannel::inFlight).sum() > 0);
            a.destroyForcibly();   // killed mid-push: its leases run out and worker-b takes the rows over
            a.waitFor();
            for (int i = 0; i < 150; i++) {
                f.kernel.adjust(String.format("W-%02d", random.nextInt(30)), 20 + random.nextInt(60), "count");
            }
            SyncFixture.await("every channel converges after the kill", Duration.ofSeconds(90), f::converged);
            f.assertConverged();
            for (SimChannel ch : f.sim.channels()) {
                assertThat(ch.overlaps()).as("listings pushed twice at once on " + ch.name()).isZero();
            }
            List<String> owners = f.db.queryLong("SELECT count(DISTINCT worker) FROM stockroom.sync_attempt WHERE seller_id = " + f.seller) == 2
                    ? List.of("worker-a", "worker-b") : List.of();
            assertThat(owners).as("both workers pushed").hasSize(2);
        } finally {
            a.destroyForcibly();
            b.destroyForcibly();
            a.waitFor();
            b.waitFor();
        }
    }
}
