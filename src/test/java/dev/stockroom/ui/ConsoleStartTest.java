package dev.stockroom.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.db.ConnectionProfile;
import dev.stockroom.db.ConnectionProfiles;
import dev.stockroom.db.DatabaseSettings;
import dev.stockroom.db.EmbeddedDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.control.Hyperlink;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The console as {@code app/stockroom} starts it, headless: on a fresh desk (nothing configured,
 * no saved connection) it goes straight into the embedded database with the demo shop;
 * "Switch database..." leads back to the connection screen; with a saved connection the
 * connection screen comes first.
 */
@ExtendWith(ApplicationExtension.class)
class ConsoleStartTest {
    static Path home;
    static String[] saved = new String[3];
    static final String[] PROPERTIES = {"stockroom.config.dir", "stockroom.data.dir", EmbeddedDatabase.PORT_PROPERTY};
    Stage stage;

    @BeforeAll
    static void freshDesk() throws IOException {
        home = Files.createTempDirectory("console-start");
        for (int i = 0; i < PROPERTIES.length; i++) {
            saved[i] = System.getProperty(PROPERTIES[i]);
        }
        System.setProperty("stockroom.config.dir", home.resolve("config").toString());
        System.setProperty("stockroom.data.dir", home.resolve("data").toString());
        System.setProperty(EmbeddedDatabase.PORT_PROPERTY, Integer.toString(freePort()));
    }

    @AfterAll
    static void restore() {
        for (int i = 0; i < PROPERTIES.length; i++) {
            if (saved[i] == null) {
                System.clearProperty(PROPERTIES[i]);
            } else {
                System.setProperty(PROPERTIES[i], saved[i]);
            }
        }
        ConsoleApp.settings = null;
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void waitFor(String what, int seconds, Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition);
        } catch (TimeoutException e) {
            throw new AssertionError("timed out waiting for: " + what, e);
        }
    }

    private void launch(FxRobot robot) {
        ConsoleApp.settings = new DatabaseSettings(Optional.empty(), Optional.empty(), Optional.empty(), 1L);   // nothing configured
        robot.interact(() -> new ConsoleApp().start(stage));
    }

    @Test
    void aFreshDeskOpensTheDemoShopAndSwitchDatabaseLeadsBack(FxRobot robot) {
        launch(robot);
        waitFor("the main window over the embedded demo shop", 120, () -> stage.getTitle().startsWith("Stockroom - "));
        assertThat(robot.lookup("#nav-dashboard").tryQuery()).isPresent();
        assertThat(robot.lookup("#localDemo").tryQuery()).as("no connection screen on the way").isEmpty();
        waitFor("the demo shop's SKUs on the dashboard", 30,
                () -> robot.lookup("#dashboardTable").queryTableView().getItems().size() > 20);

        Hyperlink switchDatabase = robot.lookup("#switchDatabase").queryAs(Hyperlink.class);
        assertThat(switchDatabase.isVisible()).isTrue();
        robot.clickOn(switchDatabase);
        waitFor("the connection screen", 10, () -> stage.getTitle().equals("Stockroom"));
        assertThat(robot.lookup("#localDemo").tryQuery()).isPresent();
        assertThat(stage.getScene().getAccelerators()).as("the closed window's shortcuts are gone")
                .doesNotContainKeys(new KeyCodeCombination(KeyCode.DIGIT2, KeyCombination.SHORTCUT_DOWN),
                        new KeyCodeCombination(KeyCode.T, KeyCombination.SHORTCUT_DOWN));
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT2).release(KeyCode.DIGIT2, KeyCode.CONTROL);
        assertThat(robot.lookup("#localDemo").tryQuery()).as("Ctrl+2 does nothing on the connection screen").isPresent();

        // The demo again, from the connection screen: the same shop (kept in the data directory).
        robot.clickOn("#localDemo");
        waitFor("the main window again", 60, () -> stage.getTitle().startsWith("Stockroom - "));
        robot.clickOn("#switchDatabase");
        waitFor("the connection screen again", 10, () -> stage.getTitle().equals("Stockroom"));

        // Once a connection is saved, the console asks first instead of opening the demo.
        ConnectionProfiles.inConfigDir().save(new ConnectionProfile("Warehouse", "db.example", 5432, "stockroom", "asha", "require", 1));
        robot.interact(() -> stage.getScene().setRoot(new javafx.scene.layout.StackPane()));
        launch(robot);
        waitFor("the connection screen with the saved connection", 10, () -> robot.lookup("#localDemo").tryQuery().isPresent());
        assertThat(robot.lookup("#nav-dashboard").tryQuery()).isEmpty();
        assertThat(robot.lookup("#profiles").queryListView().getItems()).hasSize(1);
        assertThat(stage.getTitle()).isEqualTo("Stockroom");
    }
}
