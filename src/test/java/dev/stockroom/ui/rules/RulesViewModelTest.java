package dev.stockroom.ui.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.allocation.Setting;
import dev.stockroom.app.Services;
import dev.stockroom.ledger.OrderLine;
import dev.stockroom.ledger.Outcome;
import dev.stockroom.ui.Debouncer;
import dev.stockroom.ui.LiveState;
import dev.stockroom.ui.TaskRunner;
import dev.stockroom.ui.UiFixture;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The rule editor's logic against the demo shop in a real database (each test leaves the saved rules as it found them). */
class RulesViewModelTest {
    static final String TEA = "TEA-ASSAM-250";
    static UiFixture shop;
    static Services services;

    @BeforeAll
    static void shop() {
        shop = UiFixture.demo("rules_vm");
        services = shop.services();
    }

    @AfterAll
    static void close() {
        shop.close();
    }

    private static RulesViewModel loaded(LiveState live) {
        RulesViewModel m = new RulesViewModel(services, TaskRunner.direct(), live, Debouncer.immediate());
        m.refresh();
        return m;
    }

    private static RulesViewModel loaded() {
        return loaded(new LiveState(Runnable::run));
    }

    private static List<String> savedRules() {
        return services.allocation().rules().stream().map(r -> r.scope() + ": " + r.words()).toList();
    }

    private static PreviewRow row(RulesViewModel m, String channel) {
        return m.preview().stream().filter(r -> r.channel().equals(channel)).findFirst().orElseThrow();
    }

    private static int available(String sku) {
        return services.allocation().show(sku).get(0).available();
    }

    /** The engine says when 40% of a SKU's available is not whole: " (23.6 rounded down)". */
    private static String rounded(int available) {
        int hundredths = available * 40;
        return hundredths % 100 == 0 ? ""
                : " (" + java.math.BigDecimal.valueOf(hundredths).movePointLeft(2).stripTrailingZeros().toPlainString() + " rounded down)";
    }

    private static void choose(RulesViewModel m, String channel, String sku) {
        m.channelProperty().set(channel);
        if (sku != null && !m.scopes().contains(new RuleScope(channel, sku))) {
            m.newOverrideProperty().set(sku);
            m.addOverride();
        }
        m.scopeProperty().set(new RuleScope(channel, sku));
    }

    @Test
    void loadsEachChannelsRuleAndItsOverrides() {
        RulesViewModel m = loaded();
        assertThat(m.channels()).containsExactly("amazon", "flipkart", "meesho", "shopify");
        m.channelProperty().set("amazon");
        assertThat(m.scopes()).containsExactly(RuleScope.channelWide("amazon"), new RuleScope("amazon", TEA));
        assertThat(m.describe(new RuleScope("amazon", TEA))).isEqualTo(TEA + ": ring-fence 30");
        m.scopeProperty().set(new RuleScope("amazon", TEA));
        assertThat(m.field(Setting.RING_FENCE).get()).isEqualTo("30");
        assertThat(m.field(Setting.BUFFER).get()).isEmpty();
        assertThat(m.pauseChoices()).containsExactly(Pause.AS_CHANNEL, Pause.PAUSED, Pause.SELLING);
        m.channelProperty().set("flipkart");
        assertThat(m.field(Setting.MAX_PERCENT).get()).isEqualTo("40");
        assertThat(m.pauseChoices()).containsExactly(Pause.AS_CHANNEL, Pause.PAUSED);
        assertThat(m.previewSkuProperty().get().code()).as("the preview starts on a SKU with its own rule").isEqualTo(TEA);
        assertThat(m.preview()).extracting(PreviewRow::channel).containsExactly("amazon", "flipkart", "meesho", "shopify");
        assertThat(m.pendingCountProperty().get()).isZero();
    }

    @Test
    void fieldsAreCheckedAsTheyAreTypedAndABadFormSavesNothing() {
        RulesViewModel m = loaded();
        List<String> before = savedRules();
        choose(m, "flipkart", null);
        m.field(Setting.MAX_PERCENT).set("140");
        assertThat(m.fieldProblem(Setting.MAX_PERCENT).get()).isEqualTo("Max percent must be between 0 and 100 (got 140).");
        m.field(Setting.MAX_PERCENT).set("4o");
        assertThat(m.fieldProblem(Setting.MAX_PERCENT).get())
                .isEqualTo("Max percent must be a whole number from 0 to 100, or empty for none (got \"4o\").");
        m.field(Setting.RING_FENCE).set("-3");
        assertThat(m.fieldProblem(Setting.RING_FENCE).get()).isEqualTo("Ring-fence cannot be negative (got -3).");
        m.field(Setting.BUFFER).set("2000000000");
        assertThat(m.fieldProblem(Setting.BUFFER).get()).isEqualTo("Buffer of 2000000000 is more than a SKU can ever hold (1,000,000,000 units).");
        assertThat(m.problemsProperty().get()).startsWith("flipkart, all SKUs: Ring-fence cannot be negative");
        m.save();
        assertThat(m.messageOkProperty().get()).isFalse();
        assertThat(m.messageProperty().get()).startsWith("Not saved: flipkart, all SKUs: Ring-fence cannot be negative").endsWith("press Esc to undo your edits.");
        assertThat(savedRules()).isEqualTo(before);

        m.field(Setting.RING_FENCE).set("");
        m.field(Setting.BUFFER).set(" 3 ");
        m.field(Setting.MAX_PERCENT).set("35");
        assertThat(m.problemsProperty().get()).isEmpty();
        assertThat(m.fieldProblem(Setting.MAX_PERCENT).get()).isEmpty();
        assertThat(m.pendingTextProperty().get()).isEqualTo("1 unsaved change: flipkart, all SKUs: max 35%, buffer 3");
        m.revert();
        assertThat(m.field(Setting.MAX_PERCENT).get()).isEqualTo("40");
        assertThat(m.field(Setting.BUFFER).get()).isEmpty();
        assertThat(m.pendingCountProperty().get()).isZero();
        assertThat(savedRules()).isEqualTo(before);
    }

    @Test
    void thePreviewShowsTheUnsavedEditsWithTheEnginesExplanationAndSavesNothing() {
        RulesViewModel m = loaded();
        List<String> before = savedRules();
        int a = available(TEA);
        assertThat(row(m, "flipkart").explanation())
                .isEqualTo(a + " available - 30 ring-fenced for amazon = " + (a - 30) + "; 40% cap of " + a + " = " + (a * 40 / 100)
                        + rounded(a) + "; shows " + Math.min(a - 30, a * 40 / 100));

        choose(m, "amazon", TEA);
        m.field(Setting.RING_FENCE).set("10");
        int flipkart = Math.min(a - 10, a * 40 / 100);
        assertThat(row(m, "flipkart").after()).isEqualTo(flipkart);
        assertThat(row(m, "flipkart").now()).isEqualTo(Math.min(a - 30, a * 40 / 100));
        assertThat(row(m, "flipkart").explanation())
                .isEqualTo(a + " available - 10 ring-fenced for amazon = " + (a - 10) + "; 40% cap of " + a + " = " + (a * 40 / 100)
                        + rounded(a) + "; shows " + flipkart);
        assertThat(m.previewNoteProperty().get()).isEqualTo(TEA + ": " + a + " available. With your unsaved edit, before saving:");

        // A fence above the channel's own max is allowed, with the engine's warning shown before saving.
        m.field(Setting.MAX_UNITS).set("4");
        assertThat(m.warnings()).anySatisfy(w -> assertThat(w)
                .isEqualTo("amazon for " + TEA + " keeps a ring-fence of 10 but may show at most 4: the other 6 fenced units can be sold only at the desk"));
        assertThat(row(m, "amazon").after()).isEqualTo(4);

        // The preview follows the SKU chosen.
        m.previewSkuProperty().set(m.skus().stream().filter(s -> s.code().equals("MUG-WHT-350")).findFirst().orElseThrow());
        assertThat(m.previewNoteProperty().get()).startsWith("MUG-WHT-350: ");
        assertThat(row(m, "amazon").changes()).as("the TEA-only edit does not move MUG").isFalse();
        assertThat(savedRules()).isEqualTo(before);
        m.revert();
    }

    @Test
    void savingAppliesTheEditsRecordsThemAndTheKernelEnforcesThem() {
        try {
            saveThenSellUntilRefused();
        } finally {
            // Put the demo back as it was.
            if (services.allocation().rules().stream().anyMatch(r -> "BIS-NAN-200".equals(r.sku()))) {
                services.allocation().removeRule("meesho", "BIS-NAN-200");
            }
            services.allocation().setRule("shopify", null, dev.stockroom.allocation.RuleChange.none().buffer(2));
        }
    }

    private void saveThenSellUntilRefused() {
        RulesViewModel m = loaded();
        choose(m, "meesho", "BIS-NAN-200");
        m.field(Setting.MAX_UNITS).set("3");
        choose(m, "shopify", null);
        m.removeRule();
        assertThat(m.pendingTextProperty().get())
                .isEqualTo("2 unsaved changes: meesho for BIS-NAN-200: max 3 units; shopify, all SKUs: remove the rule");
        assertThat(m.describe(RuleScope.channelWide("shopify"))).isEqualTo("All SKUs: no rule  (unsaved)");
        m.save();
        assertThat(m.messageOkProperty().get()).as(m.messageProperty().get()).isTrue();
        assertThat(m.messageProperty().get()).startsWith("Saved meesho for BIS-NAN-200: max 3 units; ")
                .contains("; shopify: rule removed (was: buffer 2); ");
        assertThat(m.pendingCountProperty().get()).isZero();
        assertThat(savedRules()).contains("meesho for BIS-NAN-200: max 3 units").noneMatch(r -> r.startsWith("shopify"));
        assertThat(m.history()).first().satisfies(h -> {
            assertThat(h.changedBy()).isEqualTo("rules_vm");
            assertThat(h.channel()).isEqualTo("shopify");
            assertThat(h.before()).isEqualTo("buffer 2");
        });

        // A sale beyond the new cap is refused, naming the rule; one within it goes through.
        Outcome four = services.kernel().sell(List.of(OrderLine.of("BIS-NAN-200", 4)), "meesho", "ME-VM-4");
        assertThat(four.code()).isEqualTo("allocation");
        assertThat(four.message()).isEqualTo("meesho may take only 3 of BIS-NAN-200 (max 3 units); the order asks for 4");
        assertThat(services.kernel().sell(List.of(OrderLine.of("BIS-NAN-200", 3)), "meesho", "ME-VM-3").ok()).isTrue();
    }

    @Test
    void aBadRuleIsRefusedWithTheEnginesSentenceAndNothingIsSaved() {
        RulesViewModel m = loaded();
        List<String> before = savedRules();
        int changes = services.allocation().history(1000).size();
        choose(m, "amazon", TEA);
        m.field(Setting.RING_FENCE).set("600000000");
        choose(m, "flipkart", TEA);
        m.field(Setting.RING_FENCE).set("600000000");
        assertThat(m.problemsProperty().get()).as("each field alone is fine").isEmpty();
        assertThat(m.refusalProperty().get()).isEqualTo("Saving would be refused: ring-fences for " + TEA
                + " would add up to 1200000000, more than a SKU can ever hold (1,000,000,000 units)");
        m.save();
        assertThat(m.messageOkProperty().get()).isFalse();
        assertThat(m.messageProperty().get()).isEqualTo("Not saved: ring-fences for " + TEA
                + " would add up to 1200000000, more than a SKU can ever hold (1,000,000,000 units). Nothing was changed.");
        assertThat(savedRules()).isEqualTo(before);
        assertThat(services.allocation().history(1000)).hasSize(changes);
        assertThat(m.pendingCountProperty().get()).as("the edits stay for the seller to fix").isEqualTo(2);
        m.revert();

        choose(m, "amazon", "GIFT-DUO-MUG");
        m.field(Setting.RING_FENCE).set("5");
        assertThat(m.refusalProperty().get()).startsWith("Saving would be refused: GIFT-DUO-MUG is a kit:").contains("set the rule on its components");
        m.save();
        assertThat(m.messageProperty().get()).startsWith("Not saved: GIFT-DUO-MUG is a kit:").endsWith("Nothing was changed.");
        assertThat(savedRules()).isEqualTo(before);
        m.revert();
        assertThat(m.scopes()).as("an override never saved goes with Esc").doesNotContain(new RuleScope("amazon", "GIFT-DUO-MUG"));
    }

    @Test
    void aNewSkuRuleIsCheckedAsTheCodeIsTyped() {
        RulesViewModel m = loaded();
        m.channelProperty().set("amazon");
        m.newOverrideProperty().set("NOPE-1");
        assertThat(m.newOverrideProblemProperty().get()).isEqualTo("There is no SKU \"NOPE-1\".");
        m.newOverrideProperty().set("tea-assam-250");
        assertThat(m.newOverrideProblemProperty().get()).isEqualTo(TEA + " already has its own rule on amazon: choose it in the list.");
        m.newOverrideProperty().set("mug-wht-350");
        assertThat(m.newOverrideProblemProperty().get()).isEmpty();
        m.addOverride();
        assertThat(m.scopeProperty().get()).isEqualTo(new RuleScope("amazon", "MUG-WHT-350"));
        assertThat(m.inherited(Setting.RING_FENCE).get()).isEqualTo("channel: none");
        assertThat(m.pendingCountProperty().get()).as("an empty new rule is nothing to save yet").isZero();
        m.removeRule();
        assertThat(m.scopes()).doesNotContain(new RuleScope("amazon", "MUG-WHT-350"));
    }

    @Test
    void offlineEditsAreRefusedWithAReasonAndNothingIsSaved() {
        LiveState live = new LiveState(Runnable::run);
        RulesViewModel m = loaded(live);
        List<String> before = savedRules();
        live.connectionChanged(false, "the connection was cut", Instant.now());
        choose(m, "meesho", null);
        m.field(Setting.MAX_UNITS).set("20");
        m.save();
        assertThat(m.messageOkProperty().get()).isFalse();
        assertThat(m.messageProperty().get()).isEqualTo(live.offlineRefusal());
        assertThat(m.previewNoteProperty().get()).startsWith("Offline: the preview needs the database");
        assertThat(savedRules()).isEqualTo(before);
        live.connectionChanged(true, "", null);
        try {
            m.save();
            assertThat(m.messageProperty().get()).startsWith("Saved meesho: max 20 units (was: max 50 units)");
        } finally {
            services.allocation().setRule("meesho", null, dev.stockroom.allocation.RuleChange.none().maxUnits(50));
        }
    }
}
