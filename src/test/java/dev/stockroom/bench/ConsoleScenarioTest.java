package dev.stockroom.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The plumbing between the console scenario and its child JVMs: report lines, /proc memory, the child's command. */
class ConsoleScenarioTest {
    private static final String STATUS = """
            Name:\tjava
            State:\tS (sleeping)
            VmPeak:\t 8123456 kB
            VmHWM:\t  402112 kB
            VmRSS:\t  351004 kB
            RssAnon:\t  290000 kB
            Threads:\t41
            """;

    @Test
    void aReportLineReadsBackInItsOrder() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("event", "usable");
        fields.put("ms", 2345);
        fields.put("rss-kb", 351004);
        String line = ReportLine.format(fields);

        assertThat(line).isEqualTo("stockroom-bench event=usable ms=2345 rss-kb=351004");
        assertThat(ReportLine.parse(line).orElseThrow()).containsExactly(Map.entry("event", "usable"), Map.entry("ms", "2345"),
                Map.entry("rss-kb", "351004"));
    }

    @Test
    void logOutputIsNotAReport() {
        assertThat(ReportLine.parse("04:45:07.919 INFO  d.s.s.worker.SyncWorker - sync worker started")).isEmpty();
        assertThat(ReportLine.parse("stockroom-benchmark event=usable")).isEmpty();
        assertThat(ReportLine.parse(null)).isEmpty();
    }

    @Test
    void memoryIsReadFromAProcStatusText() {
        assertThat(ProcessMemory.parse(STATUS)).contains(new ProcessMemory(351004, 402112));
        assertThat(ProcessMemory.parse("Name:\tjava\nVmRSS:\t 10 kB\n")).as("no VmHWM: a kernel thread or a zombie").isEmpty();
    }

    @Test
    void thisProcessHasAResidentSetOnLinux() {
        if (Path.of("/proc/self/status").toFile().exists()) {
            ProcessMemory self = ProcessMemory.self().orElseThrow();
            assertThat(self.rssKb()).isPositive().isLessThanOrEqualTo(self.hwmKb());
            assertThat(ProcessMemory.of(ProcessHandle.current().pid())).isPresent();
        }
        assertThat(ProcessMemory.of(Long.MAX_VALUE)).as("a process that is gone").isEmpty();
    }

    @Test
    void aReadingCountsFromTheSpawnAndPrefersWhatTheBenchSawInProc() {
        Map<String, String> fields = ReportLine.parse("stockroom-bench event=usable ms=2100 at=1000002300 pid=7 rss-kb=300000 hwm-kb=310000")
                .orElseThrow();

        ConsoleScenario.Reading seen = ConsoleScenario.Reading.of(fields, 1_000_000_000L, new ProcessMemory(305000, 312000));
        ConsoleScenario.Reading childOnly = ConsoleScenario.Reading.of(fields, 1_000_000_000L, null);

        assertThat(seen.spawnMs()).isEqualTo(2300);
        assertThat(seen.rssKb()).isEqualTo(305000);
        assertThat(childOnly.rssKb()).isEqualTo(300000);
        assertThat(childOnly.hwmKb()).isEqualTo(310000);
    }

    @Test
    void warmStartsAreSummedUpByMedianAndMax() {
        assertThat(ConsoleScenario.p50(List.of(2900L, 2500L, 3100L, 2700L, 2600L))).isEqualTo(2700);
        assertThat(ConsoleScenario.max(List.of(2900L, 2500L, 3100L))).isEqualTo(3100);
        assertThat(ConsoleScenario.p50(List.of())).isZero();
    }

    @Test
    void theChildRunsThisJavaWithTheInstalledLaunchersOptionsAndThisClassPath() {
        List<String> jvm = ConsoleScenario.jvm(List.of("-Dx=y"));

        assertThat(jvm.get(0)).isEqualTo(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        assertThat(jvm).contains("-XX:-UsePerfData", "-Dx=y").endsWith("-cp", System.getProperty("java.class.path"));
    }

    @Test
    void aBenchDatabaseNameThatIsNotPlainIsRefusedBeforeAnythingIsDropped() {
        assertThatThrownBy(() -> BenchDatabase.open("jdbc:postgresql://127.0.0.1:1/postgres", "postgres", "bench; DROP"))
                .hasMessageContaining("--bench-db must be a plain lower-case database name");
        assertThatThrownBy(() -> BenchDatabase.open("jdbc:postgresql://127.0.0.1:1/postgres", "postgres", "postgres"))
                .hasMessageContaining("system database");
    }

    @Test
    void theConsoleIsAScenario() {
        assertThatThrownBy(() -> Bench.run("consol", null, "postgres", new Bench.Options(1, new int[] {1}, 1, 1000, 1, 1, "x"),
                new java.io.PrintWriter(java.io.Writer.nullWriter())))
                .hasMessageContaining("sync or console");
    }
}
