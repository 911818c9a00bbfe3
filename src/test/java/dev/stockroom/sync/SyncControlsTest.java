package dev.stockroom.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stockroom.sync.figures.SyncFigures;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The seller's sync controls and who may call the worker's functions. */
class SyncControlsTest {
    static SyncFixture f;

    @BeforeAll
    static void setUp() {
        f = new SyncFixture("ctl");
        f.channel("shop", "shopify", Map.of());
        f.sku("CUP", 5, "shop");
        f.db.member(f.seller, "ctl_staff", "staff");
    }

    @AfterAll
    static void tearDown() {
        f.close();
    }

    @Test
    void secretsCannotBeKeptInSharedChannelSettings() {
        assertThatThrownBy(() -> f.exec("SELECT stockroom.set_channel_settings(?, ?, ?::jsonb)", "shop", "{\"access_token\":\"shpat_x\"}"))
                .hasMessageContaining("\"access_token\" cannot be kept there");
        assertThatThrownBy(() -> f.exec("SELECT stockroom.set_channel_settings(?, ?, ?::jsonb)", "shop", "[1]"))
                .hasMessageContaining("must be a JSON object");
    }

    @Test
    void staffCannotClaimTheQueueAndNobodyWritesItDirectly() throws SQLException {
        DataSource staff = f.db.as("ctl_staff", 1);
        try (Connection c = staff.getConnection(); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeQuery("SELECT * FROM stockroom.sync_claim(" + f.seller + ", 'shop', 'me', now(), 10, 60)"))
                    .hasMessageContaining("permission denied");
        }
        try (Connection c = f.syncDs.getConnection(); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.execute("DELETE FROM stockroom.sync_outbox")).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> st.execute("UPDATE stockroom.listing SET last_pushed_qty = 0")).hasMessageContaining("permission denied");
        }
    }

    @Test
    void pausingAChannelQueuesZeroAndRetryNowUnparks() {
        SyncFigures figures = new SyncFigures(f.sellerDs, f.seller);
        f.db.exec("DELETE FROM stockroom.sync_outbox");
        figures.stopSelling("shop", true);
        assertThat(f.expected("shop")).containsEntry("CUP", 0);
        assertThat(f.queueDepth()).isEqualTo(1);
        f.db.exec("UPDATE stockroom.sync_outbox SET parked = true, last_error = 'refused'");
        assertThat(figures.listingProblems()).singleElement().satisfies(p -> assertThat(p.parked()).isTrue());
        assertThat(figures.retryNow("shop", null)).isEqualTo(1);
        assertThat(f.db.queryLong("SELECT count(*) FROM stockroom.sync_outbox WHERE parked")).isZero();
        figures.stopSelling("shop", false);
        assertThat(figures.channels()).singleElement().satisfies(h -> assertThat(h.waiting()).isEqualTo(1));
        assertThatThrownBy(() -> figures.holdPushes("nope", true)).hasMessage("unknown channel \"nope\"");
    }
}
