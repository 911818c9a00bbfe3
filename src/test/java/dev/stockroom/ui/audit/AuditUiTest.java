package dev.stockroom.ui.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.ui.ConsoleWindow;
import dev.stockroom.ui.TaskRunner;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The console opened with no database, as an auditor with only a file would: the Audit screen
 * alone, a tampered export typed in and verified, the failure shown with its place.
 */
@ExtendWith(ApplicationExtension.class)
class AuditUiTest {
    @TempDir
    static Path dir;
    static AuditShop files;
    static String configDir;
    ConsoleWindow window;

    @BeforeAll
    static void files() {
        files = new AuditShop("audit_ui", dir);
        files.shop.close();  // the auditor's laptop has no database
        configDir = System.getProperty("stockroom.config.dir");
        System.setProperty("stockroom.config.dir", dir.resolve("config").toString());  // the auditor's own key, not this user's
    }

    @AfterAll
    static void restore() {
        if (configDir == null) {
            System.clearProperty("stockroom.config.dir");
        } else {
            System.setProperty("stockroom.config.dir", configDir);
        }
    }

    @Start
    void start(Stage stage) {
        window = ConsoleWindow.auditOnly(TaskRunner.fx());
        Scene scene = new Scene(window.root(), 1280, 768);
        window.install(scene);
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void closeWindow() {
        window.close();
    }

    private static void waitFor(String what, int seconds, Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition);
        } catch (TimeoutException e) {
            throw new AssertionError("timed out waiting for: " + what, e);
        }
    }

    private static <T extends Node> T find(FxRobot robot, String id) {
        return robot.lookup(id).query();
    }

    @Test
    void withNoDatabaseATamperedExportFailsAtItsPlace(FxRobot robot) {
        assertThat(robot.lookup(".nav-item").queryAll()).as("only the Audit screen").hasSize(1);
        assertThat(robot.lookup("#nav-audit").tryQuery()).isPresent();
        assertThat(robot.lookup("#liveText").queryAs(Label.class).getText()).isEqualTo("No database");

        TextField file = find(robot, "#auditFile");
        waitFor("the file field to have focus", 10, file::isFocused);
        robot.write(files.tampered.toString()).type(KeyCode.ENTER);

        Label title = find(robot, "#verdictTitle");
        waitFor("the verdict", 20, () -> title.getText().startsWith("FAILED"));
        assertThat(find(robot, "#verdictBox").getStyleClass()).contains("failed");
        assertThat(robot.lookup("#verdictPlace").queryAs(Label.class).getText())
                .isEqualTo("SKU " + files.tamperedSku + ", seq " + files.tamperedSeq + ", ledger.csv row " + files.tamperedRow);
        assertThat(robot.lookup("#verdictDetail").queryAs(Label.class).getText()).contains("changed after it was written");
        assertThat(robot.lookup("#auditSigner").queryAs(Label.class).getText()).startsWith("Signed by key ");

        // the untouched export, typed over the tampered one's name, passes
        robot.doubleClickOn(file).push(KeyCode.CONTROL, KeyCode.A).write(files.good.toString()).type(KeyCode.ENTER);
        waitFor("the second verdict", 20, () -> title.getText().equals("PASSED"));
        assertThat(find(robot, "#verdictBox").getStyleClass()).contains("passed");
        assertThat(robot.lookup("#verdictPlace").queryAs(Label.class).isVisible()).isFalse();
    }
}
