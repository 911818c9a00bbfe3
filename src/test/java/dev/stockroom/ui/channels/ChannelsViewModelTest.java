package dev.stockroom.ui.channels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.sync.figures.SyncFigures;
import dev.stockroom.ui.LiveState;
import dev.stockroom.ui.TaskRunner;
import dev.stockroom.ui.UiFixture;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import javafx.beans.value.ObservableValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Channels and sync screen's logic against a real database, a real sync worker and the real
 * simulator: credentials typed in and never readable again, a channel going down and coming
 * back, a listing the channel refuses, and the hold and pause controls. The tests run in order:
 * the first connects Amazon, the rest use it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChannelsViewModelTest {
    static SimulatedShop s;

    @BeforeAll
    static void shop() {
        s = new SimulatedShop("channels_vm");
        s.startSync();
    }

    @AfterAll
    static void close() {
        s.close();
    }

    private static ChannelsViewModel model(LiveState live) {
        ChannelsViewModel m = new ChannelsViewModel(s.services, TaskRunner.direct(), live);
        m.refresh();
        return m;
    }

    private static ChannelsViewModel model() {
        return model(new LiveState(Runnable::run));
    }

    private static ChannelRow row(ChannelsViewModel m, String code) {
        return m.rows().stream().filter(r -> r.code().equals(code)).findFirst().orElseThrow();
    }

    private static void select(ChannelsViewModel m, String code) {
        m.selectedProperty().set(row(m, code));
    }

    private static void until(ChannelsViewModel m, String what, java.util.function.BooleanSupplier condition) {
        UiFixture.await(what, Duration.ofSeconds(30), () -> {
            m.refresh();
            return condition.getAsBoolean();
        });
    }

    private static void field(ChannelsViewModel m, String key, String value) {
        m.fields().stream().filter(f -> f.field().key().equals(key)).findFirst().orElseThrow().valueProperty().set(value);
    }

    @Test
    @Order(1)
    void credentialsTypedInAreSavedOnTheDeskMaskedAndNeverReadableAgain() throws Exception {
        ChannelsViewModel m = model();
        assertThat(m.workerStateProperty().get()).isEqualTo("Sync runs on this desk.");
        select(m, "amazon");
        assertThat(m.savedCredentials().get()).isEqualTo("No credentials for amazon on this desk.");
        UiFixture.await("amazon to stop for want of credentials", Duration.ofSeconds(30), () -> {
            m.refresh();
            return m.problems().stream().anyMatch(p -> p.channel().equals("amazon") && p.parked());
        });

        m.editSelected();
        assertThat(m.newKindProperty().get()).isEqualTo("amazon");
        assertThat(m.formProblemProperty().get()).isEqualTo("LWA refresh token is needed to connect Amazon.");
        field(m, "refresh_token", SimulatedShop.AMAZON_REFRESH_TOKEN);
        field(m, "client_id", "amzn1.application-oa2-client.test");
        field(m, "client_secret", SimulatedShop.AMAZON_CLIENT_SECRET);
        assertThat(m.formProblemProperty().get()).isEmpty();
        m.connect();
        assertThat(m.messageOkProperty().get()).as(m.messageProperty().get()).isTrue();
        assertThat(m.messageProperty().get())
                .isEqualTo("Channel amazon updated; credentials saved on this desk only (client_id, client_secret, refresh_token).");

        // Nothing the model holds (properties, lists, form fields) still has a secret in it.
        assertThat(everyTextIn(m)).noneMatch(t -> t.contains(SimulatedShop.AMAZON_REFRESH_TOKEN) || t.contains(SimulatedShop.AMAZON_CLIENT_SECRET));
        select(m, "amazon");
        assertThat(m.savedCredentials().get()).startsWith("Saved on this desk: client_id \u2022\u2022\u2022\u2022")
                .doesNotContain(SimulatedShop.AMAZON_REFRESH_TOKEN);
        // The secrets are in the desk's own file, readable by this user alone, and not in the shared database.
        String file = Files.readString(s.secretsFile);
        assertThat(file).contains(s.shop.seller + ".amazon.refresh_token=" + SimulatedShop.AMAZON_REFRESH_TOKEN);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(s.secretsFile))).isEqualTo("rw-------");
        assertThat(s.services.channels().figures().settings("amazon")).contains("merchant_id").doesNotContain(SimulatedShop.AMAZON_REFRESH_TOKEN);

        // Retry now: the worker uses the new credentials at once.
        m.retryChannel();
        assertThat(m.messageProperty().get()).startsWith("Retrying").endsWith("on amazon now.");
        // The simulated Amazon shows a quantity as soon as it takes the call, a moment before the worker
        // records the push: wait for the record too, or the figures refreshed in between read none.
        until(m, "amazon to show what Stockroom allocates, pushes recorded", () -> s.onAmazon("TEA") == s.shown("TEA", "amazon")
                && s.onAmazon("MUG") == s.shown("MUG", "amazon") && row(m, "amazon").health().parked() == 0
                && row(m, "amazon").health().pushesLastMinute() > 0);
        assertThat(m.attempts()).anySatisfy(a -> assertThat(a.outcome()).isEqualTo("pushed"));
    }

    @Test
    @Order(2)
    void aChannelTakenDownShowsErrorsAndRetryBringsItBack() throws Exception {
        ChannelsViewModel m = model();
        until(m, "amazon in sync", () -> row(m, "amazon").health().waiting() == 0 && row(m, "amazon").health().parked() == 0);
        s.amazon.goDown();
        s.shop.otherDesk.restock("TEA", 3);
        until(m, "the failure to show", () -> row(m, "amazon").health().failuresLastMinute() > 0
                && m.problems().stream().anyMatch(p -> p.sku().equals("TEA") && p.channel().equals("amazon") && !p.parked()));
        ChannelRow down = row(m, "amazon");
        assertThat(down.troubled()).isTrue();
        assertThat(down.health().waiting()).isPositive();
        assertThat(down.health().lastError()).isNotBlank();
        assertThat(m.attempts()).anySatisfy(a -> assertThat(a.outcome()).isEqualTo("retry"));
        assertThat(m.failuresLastMinuteProperty().get()).isPositive();

        s.amazon.comeBack();
        select(m, "amazon");
        m.retryChannel();
        assertThat(m.messageOkProperty().get()).as(m.messageProperty().get()).isTrue();
        until(m, "amazon to catch up", () -> s.onAmazon("TEA") == s.shown("TEA", "amazon")
                && row(m, "amazon").health().waiting() == 0 && m.problems().stream().noneMatch(p -> p.channel().equals("amazon")));
    }

    @Test
    @Order(3)
    void aListingTheChannelRefusesStopsWithTheChannelsWordsUntilRetried() {
        ChannelsViewModel m = model();
        s.sim.refuseOnAmazon("amazon", "MUG");
        s.shop.otherDesk.restock("MUG", 2);
        until(m, "MUG to stop on amazon", () -> m.problems().stream().anyMatch(p -> p.sku().equals("MUG") && p.parked()));
        SyncFigures.ListingProblem mug = m.problems().stream().filter(p -> p.sku().equals("MUG")).findFirst().orElseThrow();
        assertThat(mug.error()).contains("'fulfillment_availability' is not valid for this product type.");
        assertThat(m.parkedProperty().get()).isEqualTo(1);

        m.retryListing();
        assertThat(m.messageProperty().get()).isEqualTo("Select a listing among the errors first, then retry it.");
        s.sim.acceptOnAmazon("amazon", "MUG");
        m.selectedProblemProperty().set(mug);
        m.retryListing();
        assertThat(m.messageProperty().get()).isEqualTo("Retrying MUG on amazon now.");
        until(m, "MUG to go through", () -> m.problems().isEmpty() && s.onAmazon("MUG") == s.shown("MUG", "amazon"));
        assertThat(m.selectedProblemProperty().get()).as("a listing no longer in trouble is no longer selected").isNull();
    }

    @Test
    @Order(4)
    void holdPushesAndPauseSellingAreSaidAndShown() {
        ChannelsViewModel m = model();
        select(m, "flipkart");
        assertThat(m.holdLabel().get()).isEqualTo("Hold pushes");
        m.toggleHold();
        assertThat(m.messageProperty().get()).startsWith("Pushes to flipkart are held");
        assertThat(row(m, "flipkart").state()).isEqualTo("Selling · pushes held");
        assertThat(m.holdLabel().get()).isEqualTo("Resume pushes");
        m.toggleSelling();
        assertThat(m.messageProperty().get()).isEqualTo("Selling on flipkart is paused: it is shown 0 for every SKU.");
        assertThat(s.shown("TEA", "flipkart")).isZero();
        assertThat(row(m, "flipkart").state()).isEqualTo("Selling paused · pushes held");
        assertThat(m.sellingLabel().get()).isEqualTo("Resume selling");
        m.toggleSelling();
        m.toggleHold();
        assertThat(row(m, "flipkart").state()).isEqualTo("Selling · pushing");
        until(m, "flipkart to catch up", () -> s.flipkart.listing("TEA").orElseThrow().qty() == s.shown("TEA", "flipkart"));
    }

    @Test
    @Order(5)
    void theConnectFormSaysWhatIsWrongAsItIsTypedAndABadFormSavesNothing() {
        ChannelsViewModel m = model();
        assertThat(m.formProblemProperty().get()).isEqualTo("Type a short code for the channel, e.g. amazon-in.");
        m.newCodeProperty().set("my shop");
        assertThat(m.formProblemProperty().get()).startsWith("A channel code is 1 to 64 letters");
        m.newCodeProperty().set("shop.in");
        assertThat(m.formProblemProperty().get()).contains("no spaces or dots");
        m.newCodeProperty().set("desk");
        assertThat(m.formProblemProperty().get()).startsWith("\"desk\" is kept for sales");
        m.newCodeProperty().set("amazon");
        m.newKindProperty().set("shopify");
        assertThat(m.formProblemProperty().get()).isEqualTo("Channel amazon is a amazon channel; give Shopify a code of its own.");
        m.newCodeProperty().set("woo");
        m.newKindProperty().set("woocommerce");
        assertThat(m.fields()).extracting(f -> f.field().key()).containsExactly("store_url", "consumer_key", "consumer_secret", "base_url");
        assertThat(m.formProblemProperty().get()).isEqualTo("Store address is needed to connect WooCommerce.");
        field(m, "store_url", "shop.example.com");
        assertThat(m.formProblemProperty().get()).isEqualTo("Store address must be a web address starting with https://.");
        field(m, "store_url", "https://shop.example.com");
        field(m, "consumer_key", "ck_1");
        assertThat(m.formProblemProperty().get()).isEqualTo("Consumer secret is needed to connect WooCommerce.");
        int channels = m.rows().size();
        m.connect();
        assertThat(m.messageProperty().get()).isEqualTo("Consumer secret is needed to connect WooCommerce. Nothing saved.");
        m.refresh();
        assertThat(m.rows()).hasSize(channels);

        field(m, "consumer_secret", "cs_woo_secret_91");
        m.newNameProperty().set("Our web shop");
        m.connect();
        assertThat(m.messageProperty().get()).isEqualTo("Channel woo connected; credentials saved on this desk only (consumer_key, consumer_secret).");
        assertThat(row(m, "woo").health().name()).isEqualTo("Our web shop");
        assertThat(m.newCodeProperty().get()).as("the form is cleared").isEmpty();
        assertThat(m.fields()).isEmpty();
    }

    @Test
    @Order(6)
    void offlineControlsAreRefusedAndTheScreenStaysReadable() {
        LiveState live = new LiveState(Runnable::run);
        ChannelsViewModel m = model(live);
        select(m, "flipkart");
        live.connectionChanged(false, "gone", Instant.now());
        m.toggleHold();
        assertThat(m.messageProperty().get()).startsWith("Not saved: the database is offline");
        assertThat(row(m, "flipkart").health().syncPaused()).isFalse();
        assertThat(m.rows()).isNotEmpty();
    }

    /** Every text the model can be asked for, form fields and list items included. */
    private static List<String> everyTextIn(ChannelsViewModel m) throws IllegalAccessException {
        List<String> out = new ArrayList<>();
        for (Field f : ChannelsViewModel.class.getDeclaredFields()) {
            f.setAccessible(true);
            Object v = f.get(m);
            if (v instanceof ObservableValue<?> o && o.getValue() != null) {
                out.add(o.getValue().toString());
            }
            if (v instanceof Collection<?> c) {
                for (Object item : c) {
                    out.add(String.valueOf(item));
                    if (item instanceof FormField ff) {
                        out.add(ff.valueProperty().get());
                    }
                }
            }
            if (v instanceof Map<?, ?> map) {
                out.add(map.toString());
            }
        }
        return out;
    }
}
