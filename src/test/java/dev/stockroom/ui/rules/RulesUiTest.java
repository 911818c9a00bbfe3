package dev.stockroom.ui.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.allocation.Allocation;
import dev.stockroom.allocation.RuleChange;
import dev.stockroom.ledger.OrderLine;
import dev.stockroom.ledger.Outcome;
import dev.stockroom.ui.ConsoleWindow;
import dev.stockroom.ui.TaskRunner;
import dev.stockroom.ui.UiFixture;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
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
 * The rule editor in the real console window, headless, over a real database, driven by the
 * keyboard only: an edit previewed with the engine's explanation, saved, then enforced.
 */
@ExtendWith(ApplicationExtension.class)
class RulesUiTest {
    static UiFixture shop;
    static Allocation allocation;
    ConsoleWindow window;

    @BeforeAll
    static void shop() {
        shop = UiFixture.create("rules_ui");
        allocation = new Allocation(shop.db.as("rules_ui", 1), shop.seller);
        allocation.setRule("amazon", "TEA", RuleChange.none().ringFence(5));  // TEA: 20 on hand, 2 held, 18 available
    }

    @AfterAll
    static void close() {
        shop.close();
    }

    @Start
    void start(Stage stage) {
        window = ConsoleWindow.open(shop.services(), TaskRunner.fx());
        Scene scene = new Scene(window.root(), 1280, 768);
        window.install(scene);
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void closeWindow() {
        window.close();
    }

    private static void waitFor(String what, Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, condition);
        } catch (TimeoutException e) {
            throw new AssertionError("timed out waiting for: " + what, e);
        }
    }

    private static <T extends Node> T find(FxRobot robot, String id) {
        return robot.lookup(id).query();
    }

    private static String explanation(TableView<PreviewRow> table, String channel) {
        return table.getItems().stream().filter(r -> r.channel().equals(channel)).map(PreviewRow::explanation).findFirst().orElse("");
    }

    @Test
    void aRuleEditIsPreviewedWithTheEnginesExplanationThenSavedAndEnforced(FxRobot robot) {
        robot.push(KeyCode.CONTROL, KeyCode.DIGIT5);
        ListView<String> channels = find(robot, "#ruleChannels");
        TableView<PreviewRow> preview = find(robot, "#previewTable");
        TextField maxPercent = find(robot, "#maxPercent");
        waitFor("the rules to load", () -> channels.getItems().size() == 2 && preview.getItems().size() == 2);
        assertThat(explanation(preview, "flipkart")).isEqualTo("18 available - 5 ring-fenced for amazon = 13; shows 13");

        robot.push(KeyCode.ALT, KeyCode.C);  // Channels
        waitFor("the channel list to have focus", channels::isFocused);
        robot.type(KeyCode.DOWN);
        waitFor("flipkart to be chosen", () -> "flipkart".equals(channels.getSelectionModel().getSelectedItem()));
        robot.push(KeyCode.ALT, KeyCode.P);  // Max percent
        waitFor("the max percent field to have focus", maxPercent::isFocused);

        // A bad value is marked as it is typed, and Esc takes it back.
        robot.write("250");
        Label hint = find(robot, "#maxPercentHint");
        waitFor("the problem under the field", () -> hint.getText().equals("Max percent must be between 0 and 100 (got 250)."));
        waitFor("the ControlsFX decoration", () -> maxPercent.getStyleClass().contains("error"));
        robot.type(KeyCode.ESCAPE);
        waitFor("the edit to be undone", () -> maxPercent.getText().isEmpty() && !maxPercent.getStyleClass().contains("error"));

        robot.write("25");
        String expected = "18 available - 5 ring-fenced for amazon = 13; 25% cap of 18 = 4 (4.5 rounded down); shows 4";
        waitFor("the preview to follow the unsaved edit", () -> explanation(preview, "flipkart").equals(expected));
        assertThat(robot.lookup("#previewNote").queryAs(Label.class).getText()).isEqualTo("TEA: 18 available. With your unsaved edit, before saving:");
        assertThat(robot.lookup("#rulesPending").queryAs(Label.class).getText()).isEqualTo("1 unsaved change: flipkart, all SKUs: max 25%");
        assertThat(allocation.rules()).as("nothing saved by the preview").noneMatch(r -> r.channel().equals("flipkart"));

        robot.push(KeyCode.CONTROL, KeyCode.S);
        Label message = find(robot, "#rulesMessage");
        waitFor("the save", () -> message.getText().startsWith("Saved flipkart: max 25%;"));
        waitFor("the unsaved mark to clear", () -> robot.lookup("#rulesPending").queryAs(Label.class).getText().isEmpty());
        assertThat(allocation.rules()).anyMatch(r -> r.scope().equals("flipkart") && r.words().equals("max 25%"));
        Label note = find(robot, "#previewNote");
        waitFor("the preview to show the saved rules", () -> note.getText().equals("TEA: 18 available. No unsaved edits: what each channel is shown now.")
                && preview.getItems().stream().allMatch(r -> !r.changes()) && explanation(preview, "flipkart").equals(expected));

        // The kernel now refuses a flipkart sale beyond the new allocation, naming the rule.
        Outcome refused = shop.otherDesk.sell(List.of(OrderLine.of("TEA", 5)), "flipkart", "FK-UI-1");
        assertThat(refused.ok()).isFalse();
        assertThat(refused.code()).isEqualTo("allocation");
        assertThat(refused.message()).isEqualTo("flipkart may take only 4 of TEA (25% cap of 18); the order asks for 5");
    }
}
