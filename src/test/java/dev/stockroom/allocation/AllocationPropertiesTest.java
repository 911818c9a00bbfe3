package dev.stockroom.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.allocation.ReferenceAllocation.Rule;
import dev.stockroom.ledger.OrderLine;
import dev.stockroom.ledger.Outcome;
import dev.stockroom.ledger.StockKernel;
import dev.stockroom.testing.TestDatabase;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random rule sets and availabilities: the SQL engine against {@link ReferenceAllocation}, and
 * the invariants every rule set keeps. One database for all tries.
 */
class AllocationPropertiesTest {
    static final List<String> CHANNELS = List.of("amazon", "ebay", "flipkart", "meesho");
    static TestDatabase db;
    static StockKernel kernel;
    static Allocation allocation;
    static long seller;

    @BeforeContainer
    static void setUp() {
        db = TestDatabase.fresh();
        seller = db.newSeller("Properties", "prop_seller");
        kernel = db.kernel("prop_seller", seller);
        allocation = new Allocation(db.as("prop_seller", 2), seller);
        for (String channel : CHANNELS) {
            kernel.addChannel(channel, channel, null);
        }
        kernel.addSku("MUG", "Mug", List.of(), 0);
        kernel.addSku("LID", "Lid", List.of(), 0);
        kernel.addKit("SET", "Mug and two lids", List.of(OrderLine.of("MUG", 1), OrderLine.of("LID", 2)), List.of());
    }

    @AfterContainer
    static void tearDown() {
        db.close();
    }

    /** Channel-wide rules, MUG's own rules and LID's own rules (noise for MUG), by channel; absent: no rule. */
    record RuleSet(Map<String, Rule> wide, Map<String, Rule> mug, Map<String, Rule> lid) {
        List<ProposedRule> proposed() {
            List<ProposedRule> out = new ArrayList<>();
            add(out, wide, null);
            add(out, mug, "MUG");
            add(out, lid, "LID");
            return out;
        }

        private static void add(List<ProposedRule> out, Map<String, Rule> rules, String sku) {
            rules.forEach((channel, r) -> out.add(ProposedRule.set(channel, sku, change(r))));
        }

        Map<String, Rule> forMug() {
            return ReferenceAllocation.effective(CHANNELS, wide, mug);
        }

        Map<String, Rule> forLid() {
            return ReferenceAllocation.effective(CHANNELS, wide, lid);
        }
    }

    static RuleChange change(Rule r) {
        return RuleChange.none().with(Setting.RING_FENCE, r.ringFence()).with(Setting.MAX_PERCENT, r.maxPercent())
                .with(Setting.MAX_UNITS, r.maxUnits()).with(Setting.BUFFER, r.buffer()).with(Setting.PAUSED, r.paused());
    }

    @Provide
    Arbitrary<RuleSet> ruleSets() {
        Arbitrary<Rule> rule = Combinators.combine(
                Arbitraries.integers().between(0, 60).injectNull(0.5),
                Arbitraries.integers().between(0, 100).injectNull(0.6),
                Arbitraries.integers().between(0, 80).injectNull(0.7),
                Arbitraries.integers().between(0, 10).injectNull(0.6),
                Arbitraries.of(Boolean.TRUE, Boolean.FALSE).injectNull(0.8)).as(Rule::new);
        Arbitrary<Map<String, Rule>> perChannel = rule.injectNull(0.5).list().ofSize(CHANNELS.size()).map(list -> {
            Map<String, Rule> m = new LinkedHashMap<>();
            for (int i = 0; i < CHANNELS.size(); i++) {
                if (list.get(i) != null && !list.get(i).empty()) {
                    m.put(CHANNELS.get(i), list.get(i));
                }
            }
            return m;
        });
        return Combinators.combine(perChannel, perChannel, perChannel).as(RuleSet::new);
    }

    @Provide
    Arbitrary<Integer> availables() {
        return Arbitraries.integers().between(0, 150).edgeCases(c -> c.includeOnly(0, 1, 150));
    }

    private static Map<String, Integer> engine(RuleSet rules, int available) {
        return allocation.preview(rules.proposed(), "MUG", available, true).stream()
                .collect(Collectors.toMap(ChannelAllocation::channel, ChannelAllocation::quantity));
    }

    @Property(tries = 200)
    void sqlEngineAgreesWithTheReferenceModel(@ForAll("ruleSets") RuleSet rules, @ForAll("availables") int available) {
        assertThat(engine(rules, available)).isEqualTo(ReferenceAllocation.quantities(available, rules.forMug()));
    }

    @Property(tries = 200)
    void invariantsHoldForEveryRuleSet(@ForAll("ruleSets") RuleSet rules, @ForAll("availables") int available) {
        Map<String, Integer> seen = engine(rules, available);
        Map<String, Rule> effective = rules.forMug();
        long allFenced = effective.values().stream().mapToLong(Rule::keptFence).sum();
        for (String channel : CHANNELS) {
            int q = seen.get(channel);
            Rule r = effective.get(channel);
            assertThat(q).as("%s never sees more than available", channel).isBetween(0, available);
            if (r.keptFence() > 0) {
                long floor = Math.max(0, Math.min(r.keptFence(), available) - (r.buffer() == null ? 0 : r.buffer()));
                if (r.maxPercent() != null) {
                    floor = Math.min(floor, (long) available * r.maxPercent() / 100);
                }
                if (r.maxUnits() != null) {
                    floor = Math.min(floor, r.maxUnits());
                }
                assertThat((long) q).as("ring-fenced %s sees at least min(fence, available) less its own limits", channel)
                        .isGreaterThanOrEqualTo(floor);
                if (r.buffer() == null && r.maxPercent() == null && r.maxUnits() == null) {
                    assertThat((long) q).isGreaterThanOrEqualTo(Math.min(r.keptFence(), available));
                }
            } else {
                assertThat((long) q).as("%s without a ring-fence never eats into the ring-fences", channel)
                        .isLessThanOrEqualTo(Math.max(0, available - allFenced));
            }
        }
    }

    /** Saved rules, real stock, the kernel's enforcement and kits: all the same engine. */
    @Property(tries = 40)
    void savedRulesAreEnforcedByTheKernelAndKitsFollowTheirComponents(@ForAll("ruleSets") RuleSet rules,
                                                                       @ForAll("availables") int mugAvailable) {
        db.exec("DELETE FROM stockroom.allocation_rule WHERE seller_id = " + seller);
        for (ProposedRule p : rules.proposed()) {
            allocation.setRule(p.channel(), p.sku(), p.change());
        }
        int lidAvailable = 40;
        assertThat(kernel.adjust("MUG", mugAvailable, "property test").ok()).isTrue();
        assertThat(kernel.adjust("LID", lidAvailable, "property test").ok()).isTrue();

        Map<String, Integer> mug = ReferenceAllocation.quantities(mugAvailable, rules.forMug());
        Map<String, Integer> lid = ReferenceAllocation.quantities(lidAvailable, rules.forLid());
        Map<String, Integer> shown = allocation.show("MUG").stream()
                .collect(Collectors.toMap(ChannelAllocation::channel, ChannelAllocation::quantity));
        assertThat(shown).isEqualTo(mug);
        Map<String, Integer> kits = allocation.show("SET").stream()
                .collect(Collectors.toMap(ChannelAllocation::channel, ChannelAllocation::quantity));
        for (String channel : CHANNELS) {
            assertThat(kits.get(channel)).as("kits on %s", channel).isEqualTo(Math.min(mug.get(channel), lid.get(channel) / 2));
            assertThat(db.queryLong("SELECT stockroom.channel_quantity(" + seller + ", (SELECT sku_id FROM stockroom.sku WHERE code = 'MUG' AND seller_id = "
                    + seller + "), '" + channel + "')")).isEqualTo(mug.get(channel).longValue());
        }

        Instant expiry = Instant.now().plus(1, ChronoUnit.HOURS);
        for (String channel : CHANNELS) {
            int q = mug.get(channel);
            if (q < mugAvailable) {
                Outcome over = kernel.reserve(channel, "over-" + System.nanoTime(), List.of(OrderLine.of("MUG", q + 1)), expiry);
                assertThat(over.code()).as(over.message()).isEqualTo("allocation");
            }
            if (q > 0) {
                String ref = "fits-" + System.nanoTime();
                Outcome fits = kernel.reserve(channel, ref, List.of(OrderLine.of("MUG", q)), expiry);
                assertThat(fits.ok()).as(fits.message()).isTrue();
                assertThat(kernel.release(channel, ref).ok()).isTrue();
            }
        }
    }
}
