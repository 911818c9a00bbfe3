package dev.stockroom.ui.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.ledger.LedgerEntry;
import dev.stockroom.ledger.StockAt;
import dev.stockroom.ui.LiveState;
import dev.stockroom.ui.TaskRunner;
import dev.stockroom.ui.UiFixture;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LedgerViewModelTest {
    static UiFixture shop;
    static Instant between;

    @BeforeAll
    static void shop() {
        shop = UiFixture.create("ledger_vm");
        between = Instant.now().truncatedTo(ChronoUnit.MILLIS).plusMillis(1);
        UiFixture.await("the clock to pass the moment", Duration.ofSeconds(2), () -> Instant.now().isAfter(between));
        for (int i = 0; i < 230; i++) {
            shop.otherDesk.restock("LID", 1);
        }
    }

    @AfterAll
    static void close() {
        shop.close();
    }

    private LedgerViewModel model() {
        return new LedgerViewModel(shop.services(), TaskRunner.direct(), new LiveState(Runnable::run));
    }

    @Test
    void pagesByKeyNewestFirstWithoutGapsOrRepeats() {
        LedgerViewModel m = model();
        m.search();
        assertThat(m.rows()).hasSize(LedgerViewModel.PAGE);
        assertThat(m.hasMoreProperty().get()).isTrue();
        while (m.hasMoreProperty().get()) {
            m.loadMore();
        }
        assertThat(m.rows()).hasSize((int) shop.ledgerRows());
        Set<String> keys = new HashSet<>();
        for (int i = 1; i < m.rows().size(); i++) {
            LedgerEntry a = m.rows().get(i - 1);
            LedgerEntry b = m.rows().get(i);
            assertThat(a.createdAt()).isAfterOrEqualTo(b.createdAt());
        }
        m.rows().forEach(r -> keys.add(r.skuId() + ":" + r.seq()));
        assertThat(keys).hasSize(m.rows().size());
        assertThat(m.rows().get(0).sku()).isEqualTo("LID");
    }

    @Test
    void filtersBySkuKindChannelAndActor() {
        LedgerViewModel m = model();
        m.skuProperty().set("TEA");
        m.search();
        assertThat(m.rows()).extracting(LedgerEntry::sku).containsOnly("TEA");
        m.skuProperty().set("");
        m.kindProperty().set("reserve");
        m.channelProperty().set("amazon");
        m.search();
        assertThat(m.rows()).isNotEmpty().allMatch(r -> r.kind().equals("reserve") && "amazon".equals(r.channel()));
        m.kindProperty().set("all");
        m.channelProperty().set("");
        m.actorProperty().set("nobody");
        m.search();
        assertThat(m.rows()).isEmpty();
        assertThat(m.messageProperty().get()).isEqualTo("No ledger rows match these filters.");
    }

    @Test
    void aBadMomentIsSaidAsItIsTyped() {
        LedgerViewModel m = model();
        m.fromProperty().set("yesterday-ish");
        assertThat(m.filterProblem().get()).startsWith("\"yesterday-ish\" is not a moment");
        m.fromProperty().set("2026-01-02");
        m.toProperty().set("2026-01-01");
        assertThat(m.filterProblem().get()).isEqualTo("\"From\" must be before \"to\".");
        m.toProperty().set("");
        assertThat(m.filterProblem().get()).isEmpty();
    }

    @Test
    void stockAsOfAMomentIsTheBalanceThen() {
        LedgerViewModel m = model();
        m.asOfProperty().set(Moments.SHOW.withZone(ZoneId.systemDefault()).format(between) + "."
                + String.format("%03d", between.getNano() / 1_000_000));
        m.showAsOf();
        StockAt lid = m.asOfRows().stream().filter(s -> s.sku().equals("LID")).findFirst().orElseThrow();
        StockAt tea = m.asOfRows().stream().filter(s -> s.sku().equals("TEA")).findFirst().orElseThrow();
        assertThat(lid.onHand()).as("before the 230 restocks").isZero();
        assertThat(tea.onHand()).isEqualTo(20);
        assertThat(tea.reserved()).isEqualTo(2);
        m.asOfProperty().set("2999-01-01 00:00");
        m.showAsOf();
        assertThat(m.asOfMessageProperty().get()).contains("is in the future");
    }

    @Test
    void theChartFollowsOneSku() {
        LedgerViewModel m = model();
        m.chart("LID");
        assertThat(m.chartPoints()).hasSize(230);
        assertThat(m.chartPoints().get(229).onHand()).isEqualTo(230);
        m.chart("NOPE");
        assertThat(m.chartMessageProperty().get()).startsWith("No history for \"NOPE\"");
    }
}
