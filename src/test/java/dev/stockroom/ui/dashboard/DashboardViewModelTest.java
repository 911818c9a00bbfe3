package dev.stockroom.ui.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.ledger.OrderLine;
import dev.stockroom.ui.LiveState;
import dev.stockroom.ui.TaskRunner;
import dev.stockroom.ui.UiFixture;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DashboardViewModelTest {
    static UiFixture shop;

    @BeforeAll
    static void shop() {
        shop = UiFixture.create("dash_vm");
    }

    @AfterAll
    static void close() {
        shop.close();
    }

    private DashboardViewModel loaded(LiveState live) {
        DashboardViewModel m = new DashboardViewModel(shop.services(), TaskRunner.direct(), live);
        m.refresh();
        return m;
    }

    private static DashboardRow row(DashboardViewModel m, String code) {
        return m.visibleRows().stream().filter(r -> r.level().code().equals(code)).findFirst().orElseThrow();
    }

    @Test
    void everySkuWithStockAndWhatEachChannelIsShown() {
        DashboardViewModel m = loaded(new LiveState(Runnable::run));
        assertThat(m.skuCountProperty().get()).isEqualTo(3);
        assertThat(m.channels()).extracting(c -> c.code()).containsExactly("amazon", "flipkart");
        DashboardRow tea = row(m, "TEA");
        assertThat(tea.level().onHand()).isEqualTo(20);
        assertThat(tea.level().reserved()).isEqualTo(2);
        assertThat(tea.shownOn("amazon")).isEqualTo(18);
        assertThat(tea.shownOn("flipkart")).isEqualTo(18);
        assertThat(row(m, "LID").shownOn("amazon")).as("not listed there").isNull();
        assertThat(m.heldOrdersProperty().get()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void searchFiltersAsYouTypeByCodeTitleOrBarcode() {
        DashboardViewModel m = loaded(new LiveState(Runnable::run));
        m.searchProperty().set("mug");
        assertThat(m.visibleRows()).extracting(r -> r.level().code()).containsExactly("MUG");
        m.searchProperty().set("assam");
        assertThat(m.visibleRows()).extracting(r -> r.level().code()).containsExactly("TEA");
        m.searchProperty().set(UiFixture.TEA_BARCODE);
        assertThat(m.visibleRows()).extracting(r -> r.level().code()).containsExactly("TEA");
        m.searchProperty().set("nothing like this");
        assertThat(m.visibleRows()).isEmpty();
        m.searchProperty().set("");
        assertThat(m.visibleRows()).hasSize(3);
    }

    @Test
    void lowStockIsCountedAndCanBeShownAlone() {
        DashboardViewModel m = loaded(new LiveState(Runnable::run));
        // LID: 0 available at low-stock level 2; MUG: 3 available at level 3; TEA is fine.
        assertThat(m.lowCountProperty().get()).isEqualTo(2);
        m.lowOnlyProperty().set(true);
        assertThat(m.visibleRows()).extracting(r -> r.level().code()).containsExactlyInAnyOrder("LID", "MUG");
    }

    @Test
    void oversellAttemptsStoppedTodayAreCounted() {
        DashboardViewModel m = loaded(new LiveState(Runnable::run));
        int before = m.refusalsTodayProperty().get();
        assertThat(shop.otherDesk.reserve("amazon", "AM-BIG", List.of(OrderLine.of("LID", 5)), Instant.now().plusSeconds(60)).ok())
                .isFalse();
        m.refresh();
        assertThat(m.refusalsTodayProperty().get()).isEqualTo(before + 1);
    }

    @Test
    void offlineTheScreenKeepsWhatItShowsAndReloadsOnReconnect() {
        LiveState live = new LiveState(Runnable::run);
        DashboardViewModel m = loaded(live);
        int lid = row(m, "LID").level().onHand();
        live.connectionChanged(false, "gone", Instant.now());
        shop.otherDesk.restock("LID", 4);
        m.refresh();
        assertThat(row(m, "LID").level().onHand()).as("unchanged while offline").isEqualTo(lid);
        live.connectionChanged(true, null, Instant.now());
        assertThat(row(m, "LID").level().onHand()).as("reloaded on reconnect").isEqualTo(lid + 4);
    }

    @Test
    void aChannelCellExplainsItsNumberInTheEnginesWords() {
        LiveState live = new LiveState(Runnable::run);
        DashboardViewModel m = loaded(live);
        int shown = row(m, "TEA").shownOn("flipkart");
        StringBuilder why = new StringBuilder();
        m.explain("TEA", "flipkart", why::append);
        assertThat(why.toString()).isEqualTo("flipkart: " + shown + " available; shows " + shown);
        why.setLength(0);
        live.connectionChanged(false, "cut", Instant.now());
        m.explain("TEA", "flipkart", why::append);
        assertThat(why.toString()).isEqualTo("Offline: the explanation needs the database.");
    }
}
