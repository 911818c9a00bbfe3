package dev.stockroom.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.sync.simulator.MarketplaceSimulator;
import dev.stockroom.sync.simulator.RecordedRequest;
import dev.stockroom.sync.simulator.SimChannel;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * eBay: two-hour user tokens refreshed from the desk's refresh token (Basic auth with the app's
 * keys), a token eBay stops taking refreshed and the push sent again, refused keys parking the
 * listing with a sentence; and the 250-revisions-a-day cap (lowered here to 3) holding a listing
 * with a clear message until its oldest revision is a day old, without holding the others.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EbayTokensAndRevisionsTest {
    static final String TOKEN = "/identity/v1/oauth2/token";
    static final String BULK = "/sell/inventory/v1/bulk_update_price_quantity";
    static SyncFixture f;

    @BeforeAll
    static void setUp() {
        f = new SyncFixture("ebayt");
        f.channel("bay", "ebay", Map.of("rate_per_second", 10));
        f.channel("capd", "ebay", Map.of("rate_per_second", 10, "revisions_per_day", 3));
        for (int i = 1; i <= 3; i++) {
            f.sku("E-" + i, 10 * i, "bay");
        }
        f.sku("R-1", 7, "capd");
        f.sku("R-2", 9, "capd");
        f.worker(SyncFixture.fastOptions("ebay-1"));
        SyncFixture.await("first sync", Duration.ofSeconds(30), f::converged);
    }

    @AfterAll
    static void tearDown() {
        f.close();
    }

    static List<RecordedRequest> calls(SimChannel ch, String path) {
        return ch.requests(r -> r.method().equals("POST") && r.path().equals(path));
    }

    static Map<String, String> form(String body) {
        Map<String, String> out = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    static String lastError(String channel, String sku) {
        return f.queryText("SELECT o.last_error FROM stockroom.sync_outbox o JOIN stockroom.sku s USING (seller_id, sku_id) "
                + "WHERE o.channel = '" + channel + "' AND s.code = '" + sku + "' AND o.seller_id = " + f.seller);
    }

    @Test
    @Order(1)
    void aRefreshTokenBuysTwoHourTokensInEbaysShape() {
        SimChannel bay = f.sim.channel("bay");
        List<RecordedRequest> tokens = calls(bay, TOKEN);
        assertThat(tokens).as("one token for the first sync").hasSize(1);
        RecordedRequest t = tokens.get(0);
        assertThat(t.header("Authorization")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("Stockroo-sim-PRD-0123456789:PRD-sim-cert-id".getBytes(StandardCharsets.UTF_8)));
        assertThat(t.header("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(form(t.body())).isEqualTo(Map.of("grant_type", "refresh_token", "refresh_token", MarketplaceSimulator.SECRET,
                "scope", "https://api.ebay.com/oauth/api_scope/sell.inventory"));
        String issued = AmazonFeedTest.json(t.answer()).path("access_token").asText();
        assertThat(AmazonFeedTest.json(t.answer()).path("expires_in").asInt()).isEqualTo(7200);
        assertThat(calls(bay, BULK)).isNotEmpty().allMatch(r -> ("Bearer " + issued).equals(r.header("Authorization")));

        // Two hours on: the token is refreshed before it runs out, so eBay never refuses one.
        f.clock.advance(Duration.ofHours(2));
        f.kernel.restock("E-1", 1);
        SyncFixture.await("E-1 pushed with a new token", Duration.ofSeconds(30), f::converged);
        assertThat(calls(bay, TOKEN)).hasSize(2);
        assertThat(bay.requests(r -> r.status() == 401)).isEmpty();
    }

    @Test
    @Order(2)
    void aTokenEbayStopsTakingIsRefreshedAndThePushSentAgain() {
        SimChannel bay = f.sim.channel("bay");
        int tokensBefore = calls(bay, TOKEN).size();
        f.sim.expireEbayTokens("bay");
        f.kernel.restock("E-2", 3);
        SyncFixture.await("E-2 pushed after a refresh", Duration.ofSeconds(30), f::converged);
        List<RecordedRequest> refused = bay.requests(r -> r.status() == 401);
        assertThat(refused).hasSize(1);
        assertThat(refused.get(0).path()).isEqualTo(BULK);
        assertThat(refused.get(0).answer()).contains("Invalid access token");
        assertThat(calls(bay, TOKEN)).hasSize(tokensBefore + 1);
        assertThat(f.db.queryLong("SELECT count(*) FROM stockroom.sync_attempt WHERE outcome <> 'pushed' AND channel = 'bay' AND seller_id = "
                + f.seller)).as("the expired token cost no failed attempt").isZero();
    }

    @Test
    @Order(3)
    void refusedKeysParkTheListingWithASentenceUntilTheyAreFixed() {
        SimChannel bay = f.sim.channel("bay");
        bay.secret("a-refresh-token-revoked-by-the-seller");
        f.sim.expireEbayTokens("bay");
        f.kernel.restock("E-3", 2);
        SyncFixture.await("E-3 parked", Duration.ofSeconds(30), () -> f.db.queryLong(
                "SELECT count(*) FROM stockroom.sync_outbox WHERE parked AND channel = 'bay' AND seller_id = " + f.seller) == 1);
        assertThat(lastError("bay", "E-3")).isEqualTo("eBay refused this desk's refresh token or app keys for bay (HTTP 400); enter them again");
        assertThat(lastError("bay", "E-3")).doesNotContain(MarketplaceSimulator.SECRET).doesNotContain("PRD-sim-cert-id");

        bay.secret(MarketplaceSimulator.SECRET);
        f.exec("SELECT stockroom.sync_retry_now(?, ?)", "bay");
        SyncFixture.await("E-3 pushed once the keys work", Duration.ofSeconds(30), f::converged);
    }

    @Test
    @Order(4)
    void aListingAtTheDailyRevisionCapWaitsWithAClearMessageUntilItFrees() {
        SimChannel capd = f.sim.channel("capd");
        // The first sync was revision 1 of R-1; two more changes make 3, the cap set on this channel.
        for (int i = 0; i < 2; i++) {
            f.kernel.restock("R-1", 1);
            SyncFixture.await("R-1 pushed", Duration.ofSeconds(30), () -> f.converged("capd"));
        }
        assertThat(capd.listing("R-1").orElseThrow().sets()).isEqualTo(3);

        f.kernel.restock("R-1", 1);
        f.kernel.restock("R-2", 1);
        SyncFixture.await("R-1 waits for the cap", Duration.ofSeconds(30), () -> lastError("capd", "R-1") != null);
        SyncFixture.await("R-2 is pushed meanwhile", Duration.ofSeconds(30),
                () -> capd.quantitiesBySku().get("R-2").equals(f.expected("capd").get("R-2")));
        assertThat(lastError("capd", "R-1")).startsWith("capd lets a listing be revised at most 3 times a day; R-1 had 3 in the last 24 hours. "
                + "Its quantity goes again at ");
        assertThat(f.db.queryLong("SELECT count(*) FROM stockroom.sync_outbox o JOIN stockroom.sku s USING (seller_id, sku_id) "
                + "WHERE o.channel = 'capd' AND s.code = 'R-1' AND NOT o.parked AND o.seller_id = " + f.seller
                + " AND o.due_at = (SELECT min(a.attempted_at) + interval '24 hours' FROM stockroom.sync_attempt a "
                + "WHERE a.seller_id = o.seller_id AND a.channel = o.channel AND a.sku_id = o.sku_id AND a.outcome = 'pushed')")).as("waits exactly until its first revision is a day old").isEqualTo(1);
        assertThat(capd.listing("R-1").orElseThrow().sets()).as("no fourth revision").isEqualTo(3);
        assertThat(capd.quantitiesBySku().get("R-1")).isEqualTo(f.expected("capd").get("R-1") - 1);

        f.clock.advance(Duration.ofHours(24).plusMinutes(1));
        SyncFixture.await("R-1 goes once a day has passed", Duration.ofSeconds(30), () -> f.converged("capd"));
        assertThat(capd.listing("R-1").orElseThrow().sets()).isEqualTo(4);
        assertThat(lastError("capd", "R-1")).isNull();
    }
}
