package dev.stockroom.ui.desk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.ui.LiveState;
import dev.stockroom.ui.TaskRunner;
import dev.stockroom.ui.UiFixture;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeskViewModelTest {
    static UiFixture shop;
    LiveState live;
    DeskViewModel desk;

    @BeforeAll
    static void shop() {
        shop = UiFixture.create("desk_vm");
    }

    @AfterAll
    static void close() {
        shop.close();
    }

    @BeforeEach
    void desk() {
        live = new LiveState(Runnable::run);
        desk = new DeskViewModel(shop.services(), TaskRunner.direct(), live);
    }

    private void scan(String code) {
        desk.scanProperty().set(code);
        desk.scanEntered();
    }

    private void units(String typed) {
        desk.quantityProperty().set(typed);
        desk.quantityEntered();
    }

    @Test
    void aBarcodeFindsTheSkuAndEnterRestocksIt() {
        int before = shop.onHand("MUG");
        scan(UiFixture.MUG_BARCODE);
        assertThat(desk.stepProperty().get()).isEqualTo(DeskViewModel.Step.QUANTITY);
        assertThat(desk.foundProperty().get()).contains("MUG").contains("White mug");
        units("6");
        assertThat(desk.resultKindProperty().get()).isEqualTo(DeskViewModel.Result.OK);
        assertThat(desk.resultProperty().get()).contains("MUG restocked 6");
        assertThat(desk.stepProperty().get()).isEqualTo(DeskViewModel.Step.SCAN);
        assertThat(desk.scanProperty().get()).isEmpty();
        assertThat(shop.onHand("MUG")).isEqualTo(before + 6);
        assertThat(desk.unitsThisSessionProperty().get()).isEqualTo(6);
    }

    @Test
    void anUnknownBarcodeIsSaidPlainlyAndChangesNothing() {
        long rows = shop.ledgerRows();
        scan("0000000000000");
        assertThat(desk.resultKindProperty().get()).isEqualTo(DeskViewModel.Result.REFUSED);
        assertThat(desk.resultProperty().get()).isEqualTo("No SKU has the barcode or code \"0000000000000\". Nothing changed.");
        assertThat(desk.stepProperty().get()).isEqualTo(DeskViewModel.Step.SCAN);
        assertThat(shop.ledgerRows()).isEqualTo(rows);
    }

    @Test
    void zeroAbsurdAndNonNumericQuantitiesAreRefusedBeforeTheDatabase() {
        long rows = shop.ledgerRows();
        scan("TEA");
        units("0");
        assertThat(desk.resultProperty().get()).startsWith("Zero units: nothing to restock");
        units(UiFixture.TEA_BARCODE);
        assertThat(desk.resultProperty().get()).contains("not believable").contains("barcode scanned into the quantity");
        units("a dozen");
        assertThat(desk.resultProperty().get()).isEqualTo("\"a dozen\" is not a number of units. Nothing changed.");
        units("-3");
        assertThat(desk.resultProperty().get()).contains("cannot be negative");
        assertThat(desk.stepProperty().get()).as("still waiting for a good quantity").isEqualTo(DeskViewModel.Step.QUANTITY);
        assertThat(shop.ledgerRows()).isEqualTo(rows);
        desk.cancel();
        assertThat(desk.stepProperty().get()).isEqualTo(DeskViewModel.Step.SCAN);
    }

    @Test
    void aCountBelowWhatIsHeldIsTheKernelsRefusal() {
        desk.useMode(DeskMode.COUNT);
        scan("MUG");
        units("0");
        assertThat(desk.resultKindProperty().get()).isEqualTo(DeskViewModel.Result.REFUSED);
        assertThat(desk.resultProperty().get()).contains("held for open orders").endsWith("Nothing changed.");
    }

    @Test
    void dispatchChecksThePackedUnitsAndRefusesAnOrderThatIsNotHeld() {
        shop.otherDesk.reserve("flipkart", "FK-7", java.util.List.of(dev.stockroom.ledger.OrderLine.of("TEA", 3)),
                Instant.now().plusSeconds(3600));
        int before = shop.onHand("TEA");
        desk.useMode(DeskMode.DISPATCH);
        scan("FK-7");
        assertThat(desk.foundProperty().get()).contains("Order FK-7 on flipkart: 3 x TEA");
        units("2");
        assertThat(desk.resultProperty().get()).contains("holds 3 units but 2 were packed: nothing dispatched");
        assertThat(shop.onHand("TEA")).isEqualTo(before);
        units("3");
        assertThat(desk.resultKindProperty().get()).isEqualTo(DeskViewModel.Result.OK);
        assertThat(shop.onHand("TEA")).isEqualTo(before - 3);

        scan("FK-7");  // already dispatched: the kernel says so, and nothing changes
        assertThat(desk.resultKindProperty().get()).isEqualTo(DeskViewModel.Result.REFUSED);
        assertThat(desk.resultProperty().get()).contains("not held").endsWith("Nothing changed.");
        assertThat(shop.onHand("TEA")).isEqualTo(before - 3);

        scan("NO-SUCH-ORDER");
        assertThat(desk.resultProperty().get()).startsWith("No order \"NO-SUCH-ORDER\" is known");
    }

    @Test
    void offlineTheDeskRefusesWithAClearReason() {
        long rows = shop.ledgerRows();
        scan("TEA");
        live.connectionChanged(false, "The database server is not reachable.", Instant.now());
        units("5");
        assertThat(desk.resultKindProperty().get()).isEqualTo(DeskViewModel.Result.REFUSED);
        assertThat(desk.resultProperty().get()).startsWith("Not saved: the database is offline");
        desk.cancel();
        scan("TEA");
        assertThat(desk.resultProperty().get()).startsWith("Not saved: the database is offline");
        assertThat(shop.ledgerRows()).isEqualTo(rows);
        live.connectionChanged(true, null, Instant.now());
        scan("TEA");
        assertThat(desk.stepProperty().get()).isEqualTo(DeskViewModel.Step.QUANTITY);
    }

    @Test
    void aKitIsNotRestockedAtTheDesk() {
        if (shop.db.queryLong("SELECT count(*) FROM stockroom.sku WHERE code = 'SET' AND seller_id = " + shop.seller) == 0) {
            shop.otherDesk.addKit("SET", "Tea and mug", java.util.List.of(dev.stockroom.ledger.OrderLine.of("TEA", 1),
                    dev.stockroom.ledger.OrderLine.of("MUG", 1)), java.util.List.of());
        }
        scan("SET");
        assertThat(desk.resultProperty().get()).startsWith("SET is a kit");
        assertThat(desk.stepProperty().get()).isEqualTo(DeskViewModel.Step.SCAN);
    }
}
