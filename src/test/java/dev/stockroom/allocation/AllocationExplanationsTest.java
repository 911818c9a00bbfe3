package dev.stockroom.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.ledger.OrderLine;
import dev.stockroom.ledger.Outcome;
import dev.stockroom.ledger.StockKernel;
import dev.stockroom.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every explanation and refusal a seller reads, for a fixed set of cases, word for word. */
class AllocationExplanationsTest {
    static TestDatabase db;
    static StockKernel kernel;
    static Allocation allocation;
    static long seller;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.fresh();
        seller = db.newSeller("Explain", "explain_seller");
        kernel = db.kernel("explain_seller", seller);
        allocation = new Allocation(db.as("explain_seller", 2), seller);
        for (String channel : List.of("amazon", "ebay", "flipkart", "meesho")) {
            kernel.addChannel(channel, channel, null);
        }
        kernel.addSku("MUG", "Mug", List.of(), 0);
        kernel.addSku("LID", "Lid", List.of(), 0);
        kernel.addSku("CUP", "Cup", List.of(), 0);
        kernel.addKit("SET", "Mug and two lids", List.of(OrderLine.of("MUG", 1), OrderLine.of("LID", 2)), List.of());
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    /** Explanation per channel for an imaginary SKU at {@code available} under only these rules. */
    private static Map<String, ChannelAllocation> whatIf(int available, ProposedRule... rules) {
        return allocation.preview(List.of(rules), null, available, true).stream()
                .collect(Collectors.toMap(ChannelAllocation::channel, a -> a));
    }

    private static ProposedRule rule(String channel, String settings) {
        return ProposedRule.set(channel, null, RuleChange.parse(settings));
    }

    @Test
    void noRulesShowsWhatIsAvailable() {
        Map<String, ChannelAllocation> a = whatIf(35);
        assertThat(a).hasSize(4);
        assertThat(a.values()).allSatisfy(c -> {
            assertThat(c.explanation()).isEqualTo("35 available; shows 35");
            assertThat(c.quantity()).isEqualTo(35);
            assertThat(c.rule()).isEqualTo("available stock");
        });
    }

    @Test
    void anotherChannelsRingFenceAndOwnCap() {
        Map<String, ChannelAllocation> a = whatIf(35, rule("amazon", "ring-fence=30"), rule("flipkart", "max-percent=40"));
        assertThat(a.get("flipkart").explanation()).isEqualTo("35 available - 30 ring-fenced for amazon = 5; 40% cap of 35 = 14; shows 5");
        assertThat(a.get("flipkart").rule()).isEqualTo("30 ring-fenced for amazon");
        assertThat(a.get("amazon").explanation()).isEqualTo("35 available; shows 35");
        assertThat(a.get("ebay").explanation()).isEqualTo("35 available - 30 ring-fenced for amazon = 5; shows 5");

        Map<String, ChannelAllocation> low = whatIf(25, rule("amazon", "ring-fence=30"), rule("flipkart", "max-percent=40"));
        assertThat(low.get("flipkart").explanation()).isEqualTo("25 available - 30 ring-fenced for amazon leaves 0; 40% cap of 25 = 10; shows 0");
        assertThat(low.get("amazon").explanation()).isEqualTo("25 available; shows 25");
    }

    @Test
    void capBindsWhenItIsTheLeast() {
        ChannelAllocation flipkart = whatIf(100, rule("amazon", "ring-fence=30"), rule("flipkart", "max-percent=40")).get("flipkart");
        assertThat(flipkart.explanation()).isEqualTo("100 available - 30 ring-fenced for amazon = 70; 40% cap of 100 = 40; shows 40");
        assertThat(flipkart.rule()).isEqualTo("40% cap of 100");
    }

    @Test
    void fractionsRoundDown() {
        ChannelAllocation flipkart = whatIf(2, rule("flipkart", "max-percent=40")).get("flipkart");
        assertThat(flipkart.explanation()).isEqualTo("2 available; 40% cap of 2 = 0 (0.8 rounded down); shows 0");
        assertThat(flipkart.rule()).isEqualTo("40% cap of 2");
        assertThat(whatIf(10, rule("flipkart", "max-percent=33")).get("flipkart").explanation())
                .isEqualTo("10 available; 33% cap of 10 = 3 (3.3 rounded down); shows 3");
    }

    @Test
    void bufferAndMaxUnits() {
        Map<String, ChannelAllocation> a = whatIf(80, rule("meesho", "max-units=50"), rule("ebay", "buffer=5"),
                rule("flipkart", "max-units=1"));
        assertThat(a.get("meesho").explanation()).isEqualTo("80 available; max 50 units; shows 50");
        assertThat(a.get("meesho").rule()).isEqualTo("max 50 units");
        assertThat(a.get("ebay").explanation()).isEqualTo("80 available - 5 buffer = 75; shows 75");
        assertThat(a.get("ebay").rule()).isEqualTo("buffer of 5");
        assertThat(a.get("flipkart").explanation()).isEqualTo("80 available; max 1 unit; shows 1");

        ChannelAllocation both = whatIf(32, rule("amazon", "ring-fence=30"), rule("ebay", "buffer=5")).get("ebay");
        assertThat(both.explanation()).isEqualTo("32 available - 30 ring-fenced for amazon - 5 buffer leaves 0; shows 0");
        assertThat(both.rule()).isEqualTo("30 ring-fenced for amazon, buffer of 5");
    }

    @Test
    void stockShortOfAllRingFences() {
        Map<String, ChannelAllocation> a = whatIf(40, rule("amazon", "ring-fence=30"), rule("flipkart", "ring-fence=15"));
        assertThat(a.get("amazon").explanation()).isEqualTo(
                "40 available - 15 ring-fenced for flipkart = 25, but its own ring-fence keeps 30 while stock is short of all ring-fences; shows 30");
        assertThat(a.get("amazon").rule()).isEqualTo("stock short of ring-fences: 15 ring-fenced for flipkart");
        assertThat(a.get("flipkart").explanation()).isEqualTo(
                "40 available - 30 ring-fenced for amazon = 10, but its own ring-fence keeps 15 while stock is short of all ring-fences; shows 15");
        assertThat(a.get("ebay").explanation()).isEqualTo(
                "40 available - 30 ring-fenced for amazon - 15 ring-fenced for flipkart leaves 0; shows 0");

        ChannelAllocation tiny = whatIf(10, rule("amazon", "ring-fence=30"), rule("flipkart", "ring-fence=15")).get("amazon");
        assertThat(tiny.explanation()).isEqualTo(
                "10 available - 15 ring-fenced for flipkart leaves 0, but its own ring-fence keeps all 10 while stock is short of all ring-fences; shows 10");

        ChannelAllocation buffered = whatIf(40, rule("amazon", "ring-fence=30, buffer=5"), rule("flipkart", "ring-fence=15")).get("amazon");
        assertThat(buffered.explanation()).isEqualTo(
                "40 available - 15 ring-fenced for flipkart = 25, but its own ring-fence keeps 30 while stock is short of all ring-fences; "
                        + "30 - 5 buffer = 25; shows 25");
    }

    @Test
    void pausedChannelsShowNothingAndKeepNoRingFence() {
        Map<String, ChannelAllocation> a = whatIf(35, rule("ebay", "paused, ring-fence=10"));
        assertThat(a.get("ebay").explanation()).isEqualTo("paused; shows 0");
        assertThat(a.get("ebay").rule()).isEqualTo("paused");
        assertThat(a.get("amazon").explanation()).isEqualTo("35 available; shows 35");
        assertThat(whatIf(0, rule("amazon", "ring-fence=30")).get("flipkart").explanation()).isEqualTo("nothing available; shows 0");
    }

    @Test
    void savedRulesSkuOverridesKitsAndRefusals() {
        kernel.restock("MUG", 35);
        kernel.restock("LID", 20);
        kernel.restock("CUP", 10);
        allocation.setRule("amazon", null, RuleChange.none().buffer(5));
        allocation.setRule("amazon", "MUG", RuleChange.none().ringFence(30));
        allocation.setRule("flipkart", null, RuleChange.none().maxPercent(40));

        Map<String, ChannelAllocation> mug = byChannel(allocation.show("MUG"));
        assertThat(mug.get("amazon").explanation()).isEqualTo("35 available - 5 buffer = 30; shows 30");
        assertThat(mug.get("flipkart").explanation()).isEqualTo("35 available - 30 ring-fenced for amazon = 5; 40% cap of 35 = 14; shows 5");
        assertThat(mug.get("ebay").explanation()).isEqualTo("35 available - 30 ring-fenced for amazon = 5; shows 5");
        Map<String, ChannelAllocation> lid = byChannel(allocation.show("LID"));
        assertThat(lid.get("amazon").explanation()).isEqualTo("20 available - 5 buffer = 15; shows 15");
        assertThat(lid.get("ebay").explanation()).isEqualTo("20 available; shows 20");
        assertThat(lid.get("flipkart").explanation()).isEqualTo("20 available; 40% cap of 20 = 8; shows 8");

        Map<String, ChannelAllocation> set = byChannel(allocation.show("SET"));
        assertThat(set.get("ebay").explanation()).isEqualTo("limited by MUG: 35 available - 30 ring-fenced for amazon = 5; 5 / 1 per kit = 5 kits; shows 5");
        assertThat(set.get("flipkart").explanation()).isEqualTo("limited by LID: 20 available; 40% cap of 20 = 8; 8 / 2 per kit = 4 kits; shows 4");
        assertThat(set.get("amazon").explanation()).isEqualTo("limited by LID: 20 available - 5 buffer = 15; 15 / 2 per kit = 7 kits; shows 7");
        assertThat(set.get("amazon").available()).isEqualTo(10);

        Outcome ebay = kernel.sell(List.of(OrderLine.of("MUG", 7)), "ebay", "EB-1");
        assertThat(ebay.code()).isEqualTo("allocation");
        assertThat(ebay.message()).isEqualTo("ebay may take only 5 of MUG (30 ring-fenced for amazon); the order asks for 7");
        Outcome flipkart = kernel.reserve("flipkart", "FK-1", List.of(OrderLine.of("LID", 9)), null);
        assertThat(flipkart.message()).isEqualTo("flipkart may take only 8 of LID (40% cap of 20); the order asks for 9");
        Outcome kit = kernel.sell(List.of(OrderLine.of("SET", 5), OrderLine.of("LID", 1)), "flipkart", "FK-2");
        assertThat(kit.message()).isEqualTo("flipkart may take only 8 of LID (40% cap of 20); the order asks for 11");
        Outcome amazon = kernel.sell(List.of(OrderLine.of("CUP", 6)), "amazon", "AM-1");
        assertThat(amazon.message()).isEqualTo("amazon may take only 5 of CUP (buffer of 5); the order asks for 6");

        allocation.setRule("ebay", null, RuleChange.none().paused(true));
        Outcome paused = kernel.sell(List.of(OrderLine.of("CUP", 1)), "ebay", "EB-2");
        assertThat(paused.message()).isEqualTo("ebay may take only 0 of CUP (paused); the order asks for 1");
        allocation.setRule("ebay", "CUP", RuleChange.none().paused(false));
        assertThat(kernel.sell(List.of(OrderLine.of("CUP", 1)), "ebay", "EB-3").ok()).isTrue();

        assertThat(db.queryLong("SELECT count(*) FROM stockroom.rejection WHERE code = 'allocation' AND seller_id = " + seller)).isEqualTo(5);
        // The desk is bound only by stock: it may sell ring-fenced units.
        assertThat(kernel.sell(List.of(OrderLine.of("MUG", 35)), null, null).ok()).isTrue();
    }

    private static Map<String, ChannelAllocation> byChannel(List<ChannelAllocation> rows) {
        return rows.stream().collect(Collectors.toMap(ChannelAllocation::channel, a -> a));
    }
}
