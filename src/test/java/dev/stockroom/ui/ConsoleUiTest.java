package dev.stockroom.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.testing.TcpProxy;
import dev.stockroom.ui.dashboard.DashboardRow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
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
 * The real console window, headless (Monocle), over a real database reached through a proxy
 * the test can cut; driven only through the keyboard and mouse robot.
 */
@ExtendWith(ApplicationExtension.class)
class ConsoleUiTest {
    static UiFixture shop;
    static TcpProxy proxy;
    static Instant afterSetup;
    ConsoleWindow window;

    @BeforeAll
    static void shop() {
        shop = UiFixture.create("console_ui");
        proxy = new TcpProxy(shop.db.port());
        afterSetup = Instant.now().truncatedTo(ChronoUnit.MILLIS).plusMillis(1);
        UiFixture.await("the clock to pass the setup", Duration.ofSeconds(2), () -> Instant.now().isAfter(afterSetup));
    }

    @AfterAll
    static void close() {
        proxy.close();
        shop.close();
    }

    @Start
    void start(Stage stage) {
        window = ConsoleWindow.open(shop.services(proxy), TaskRunner.fx());
        Scene scene = new Scene(window.root(), 1280, 768);  // Monocle's headless screen is 1280x800
        window.install(scene);
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void closeWindow() {
        proxy.restore();
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

    private void restockByScanner(FxRobot robot, String scanned, String units, String expected) {
        TextField scan = find(robot, "#scanField");
        TextField quantity = find(robot, "#quantityField");
        Label result = find(robot, "#deskResult");
        waitFor("the scan field to have focus", 10, scan::isFocused);
        robot.write(scanned).type(KeyCode.ENTER);
        waitFor("focus to jump to the quantity after " + scanned, 10, quantity::isFocused);
        robot.write(units).type(KeyCode.ENTER);
        waitFor("the result for " + scanned, 10, () -> result.getText().startsWith(expected) && scan.isFocused());
        assertThat(result.getStyleClass()).contains("ok");
    }

    @Test
    void aWholeRestockSessionTypedAsAScanner(FxRobot robot) {
        robot.push(KeyCode.CONTROL, KeyCode.DIGIT2);
        int tea = shop.onHand("TEA");
        int mug = shop.onHand("MUG");
        int lid = shop.onHand("LID");
        restockByScanner(robot, UiFixture.TEA_BARCODE, "12", "TEA restocked 12: on hand " + (tea + 12));
        restockByScanner(robot, UiFixture.MUG_BARCODE, "6", "MUG restocked 6: on hand " + (mug + 6));
        restockByScanner(robot, "LID", "30", "LID restocked 30: on hand " + (lid + 30));
        restockByScanner(robot, UiFixture.TEA_BARCODE, "1", "TEA restocked 1: on hand " + (tea + 13));
        assertThat(shop.onHand("TEA")).isEqualTo(tea + 13);
        assertThat(shop.onHand("MUG")).isEqualTo(mug + 6);
        assertThat(shop.onHand("LID")).isEqualTo(lid + 30);
        assertThat(robot.lookup("#sessionChanges").queryAs(Label.class).getText()).isEqualTo("4");
    }

    @Test
    void aRefusedDispatchIsSaidPlainlyAndChangesNothing(FxRobot robot) {
        robot.push(KeyCode.CONTROL, KeyCode.DIGIT2);
        TextField scan = find(robot, "#scanField");
        TextField quantity = find(robot, "#quantityField");
        Label result = find(robot, "#deskResult");
        waitFor("the scan field to have focus", 10, scan::isFocused);
        robot.type(KeyCode.F4);
        long rows = shop.ledgerRows();
        robot.write("AM-1").type(KeyCode.ENTER);
        waitFor("the order to be found", 10, quantity::isFocused);
        assertThat(robot.lookup("#foundText").queryAs(Label.class).getText()).contains("Order AM-1 on amazon");
        robot.write("2").type(KeyCode.ENTER);
        waitFor("the refusal", 10, () -> result.getText().contains("holds 3 units but 2 were packed: nothing dispatched"));
        assertThat(result.getStyleClass()).contains("refused");
        robot.type(KeyCode.ESCAPE);
        waitFor("back to the scan field", 10, scan::isFocused);
        robot.write("ZZ-404").type(KeyCode.ENTER);
        waitFor("the unknown order", 10, () -> result.getText().startsWith("No order \"ZZ-404\" is known"));
        assertThat(shop.ledgerRows()).isEqualTo(rows);
    }

    @Test
    void theLedgerShowsStockAsOfAChosenMoment(FxRobot robot) {
        shop.otherDesk.restock("TEA", 5);  // after the moment: must not show
        robot.push(KeyCode.CONTROL, KeyCode.DIGIT4);
        robot.clickOn("Stock as of");
        TextField asOf = find(robot, "#asOfField");
        waitFor("the moment field to have focus", 10, asOf::isFocused);
        String moment = dev.stockroom.ui.ledger.Moments.SHOW.withZone(ZoneId.systemDefault()).format(afterSetup)
                + "." + String.format("%03d", afterSetup.getNano() / 1_000_000);
        robot.write(moment).type(KeyCode.ENTER);
        TableView<dev.stockroom.ledger.StockAt> table = find(robot, "#asOfTable");
        waitFor("stock as of the moment", 10, () -> table.getItems().size() == 3);
        dev.stockroom.ledger.StockAt tea = table.getItems().stream().filter(s -> s.sku().equals("TEA")).findFirst().orElseThrow();
        assertThat(tea.onHand()).isEqualTo(20);
        assertThat(tea.reserved()).isEqualTo(2);
        assertThat(robot.lookup("#asOfMessage").queryAs(Label.class).getText()).startsWith("Stock as it was at " + moment.substring(0, 19));
    }

    @Test
    void aChangeAtAnotherDeskAppearsLive(FxRobot robot) {
        TableView<DashboardRow> table = find(robot, "#dashboardTable");
        waitFor("the dashboard to load", 10, () -> table.getItems().size() == 3);
        int before = lid(table);
        shop.otherDesk.restock("LID", 7);  // another desk, its own connection
        waitFor("the change to appear without reloading", 10, () -> lid(table) == before + 7);
        assertThat(robot.lookup("#liveText").queryAs(Label.class).getText()).startsWith("Live - last change");
    }

    private static int lid(TableView<DashboardRow> table) {
        return table.getItems().stream().filter(r -> r.level().code().equals("LID")).findFirst().orElseThrow().level().onHand();
    }

    @Test
    void losingTheDatabaseShowsTheOfflineBannerAndRecovers(FxRobot robot) {
        Node banner = find(robot, "#offlineBanner");
        TableView<DashboardRow> table = find(robot, "#dashboardTable");
        waitFor("the dashboard to load", 10, () -> table.getItems().size() == 3);
        assertThat(banner.isVisible()).isFalse();
        proxy.cut();
        waitFor("the offline banner", 15, banner::isVisible);
        // Read off the FX thread, the status text may trail the banner by one listener: wait for it too.
        waitFor("the status bar to say offline", 10, () -> robot.lookup("#liveText").queryAs(Label.class).getText().startsWith("Offline"));
        assertThat(table.getItems()).as("what was on screen stays readable").hasSize(3);

        robot.push(KeyCode.CONTROL, KeyCode.DIGIT2);
        TextField scan = find(robot, "#scanField");
        waitFor("the scan field to have focus", 10, scan::isFocused);
        long rows = shop.ledgerRows();
        robot.write("TEA").type(KeyCode.ENTER);
        Label result = find(robot, "#deskResult");
        waitFor("the offline refusal", 10, () -> result.getText().startsWith("Not saved: the database is offline"));
        assertThat(shop.ledgerRows()).isEqualTo(rows);

        proxy.restore();
        waitFor("the banner to clear by itself", 20, () -> !banner.isVisible());
        robot.write("TEA").type(KeyCode.ENTER);
        waitFor("the desk to work again", 10, () -> find(robot, "#quantityField").isFocused());
    }
}
