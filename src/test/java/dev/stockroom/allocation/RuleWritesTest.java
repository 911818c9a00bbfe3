package dev.stockroom.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stockroom.ledger.KernelException;
import dev.stockroom.ledger.OrderLine;
import dev.stockroom.ledger.StockKernel;
import dev.stockroom.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rule writes: checked, recorded with who and when, re-queueing pushes, and only by the seller. */
class RuleWritesTest {
    static TestDatabase db;
    static StockKernel kernel;
    static DataSource sellerPool;
    static Allocation allocation;
    static long seller;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.fresh();
        seller = db.newSeller("Rules", "rules_seller");
        sellerPool = db.as("rules_seller", 2);
        kernel = new StockKernel(sellerPool, seller);
        allocation = new Allocation(sellerPool, seller);
        for (String channel : List.of("amazon", "flipkart", "meesho")) {
            kernel.addChannel(channel, channel, null);
        }
        kernel.addSku("MUG", "Mug", List.of(), 0);
        kernel.addSku("LID", "Lid", List.of(), 0);
        kernel.addKit("SET", "Mug and two lids", List.of(OrderLine.of("MUG", 1), OrderLine.of("LID", 2)), List.of());
        kernel.addListing("MUG", "amazon", "A-MUG");
        kernel.addListing("MUG", "flipkart", "F-MUG");
        kernel.addListing("LID", "meesho", "M-LID");
        kernel.addListing("SET", "amazon", "A-SET");
        kernel.restock("MUG", 10);
        kernel.restock("LID", 100);
        db.member(seller, "rules_staff", "staff");
        db.member(seller, "rules_sync", "sync");
        db.member(seller, "rules_auditor", "auditor");
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    @BeforeEach
    void noRulesNoQueue() {
        db.exec("DELETE FROM stockroom.allocation_rule WHERE seller_id = " + seller);
        db.exec("DELETE FROM stockroom.sync_outbox WHERE seller_id = " + seller);
    }

    /** Rules, history and queue, to show that a refused change saved nothing. */
    private static String state() {
        return db.queryLong("SELECT count(*) FROM stockroom.allocation_rule WHERE seller_id = " + seller) + "/"
                + db.queryLong("SELECT coalesce(sum(ring_fence), 0) + coalesce(sum(buffer), 0) FROM stockroom.allocation_rule WHERE seller_id = " + seller) + "/"
                + db.queryLong("SELECT count(*) FROM stockroom.allocation_rule_change WHERE seller_id = " + seller) + "/"
                + db.queryLong("SELECT coalesce(sum(version), 0) FROM stockroom.sync_outbox WHERE seller_id = " + seller);
    }

    private static void refused(ThrowingCallable call, String sentence) {
        String before = state();
        assertThatThrownBy(call).isInstanceOf(KernelException.class).hasMessage(sentence);
        assertThat(state()).as("nothing saved").isEqualTo(before);
    }

    /** The same through plain SQL, as psql or a script would see it. */
    private static void refusedInSql(String statement, String sentence) {
        String before = state();
        assertThatThrownBy(() -> sql(statement)).isInstanceOf(SQLException.class).hasMessageStartingWith("ERROR: " + sentence);
        assertThat(state()).as("nothing saved").isEqualTo(before);
    }

    private static void sql(String statement) throws SQLException {
        try (Connection c = sellerPool.getConnection(); Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }

    @Test
    void badRulesAreRefusedWithASentenceAndSaveNothing() {
        allocation.setRule("amazon", "MUG", RuleChange.none().ringFence(600_000_000));
        refused(() -> allocation.setRule("flipkart", null, RuleChange.none().maxPercent(140)),
                "rule for flipkart: max percent must be between 0 and 100 (got 140)");
        refused(() -> allocation.setRule("flipkart", null, RuleChange.none().maxPercent(-1)),
                "rule for flipkart: max percent must be between 0 and 100 (got -1)");
        refused(() -> allocation.setRule("amazon", null, RuleChange.none().ringFence(-3)),
                "rule for amazon: ring-fence cannot be negative (got -3)");
        refused(() -> allocation.setRule("amazon", "MUG", RuleChange.parse("buffer=2.5")),
                "rule for amazon for MUG: buffer must be a whole number (got 2.5)");
        refused(() -> allocation.setRule("amazon", null, RuleChange.parse("ring-fence=abc")),
                "rule for amazon: ring-fence must be a whole number (got \"abc\")");
        refused(() -> allocation.setRule("amazon", null, RuleChange.parse("paused=maybe")),
                "rule for amazon: paused must be true or false (got \"maybe\")");
        refused(() -> allocation.setRule("meesho", null, RuleChange.none().maxUnits(2_000_000_000)),
                "rule for meesho: max units of 2000000000 is more than a SKU can ever hold (1,000,000,000 units)");
        refused(() -> allocation.setRule("flipkart", null, RuleChange.none().ringFence(500_000_000)),
                "ring-fences for MUG would add up to 1100000000, more than a SKU can ever hold (1,000,000,000 units)");
        refused(() -> allocation.setRule("etsy", null, RuleChange.none().buffer(1)), "unknown channel \"etsy\"");
        refused(() -> allocation.setRule("desk", null, RuleChange.none().buffer(1)),
                "sales at the desk are bound only by stock: rules are for marketplace channels");
        refused(() -> allocation.setRule("amazon", "NOPE", RuleChange.none().buffer(1)), "unknown SKU \"NOPE\"");
        refused(() -> allocation.setRule("amazon", "SET", RuleChange.none().maxUnits(5)),
                "SET is a kit: each channel sees as many kits as its components allow; set the rule on its components (LID, MUG) instead");
        refused(() -> allocation.setRule("amazon", null, RuleChange.none()),
                "the rule for amazon sets nothing: give a ring-fence, max percent, max units, buffer or pause");
        refused(() -> allocation.removeRule("meesho", null), "there is no rule for meesho to remove");
        refusedInSql("SELECT stockroom.set_rule(" + seller + ", 'amazon', NULL, '{\"ringfence\": 3}')",
                "rule for amazon: unknown setting \"ringfence\"; the settings are ring_fence, max_percent, max_units, buffer and paused");
        refused(() -> allocation.preview(List.of(ProposedRule.set("amazon", null, RuleChange.none().maxPercent(101))), null, 10, false),
                "rule for amazon: max percent must be between 0 and 100 (got 101)");
        refused(() -> allocation.preview(List.of(ProposedRule.set("amazon", null, RuleChange.none().buffer(1)),
                        ProposedRule.remove("amazon", null)), null, 10, false),
                "the proposed rules name amazon twice; give one rule per channel and SKU");
    }

    @Test
    void changesAreRecordedWithWhoAndWhenAndQueuePushesForTheListingsTheyMove() {
        RuleChangeResult fence = allocation.setRule("amazon", null, RuleChange.none().ringFence(3));
        assertThat(fence.message()).isEqualTo("amazon: ring-fence 3; 4 listings queued for a push");
        assertThat(fence.warnings()).isEmpty();
        assertThat(queued()).isEqualTo("LID@meesho MUG@amazon MUG@flipkart SET@amazon");

        db.exec("DELETE FROM stockroom.sync_outbox WHERE seller_id = " + seller);
        RuleChangeResult buffer = allocation.setRule("amazon", null, RuleChange.none().buffer(5));
        assertThat(buffer.message()).isEqualTo("amazon: ring-fence 3, buffer 5 (was: ring-fence 3); 2 listings queued for a push");
        assertThat(queued()).as("a buffer moves only its own channel").isEqualTo("MUG@amazon SET@amazon");

        db.exec("DELETE FROM stockroom.sync_outbox WHERE seller_id = " + seller);
        allocation.setRule("flipkart", "MUG", RuleChange.none().maxUnits(4));
        assertThat(queued()).isEqualTo("MUG@flipkart");

        db.exec("DELETE FROM stockroom.sync_outbox WHERE seller_id = " + seller);
        allocation.setRule("meesho", "MUG", RuleChange.none().ringFence(2));
        assertThat(queued()).as("a SKU's ring-fence moves that SKU and its kits on every channel")
                .isEqualTo("MUG@amazon MUG@flipkart SET@amazon");

        RuleChangeResult cleared = allocation.setRule("amazon", null, RuleChange.none().clear(Setting.RING_FENCE).clear(Setting.BUFFER));
        assertThat(cleared.rule()).isEqualTo("no rule");
        assertThat(allocation.rules()).extracting(AllocationRule::scope).containsExactly("flipkart for MUG", "meesho for MUG");
        assertThat(allocation.rules().get(0).updatedBy()).isEqualTo("rules_seller");

        List<RuleHistoryEntry> history = allocation.history(5);
        assertThat(history).extracting(h -> h.action() + " " + h.channel() + (h.sku() == null ? "" : "/" + h.sku())
                        + ": " + h.before() + " -> " + h.after() + " by " + h.changedBy())
                .containsExactly(
                        "remove amazon: ring-fence 3, buffer 5 -> null by rules_seller",
                        "set meesho/MUG: null -> ring-fence 2 by rules_seller",
                        "set flipkart/MUG: null -> max 4 units by rules_seller",
                        "set amazon: ring-fence 3 -> ring-fence 3, buffer 5 by rules_seller",
                        "set amazon: null -> ring-fence 3 by rules_seller");
        assertThat(history.get(0).changedAt()).isAfterOrEqualTo(history.get(4).changedAt());
        assertThatThrownBy(() -> db.exec("UPDATE stockroom.allocation_rule_change SET changed_by = 'x'"))
                .hasMessageContaining("append-only");
    }

    @Test
    void warningsSayWhatTheSellerShouldKnow() {
        RuleChangeResult fence = allocation.setRule("amazon", "MUG", RuleChange.none().ringFence(30).maxUnits(10));
        assertThat(fence.warnings()).containsExactly(
                "ring-fences add up to more than is available now for 1 SKU (MUG: 30 ring-fenced, 10 available): while stock is short, "
                        + "the ring-fenced channels share it first come, first served, and other channels see 0",
                "amazon for MUG keeps a ring-fence of 30 but may show at most 10: the other 20 fenced units can be sold only at the desk");
        RuleChangeResult paused = allocation.setRule("flipkart", null, RuleChange.none().paused(true).ringFence(1).maxPercent(50));
        assertThat(paused.warnings()).containsExactly(
                "ring-fences add up to more than is available now for 1 SKU (MUG: 30 ring-fenced, 10 available): while stock is short, "
                        + "the ring-fenced channels share it first come, first served, and other channels see 0",
                "flipkart is paused: it shows 0, and its ring-fence of 1 is not kept while it is paused",
                "flipkart has a ring-fence of 1 and a 50% cap: when the cap is below the ring-fence, fenced units it may not show can be sold only at the desk");
        assertThat(db.queryLong("SELECT count(*) FROM stockroom.allocation_rule_change WHERE warnings LIKE '%paused%' AND seller_id = " + seller))
                .isEqualTo(1);
        assertThat(allocation.warnings(List.of(ProposedRule.remove("amazon", "MUG"), ProposedRule.remove("flipkart", null)))).isEmpty();
    }

    @Test
    void everyRoleReadsButOnlyTheSellerWrites() {
        allocation.setRule("amazon", null, RuleChange.none().ringFence(3));
        for (String login : List.of("rules_staff", "rules_sync", "rules_auditor")) {
            Allocation as = new Allocation(db.as(login, 1), seller);
            assertThat(as.show("MUG")).hasSize(3);
            assertThat(as.rules()).hasSize(1);
            assertThatThrownBy(() -> as.setRule("amazon", null, RuleChange.none().buffer(1)))
                    .isInstanceOf(KernelException.class)
                    .hasMessage("this login may not change allocation rules: only a seller login may")
                    .matches(e -> ((KernelException) e).notPermitted());
            assertThatThrownBy(() -> as.removeRule("amazon", null)).isInstanceOf(KernelException.class);
        }
        db.newSeller("Someone else", "rules_stranger");
        Allocation stranger = new Allocation(db.as("rules_stranger", 1), seller);
        assertThatThrownBy(() -> stranger.show("MUG")).hasMessage("login \"rules_stranger\" is not a member of seller " + seller);
        assertThatThrownBy(() -> sql("INSERT INTO stockroom.allocation_rule (seller_id, channel, ring_fence, updated_by, updated_at) "
                + "VALUES (" + seller + ", 'amazon', 5, 'me', now())")).hasMessageContaining("permission denied");
        assertThat(allocation.rules()).singleElement().extracting(AllocationRule::words).isEqualTo("ring-fence 3");
    }

    @Test
    void aPreviewShowsExactlyWhatSavingWouldDo() {
        allocation.setRule("amazon", null, RuleChange.none().ringFence(3).buffer(1));
        allocation.setRule("flipkart", "MUG", RuleChange.none().maxUnits(4));
        List<ProposedRule> proposed = List.of(
                ProposedRule.set("amazon", null, RuleChange.none().buffer(2)),
                ProposedRule.set("meesho", "LID", RuleChange.parse("max-percent=40")),
                ProposedRule.remove("flipkart", "MUG"));
        String before = state();
        List<ChannelAllocation> preview = allocation.preview(proposed, null, null, false);
        assertThat(state()).as("a preview saves nothing").isEqualTo(before);

        allocation.setRule("amazon", null, RuleChange.none().buffer(2));
        allocation.setRule("meesho", "LID", RuleChange.parse("max-percent=40"));
        allocation.removeRule("flipkart", "MUG");
        assertThat(allocation.showAll()).isEqualTo(preview);
        assertThat(allocation.show("MUG")).filteredOn(a -> a.channel().equals("amazon")).singleElement()
                .extracting(ChannelAllocation::explanation).isEqualTo("10 available - 2 buffer = 8; shows 8");
    }

    private static String queued() {
        try (Connection c = db.admin().getConnection(); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT string_agg(s.code || '@' || o.channel, ' ' ORDER BY s.code, o.channel) "
                     + "FROM stockroom.sync_outbox o JOIN stockroom.sku s USING (seller_id, sku_id) WHERE o.seller_id = " + seller)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
