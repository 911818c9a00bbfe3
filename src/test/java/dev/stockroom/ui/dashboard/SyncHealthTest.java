package dev.stockroom.ui.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.sync.figures.SyncFigures;
import dev.stockroom.ui.LiveState;
import dev.stockroom.ui.TaskRunner;
import dev.stockroom.ui.UiFixture;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The dashboard's sync health per channel: queue depth and errors under each channel's header. */
class SyncHealthTest {

    @Test
    void eachChannelSaysWhetherItIsInSyncWaitingOrInTrouble() {
        try (UiFixture shop = UiFixture.create("dash_sync")) {
            DashboardViewModel m = new DashboardViewModel(shop.services(), TaskRunner.direct(), new LiveState(Runnable::run));
            m.refresh();
            // No worker runs here: the fixture's stock changes wait in the queue.
            assertThat(m.syncHealth().get("amazon").text()).endsWith(" waiting");
            assertThat(m.syncHealth().get("amazon").level()).isEqualTo("busy");
            shop.db.exec("UPDATE stockroom.sync_outbox SET parked = true, last_error = 'refused by the channel' WHERE channel = 'flipkart'");
            m.refreshSyncHealth();
            assertThat(m.syncHealth().get("flipkart").text()).isEqualTo("\u26a0 1 stopped");
            assertThat(m.syncHealth().get("flipkart").level()).isEqualTo("trouble");
            assertThat(m.syncHealth().get("flipkart").detail()).startsWith("Flipkart: 0 waiting, 1 stopped").doesNotContain("null");
        }
    }

    @Test
    void aChannelWithNothingWaitingIsInSync() {
        SyncFigures.ChannelHealth calm = new SyncFigures.ChannelHealth("ebay", "ebay", "eBay", false, false, 0, 0, Duration.ZERO, 4, 0, null, null);
        assertThat(SyncBadge.of(calm, null)).satisfies(b -> {
            assertThat(b.text()).isEqualTo("\u2713 in sync");
            assertThat(b.level()).isEqualTo("good");
        });
        assertThat(SyncBadge.of(calm, "open").text()).isEqualTo("\u26a0 failing");
        assertThat(SyncBadge.of(calm, "open").detail()).startsWith("Circuit open: ");
        SyncFigures.ChannelHealth held = new SyncFigures.ChannelHealth("ebay", "ebay", "eBay", false, true, 3, 0, Duration.ofSeconds(5), 0, 0, null, null);
        assertThat(SyncBadge.of(held, null).text()).isEqualTo("pushes held");
    }
}
