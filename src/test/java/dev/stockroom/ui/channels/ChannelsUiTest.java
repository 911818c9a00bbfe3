package dev.stockroom.ui.channels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.sync.figures.SyncFigures;
import dev.stockroom.sync.simulator.SimulatorSettings;
import dev.stockroom.sync.channels.DeskSecrets;
import dev.stockroom.ui.ConsoleWindow;
import dev.stockroom.ui.TaskRunner;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Channels and sync screen in the real console window, headless, over a real database, a
 * running sync worker and the simulator; driven through the keyboard.
 */
@ExtendWith(ApplicationExtension.class)
class ChannelsUiTest {
    static SimulatedShop s;
    ConsoleWindow window;

    @BeforeAll
    static void shop() {
        s = new SimulatedShop("channels_ui");
        Map<String, String> amazonKeys = new HashMap<>(SimulatorSettings.credentials("amazon"));
        amazonKeys.put("refresh_token", SimulatedShop.AMAZON_REFRESH_TOKEN);
        DeskSecrets.at(s.secretsFile).save(s.shop.seller, "amazon", amazonKeys);
        s.startSync();
    }

    @AfterAll
    static void close() {
        s.close();
    }

    @Start
    void start(Stage stage) {
        window = ConsoleWindow.open(s.shop.services(s.secretsFile), TaskRunner.fx());
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

    /** Ctrl+N for the channels screen, wherever it sits in the navigation. */
    private void openChannels(FxRobot robot) {
        int index = 0;
        while (!window.model().screens().get(index).id().equals("channels")) {
            index++;
        }
        robot.push(KeyCode.CONTROL, KeyCode.valueOf("DIGIT" + (index + 1)));
    }

    @Test
    void aStoppedListingShowsTheChannelsWordsAndRetryClearsItOnceTheChannelIsBack(FxRobot robot) throws Exception {
        s.sim.refuseOnAmazon("amazon", "MUG");
        s.shop.otherDesk.restock("MUG", 1);
        openChannels(robot);
        TableView<SyncFigures.ListingProblem> problems = robot.lookup("#problemsTable").query();
        TableView<ChannelRow> channels = robot.lookup("#channelsTable").query();
        waitFor("MUG stopped on amazon", 30, () -> problems.getItems().stream().anyMatch(p -> p.sku().equals("MUG") && p.parked()));
        assertThat(problems.getItems()).anySatisfy(p -> assertThat(p.error()).contains("'fulfillment_availability' is not valid"));
        waitFor("the channel's own words on screen", 10, () -> robot.from(problems).lookup(".table-cell").queryAllAs(TableCell.class).stream()
                .anyMatch(c -> c.getText() != null && c.getText().contains("'fulfillment_availability' is not valid for this product type.")));
        waitFor("amazon's row to count it", 10, () -> channels.getItems().stream()
                .anyMatch(r -> r.code().equals("amazon") && r.health().parked() == 1 && r.troubled()));

        // Amazon goes down while the seller fixes the listing there; it comes back, and one key retries.
        s.amazon.goDown();
        s.sim.acceptOnAmazon("amazon", "MUG");
        s.amazon.comeBack();
        robot.push(KeyCode.ALT, KeyCode.L);
        Label message = robot.lookup("#channelsMessage").query();
        waitFor("the retry to be said", 10, () -> message.getText().equals("Retrying MUG on amazon now."));
        waitFor("the stopped listing to clear", 30, () -> problems.getItems().isEmpty());
        waitFor("amazon to show MUG's allocation", 30, () -> s.onAmazon("MUG") == s.shown("MUG", "amazon"));
        assertThat(message.getStyleClass()).contains("ok");
    }

    @Test
    void typedCredentialsAreMaskedAndClearedOnceSaved(FxRobot robot) {
        openChannels(robot);
        TableView<ChannelRow> channels = robot.lookup("#channelsTable").query();
        waitFor("the channels", 10, () -> channels.getItems().size() == 2);
        robot.push(KeyCode.ALT, KeyCode.N);
        robot.write("ebay-uk");
        robot.interact(() -> robot.lookup("#newKind").<dev.stockroom.app.ChannelKinds.Kind>queryComboBox()
                .setValue(dev.stockroom.app.ChannelKinds.of("ebay").orElseThrow()));
        PasswordField token = robot.lookup("#field-refresh_token").query();
        robot.clickOn(token).write("v^1.1#i^1#r^1#secret-token-123");
        assertThat(token.getText()).isEqualTo("v^1.1#i^1#r^1#secret-token-123");
        robot.clickOn(robot.lookup("#field-client_id").<PasswordField>query()).write("Stockroo-app-PRD-1");
        robot.clickOn(robot.lookup("#field-client_secret").<PasswordField>query()).write("PRD-cert-1");
        robot.push(KeyCode.ALT, KeyCode.S);
        Label message = robot.lookup("#channelsMessage").query();
        waitFor("the channel to be saved", 10, () -> message.getText().startsWith("Channel ebay-uk connected"));
        assertThat(token.getText()).as("the secret left the form").isEmpty();
        waitFor("the new channel listed", 10, () -> channels.getItems().stream().anyMatch(r -> r.code().equals("ebay-uk")));
        robot.interact(() -> channels.getSelectionModel().select(
                channels.getItems().stream().filter(r -> r.code().equals("ebay-uk")).findFirst().orElseThrow()));
        Label saved = robot.lookup("#savedCredentials").query();
        waitFor("the saved credential named, masked", 10, () -> saved.getText().equals("Saved on this desk: client_id \u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022, "
                + "client_secret \u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022, refresh_token \u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022"));
    }
}
