package dev.stockroom.ui.channels;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stockroom.app.Services;
import dev.stockroom.sync.channels.DeskSecrets;
import dev.stockroom.sync.channels.Json;
import dev.stockroom.sync.simulator.MarketplaceSimulator;
import dev.stockroom.sync.simulator.SimChannel;
import dev.stockroom.sync.simulator.SimulatorSettings;
import dev.stockroom.sync.worker.SyncOptions;
import dev.stockroom.ui.UiFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The UI fixture's shop with its two channels pointed at a running simulator: Amazon's settings
 * are saved but its credentials are left for the test to type; Flipkart's are in the desk file.
 */
final class SimulatedShop implements AutoCloseable {
    static final String AMAZON_REFRESH_TOKEN = "Atzr-test-refresh-7Q2xK9";
    static final String AMAZON_CLIENT_SECRET = "amzn-client-secret-Vb41";

    final UiFixture shop;
    final MarketplaceSimulator sim = new MarketplaceSimulator();
    final SimChannel amazon;
    final SimChannel flipkart;
    final Path secretsFile;
    final Services services;

    SimulatedShop(String login) {
        shop = UiFixture.create(login);
        try {
            secretsFile = Files.createTempDirectory("channels-ui").resolve("channel-secrets.properties");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        services = shop.services(secretsFile);
        amazon = sim.add("amazon", "amazon").secret(AMAZON_REFRESH_TOKEN);
        amazon.list("TEA", "TEA", 0).list("MUG", "MUG", 0);
        flipkart = sim.add("flipkart", "flipkart");
        flipkart.list("TEA", "TEA", "FKTEA", 0);
        settings("amazon", amazon);
        settings("flipkart", flipkart);
        DeskSecrets.at(secretsFile).save(shop.seller, "flipkart", SimulatorSettings.credentials("flipkart"));
    }

    private void settings(String channel, SimChannel ch) {
        ObjectNode s = SimulatorSettings.settings(ch);
        s.put("timeout_ms", 2000);
        s.put("breaker_open_seconds", 1);
        s.put("order_poll_seconds", 1);
        services.channels().figures().saveSettings(channel, Json.write(s));
    }

    void startSync() {
        services.channels().startSync(SyncOptions.defaults().withPollInterval(Duration.ofMillis(150)));
    }

    /** What Stockroom shows the channel for the SKU now. */
    int shown(String sku, String channel) {
        long id = shop.db.queryLong("SELECT sku_id FROM stockroom.sku WHERE seller_id = " + shop.seller + " AND code = '" + sku + "'");
        return services.channelStock().shownQuantities().getOrDefault(id, Map.of()).getOrDefault(channel, -1);
    }

    int onAmazon(String sku) {
        return amazon.listing(sku).orElseThrow().qty();
    }

    @Override
    public void close() {
        services.close();
        sim.close();
        shop.close();
    }
}
