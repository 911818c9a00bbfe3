package dev.stockroom.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.demo.DemoData;
import dev.stockroom.ledger.OrderLine;
import dev.stockroom.ledger.Outcome;
import dev.stockroom.ledger.StockKernel;
import dev.stockroom.testing.TestDatabase;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/** The demo as a seller tries it: rules already there, explained, and enforced until refused. */
class DemoRulesTest {
    @Test
    void demoRulesExplainAndRefuseByName() {
        try (TestDatabase demo = TestDatabase.fresh()) {
            assertThat(demo.newSeller("Demo Seller", "demo_rules_desk")).isEqualTo(1L);
            DemoData.seed(demo.as("demo_rules_desk", 2));
            Allocation allocation = new Allocation(demo.as("demo_rules_desk", 1), 1L);
            StockKernel kernel = new StockKernel(demo.as("demo_rules_desk", 1), 1L);
            assertThat(allocation.rules()).extracting(AllocationRule::scope, AllocationRule::words).containsExactly(
                    Tuple.tuple("amazon for TEA-ASSAM-250", "ring-fence 30"),
                    Tuple.tuple("flipkart", "max 40%"),
                    Tuple.tuple("meesho", "max 50 units"),
                    Tuple.tuple("shopify", "buffer 2"));

            ChannelAllocation flipkart = allocation.show("TEA-ASSAM-250").stream()
                    .filter(a -> a.channel().equals("flipkart")).findFirst().orElseThrow();
            assertThat(flipkart.explanation()).contains("ring-fenced for amazon").contains("40% cap of");

            // Sell one at a time on flipkart until refused: the refusal names the binding rule.
            Outcome last;
            int sold = 0;
            do {
                last = kernel.sell(List.of(OrderLine.of("TEA-ASSAM-250", 1)), "flipkart", "FK-" + sold);
                sold += last.ok() ? 1 : 0;
            } while (last.ok() && sold < 1000);
            assertThat(last.code()).isEqualTo("allocation");
            assertThat(last.message()).startsWith("flipkart may take only 0 of TEA-ASSAM-250 (").contains("ring-fenced for amazon");
            ChannelAllocation amazon = allocation.show("TEA-ASSAM-250").stream().filter(a -> a.channel().equals("amazon"))
                    .findFirst().orElseThrow();
            assertThat(amazon.quantity()).isEqualTo(amazon.available()).isGreaterThanOrEqualTo(Math.min(30, amazon.available()));

        }
    }
}
