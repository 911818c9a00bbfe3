package dev.stockroom.ui;

import dev.stockroom.bench.ProcessMemory;
import dev.stockroom.bench.ReportLine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.beans.value.ChangeListener;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

/**
 * For {@code stockroom bench console} only, off unless {@code -Dstockroom.bench.report=stdout|FILE} is set:
 * reports (one {@link ReportLine}) when the window became usable, then with
 * {@code -Dstockroom.bench.ledger-pages=N} opens the Ledger, pages down N times and reports memory.
 * Its {@code main} is the bench's baseline: a bare JavaFX stage, reported the same way.
 */
public final class BenchProbe {
    static final String REPORT = "stockroom.bench.report";
    static final String LEDGER_PAGES = "stockroom.bench.ledger-pages";

    private final String target;
    private final Stage stage;
    private final ConsoleWindow window;
    private final TaskRunner tasks;

    private BenchProbe(String target, Stage stage, ConsoleWindow window, TaskRunner tasks) {
        this.target = target;
        this.stage = stage;
        this.window = window;
        this.tasks = tasks;
    }

    /** Called once the main window replaced the connection screen; does nothing unless the bench asked. */
    static void watch(Stage stage, ConsoleWindow window, TaskRunner tasks) {
        String target = System.getProperty(REPORT);
        if (target == null || target.isBlank()) {
            return;
        }
        BenchProbe probe = new BenchProbe(target, stage, window, tasks);
        long windowMs = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        probe.whenSettled(() -> {
            probe.report("usable", Map.of("showing", stage.isShowing(), "window-ms", windowMs, "gpu", gpu()));
            String pages = System.getProperty(LEDGER_PAGES);
            if (pages != null) {
                probe.openLedger(Integer.parseInt(pages.trim()));
            }
        });
    }

    private void openLedger(int pages) {
        int index = window.model().screens().stream().map(Screen::id).toList().indexOf("ledger");
        long t0 = System.currentTimeMillis();
        window.model().show(index);
        whenSettled(() -> {
            report("ledger-page", Map.of("took-ms", System.currentTimeMillis() - t0, "rows", ledgerRows()));
            pageDown(pages);
        });
    }

    /** As a user scrolling to the bottom of the table: the next page loads by key; "Load more" if the scroll did not. */
    private void pageDown(int left) {
        TableView<?> table = (TableView<?>) stage.getScene().lookup("#ledgerTable");
        Node more = stage.getScene().lookup("#loadMore");
        if (left == 0 || table == null || more == null || !more.isVisible()) {
            report("ledger-open", Map.of("rows", ledgerRows()));
            return;
        }
        int before = table.getItems().size();
        table.scrollTo(before - 1);
        whenSettled(() -> {
            if (table.getItems().size() == before) {
                ((Button) more).fire();
                whenSettled(() -> pageDown(left - 1));
            } else {
                pageDown(left - 1);
            }
        });
    }

    private int ledgerRows() {
        Node table = stage.getScene().lookup("#ledgerTable");
        return table instanceof TableView<?> t ? t.getItems().size() : -1;
    }

    /**
     * Runs {@code then} once no background load is under way (the status bar's progress is gone)
     * and two pulses have passed since: the frame showing the data was laid out and handed to the renderer.
     */
    private void whenSettled(Runnable then) {
        if (tasks.runningProperty().get() > 0) {
            ChangeListener<Number> idle = new ChangeListener<>() {
                @Override
                public void changed(javafx.beans.value.ObservableValue<? extends Number> o, Number was, Number now) {
                    if (now.intValue() == 0) {
                        tasks.runningProperty().removeListener(this);
                        whenSettled(then);
                    }
                }
            };
            tasks.runningProperty().addListener(idle);
            return;
        }
        afterPulses(stage.getScene(), 2, () -> {
            if (tasks.runningProperty().get() > 0) {
                whenSettled(then);
            } else {
                then.run();
            }
        });
    }

    private static void afterPulses(Scene scene, int n, Runnable then) {
        Runnable[] listener = new Runnable[1];
        boolean[] fired = new boolean[1];
        listener[0] = () -> {
            if (!fired[0]) {
                fired[0] = true;
                Platform.runLater(() -> {  // not from inside the pulse's own listener loop
                    scene.removePostLayoutPulseListener(listener[0]);
                    if (n <= 1) {
                        then.run();
                    } else {
                        afterPulses(scene, n - 1, then);
                    }
                });
            }
        };
        scene.addPostLayoutPulseListener(listener[0]);
        Platform.requestNextPulse();
    }

    /** 3D needs the hardware pipeline: false means JavaFX fell back to software rendering (no GPU, Xvfb). */
    private static boolean gpu() {
        return Platform.isSupported(javafx.application.ConditionalFeature.SCENE3D);
    }

    private void report(String event, Map<String, ?> extra) {
        report(target, event, extra);
    }

    /** ms is from the JVM's start (RuntimeMXBean), at is the wall clock, so the bench can also count from its spawn. */
    private static void report(String target, String event, Map<String, ?> extra) {
        long now = System.currentTimeMillis();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("event", event);
        fields.put("ms", now - ManagementFactory.getRuntimeMXBean().getStartTime());
        fields.put("at", now);
        fields.put("pid", ProcessHandle.current().pid());
        fields.putAll(extra);
        ProcessMemory.self().ifPresent(m -> {
            fields.put("rss-kb", m.rssKb());
            fields.put("hwm-kb", m.hwmKb());
        });
        Runtime rt = Runtime.getRuntime();
        fields.put("heap-used-kb", (rt.totalMemory() - rt.freeMemory()) >> 10);
        fields.put("heap-max-kb", rt.maxMemory() >> 10);
        String line = ReportLine.format(fields);
        if (target.equals("stdout")) {
            System.out.println(line);
            System.out.flush();
        } else {
            try {
                Files.writeString(Path.of(target), line + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write the bench report to " + target + ": " + e.getMessage(), e);
            }
        }
    }

    /** The baseline: a bare JavaFX stage the console's size, reported as "usable" once shown and painted. */
    public static void main(String[] args) {
        Application.launch(Hello.class, args);
    }

    public static final class Hello extends Application {
        @Override
        public void start(Stage stage) {
            Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
            stage.setScene(new Scene(new StackPane(new Label("Hello")), Math.min(1440, screen.getWidth()), Math.min(900, screen.getHeight())));
            stage.setTitle("Hello");
            stage.show();
            afterPulses(stage.getScene(), 2, () -> report(System.getProperty(REPORT, "stdout"), "usable",
                    Map.of("showing", stage.isShowing(), "gpu", gpu())));
        }
    }
}
