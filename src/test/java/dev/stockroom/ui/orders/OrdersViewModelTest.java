package dev.stockroom.ui.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.ledger.Reservation;
import dev.stockroom.ui.LiveState;
import dev.stockroom.ui.TaskRunner;
import dev.stockroom.ui.UiFixture;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OrdersViewModelTest {
    static UiFixture shop;

    @BeforeAll
    static void shop() {
        shop = UiFixture.create("orders_vm");
    }

    @AfterAll
    static void close() {
        shop.close();
    }

    private OrdersViewModel loaded(LiveState live) {
        OrdersViewModel m = new OrdersViewModel(shop.services(), TaskRunner.direct(), live);
        m.refresh();
        return m;
    }

    private static Reservation line(OrdersViewModel m, String order, String sku) {
        return m.rows().stream().filter(r -> r.orderRef().equals(order) && r.sku().equals(sku)).findFirst().orElseThrow();
    }

    @Test
    void theHandTypedOrderIsCheckedAsItIsTyped() {
        OrdersViewModel m = loaded(new LiveState(Runnable::run));
        assertThat(m.formProblem().get()).isEqualTo("Choose the channel the order came from.");
        m.newChannelProperty().set("ebay");
        assertThat(m.formProblem().get()).startsWith("There is no channel \"ebay\"");
        m.newChannelProperty().set("amazon");
        assertThat(m.formProblem().get()).isEqualTo("Type the order reference.");
        m.newOrderRefProperty().set("AM-77");
        m.newLinesProperty().set("TEA two");
        assertThat(m.formProblem().get()).contains("\"two\"").contains("not a number");
        m.newLinesProperty().set("TEA 0");
        assertThat(m.formProblem().get()).isEqualTo("TEA: the quantity must be at least 1.");
        m.newLinesProperty().set("TEA 2, MUG x1");
        m.newHoldDaysProperty().set("0");
        assertThat(m.formProblem().get()).isEqualTo("Hold the stock for 1 to 60 days.");
        m.newHoldDaysProperty().set("2");
        assertThat(m.formProblem().get()).isEmpty();
    }

    @Test
    void enterAnOrderByHandThenDispatchIt() {
        OrdersViewModel m = loaded(new LiveState(Runnable::run));
        m.newChannelProperty().set("flipkart");
        m.newOrderRefProperty().set("FK-100");
        m.newLinesProperty().set("TEA 1");
        m.reserve();
        assertThat(m.messageOkProperty().get()).as(m.messageProperty().get()).isTrue();
        Reservation held = line(m, "FK-100", "TEA");
        assertThat(held.status()).isEqualTo("held");
        int before = shop.onHand("TEA");
        m.selectedProperty().set(held);
        m.dispatchSelected();
        assertThat(m.messageProperty().get()).startsWith("Dispatched 1 unit of order FK-100 on flipkart");
        assertThat(shop.onHand("TEA")).isEqualTo(before - 1);
        m.statusProperty().set("confirmed");
        assertThat(line(m, "FK-100", "TEA").status()).isEqualTo("confirmed");
    }

    @Test
    void releaseFreesTheUnitsAndAClosedOrderCannotBeReleasedAgain() {
        OrdersViewModel m = loaded(new LiveState(Runnable::run));
        m.newChannelProperty().set("amazon");
        m.newOrderRefProperty().set("AM-200");
        m.newLinesProperty().set("MUG 1");
        m.reserve();
        m.selectedProperty().set(line(m, "AM-200", "MUG"));
        m.releaseSelected();
        assertThat(m.messageOkProperty().get()).isTrue();
        m.statusProperty().set("all");
        Reservation released = line(m, "AM-200", "MUG");
        assertThat(released.status()).isEqualTo("released");
        m.selectedProperty().set(released);
        m.releaseSelected();
        assertThat(m.messageOkProperty().get()).isFalse();
        assertThat(m.messageProperty().get()).isEqualTo("Order AM-200 on amazon is released, not held: nothing to release.");
    }

    @Test
    void aReservationTheStockCannotCoverIsRefusedAndNothingIsHeld() {
        OrdersViewModel m = loaded(new LiveState(Runnable::run));
        m.newChannelProperty().set("amazon");
        m.newOrderRefProperty().set("AM-BIG");
        m.newLinesProperty().set("LID 3");
        m.reserve();
        assertThat(m.messageOkProperty().get()).isFalse();
        assertThat(m.messageProperty().get()).startsWith("Refused:").endsWith("Nothing reserved.");
        m.statusProperty().set("all");
        assertThat(m.rows()).noneMatch(r -> r.orderRef().equals("AM-BIG"));
    }

    @Test
    void searchAndStatusFilterTheList() {
        OrdersViewModel m = loaded(new LiveState(Runnable::run));
        m.statusProperty().set("held");
        m.searchProperty().set("am-1");
        assertThat(m.rows()).extracting(Reservation::orderRef).containsOnly("AM-1");
        assertThat(m.rows()).extracting(Reservation::sku).containsExactlyInAnyOrder("TEA", "MUG");
    }

    @Test
    void offlineChangesAreRefused() {
        LiveState live = new LiveState(Runnable::run);
        OrdersViewModel m = loaded(live);
        m.searchProperty().set("AM-1");
        m.selectedProperty().set(m.rows().get(0));
        live.connectionChanged(false, "gone", Instant.now());
        m.dispatchSelected();
        assertThat(m.messageProperty().get()).startsWith("Not saved: the database is offline");
        assertThat(m.rows()).as("still readable").isNotEmpty();
    }
}
