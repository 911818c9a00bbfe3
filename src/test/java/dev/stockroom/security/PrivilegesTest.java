package dev.stockroom.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stockroom.ledger.BatchOrder;
import dev.stockroom.ledger.KernelException;
import dev.stockroom.allocation.Allocation;
import dev.stockroom.allocation.RuleChange;
import dev.stockroom.ledger.OrderLine;
import dev.stockroom.ledger.StockKernel;
import dev.stockroom.testing.Fingerprint;
import dev.stockroom.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every role tries what it must not: rewrite the ledger, write tables directly, read or change
 * another seller's rows, call what its role may not. The database refuses each, whoever asks.
 */
class PrivilegesTest {
    static final List<String> ROLES = List.of("seller", "staff", "auditor", "sync");

    static TestDatabase db;
    static long a;
    static long b;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.fresh();
        a = db.newSeller("Shop A", "priv_a_seller");
        b = db.newSeller("Shop B", "priv_b_seller");
        db.member(a, "priv_a_staff", "staff");
        db.member(a, "priv_a_auditor", "auditor");
        db.member(a, "priv_a_sync", "sync");
        fill(db.kernel("priv_a_seller", a), "A");
        fill(db.kernel("priv_b_seller", b), "B");
        // through the rule function, so allocation_rule and its change history both hold rows of B
        new Allocation(db.as("priv_b_seller", 1), b).setRule("web", null, RuleChange.none().ringFence(2));
    }

    /** A little of everything, so every table holds rows of this seller. */
    private static void fill(StockKernel k, String tag) {
        k.addChannel("web", "shopify", "Web " + tag);
        k.addSku("MUG", "Mug " + tag, List.of("bc-" + tag), 1);
        k.addSku("LID", "Lid " + tag, List.of(), 0);
        k.addKit("SET", "Set " + tag, List.of(OrderLine.of("MUG", 1), OrderLine.of("LID", 1)), List.of());
        k.addListing("MUG", "web", "ext-" + tag);
        k.addListing("SET", "web", "ext-set-" + tag);
        k.restock("MUG", 20);
        k.restock("LID", 20);
        k.reserve("web", "order-" + tag, List.of(OrderLine.of("SET", 2)), Instant.now().plusSeconds(3600));
        k.sell(List.of(OrderLine.of("MUG", 1)), null, null);
        k.sell(List.of(OrderLine.of("MUG", 1000)), null, null);  // refused: leaves a rejection row
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    static Stream<String> roles() {
        return ROLES.stream();
    }

    private static String login(String role) {
        return "priv_a_" + role;
    }

    // --------------------------------------------------------- writing directly

    @ParameterizedTest(name = "{0}")
    @MethodSource("roles")
    void noRoleRewritesTheLedgerOrWritesAnyTableDirectly(String role) {
        long sku = db.queryLong("SELECT min(sku_id) FROM stockroom.sku WHERE seller_id = " + a);
        List<String> attempts = List.of(
                "UPDATE stockroom.ledger SET on_hand_after = 999",
                "UPDATE stockroom.ledger SET on_hand_delta = 999 WHERE seller_id = " + a,
                "DELETE FROM stockroom.ledger",
                "DELETE FROM stockroom.ledger WHERE seller_id = " + a,
                "TRUNCATE stockroom.ledger",
                "INSERT INTO stockroom.ledger SELECT * FROM stockroom.ledger WHERE seller_id = " + a,
                "INSERT INTO stockroom.stock (seller_id, sku_id, on_hand, head_hash) VALUES (" + a + ", 424242, 5, '\\x00')",
                "UPDATE stockroom.stock SET on_hand = on_hand + 1000 WHERE seller_id = " + a,
                "DELETE FROM stockroom.stock WHERE seller_id = " + a,
                "TRUNCATE stockroom.stock",
                "UPDATE stockroom.movement SET message = 'x'",
                "DELETE FROM stockroom.movement",
                "INSERT INTO stockroom.movement (seller_id, movement_id, kind, request_digest, message, actor, created_at) "
                        + "VALUES (" + a + ", gen_random_uuid(), 'restock', '\\x00', 'x', 'x', now())",
                "UPDATE stockroom.reservation SET status = 'released'",
                "DELETE FROM stockroom.rejection",
                "INSERT INTO stockroom.sku (seller_id, sku_id, code, title) VALUES (" + a + ", 424242, 'X', 'X')",
                "UPDATE stockroom.sku SET is_kit = true WHERE sku_id = " + sku,
                "INSERT INTO stockroom.member (seller_id, login, role) VALUES (" + a + ", 'someone', 'seller')",
                "UPDATE stockroom.member SET role = 'seller'",
                "INSERT INTO stockroom.member (seller_id, login, role) VALUES (" + b + ", '" + login(role) + "', 'seller')",
                "UPDATE stockroom.sync_outbox SET version = 0",
                "DELETE FROM stockroom.listing",
                "UPDATE stockroom.channel SET paused = true",
                "INSERT INTO stockroom.seller (seller_id, name) VALUES (424242, 'mine')",
                "SET ROLE stockroom_owner",
                "CREATE TABLE stockroom.mine (x int)",
                "CREATE FUNCTION stockroom.mine() RETURNS int LANGUAGE sql AS 'SELECT 1'",
                "SELECT stockroom.post(" + a + ", " + sku + ", 'restock', 5, 0, 0, 0, 0, '\\x00', now(), NULL, NULL, NULL, "
                        + "gen_random_uuid(), 'me')",
                "SELECT stockroom.change_on_hand(" + a + ", gen_random_uuid(), 'restock', 'restock', 'MUG', 5, false, NULL, NULL, NULL)",
                "SELECT stockroom.take(" + a + ", gen_random_uuid(), false, NULL, NULL, ARRAY['MUG'], ARRAY[1], NULL)",
                "SELECT stockroom.finish(" + a + ", gen_random_uuid(), 'restock', '\\x00', 'x', 'me', ARRAY[1::bigint], true)",
                "SELECT stockroom.refuse(" + a + ", gen_random_uuid(), 'sale', 'MUG', NULL, NULL, 1, 'x', 'x')",
                "SELECT stockroom.create_seller('mine', '" + login(role) + "')");
        String before = fingerprint();
        DataSource ds = db.as(login(role), 1);
        for (String sql : attempts) {
            assertThat(sqlStateOf(ds, sql)).as("%s: %s", role, sql).isEqualTo("42501");
        }
        assertThat(fingerprint()).as("nothing changed").isEqualTo(before);
    }

    @Test
    void noClientRoleHoldsAWritePrivilegeOnAnyTable() {
        for (String role : ROLES) {
            List<String> writable = strings("SELECT c.relname || ': ' || p.priv FROM pg_class c "
                    + "JOIN pg_namespace n ON n.oid = c.relnamespace "
                    + "CROSS JOIN unnest(ARRAY['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) p(priv) "
                    + "WHERE n.nspname = 'stockroom' AND c.relkind IN ('r', 'p', 'v', 'm') "
                    + "AND has_table_privilege('stockroom_" + role + "', c.oid, p.priv)");
            assertThat(writable).as(role).isEmpty();
            assertThat(strings("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    + "WHERE n.nspname = 'stockroom' AND CASE WHEN c.relkind = 'S' THEN has_sequence_privilege('stockroom_" + role
                    + "', c.oid, 'UPDATE') END")).as(role + " sequences").isEmpty();
        }
    }

    @Test
    void everyDefinerFunctionPinsItsSearchPathAndIsNotOpenToPublic() {
        assertThat(strings("SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                + "WHERE n.nspname = 'stockroom' AND p.prosecdef "
                + "AND NOT coalesce(p.proconfig @> ARRAY['search_path=pg_catalog, pg_temp'], false)"))
                .as("SECURITY DEFINER functions without SET search_path = pg_catalog, pg_temp").isEmpty();
        assertThat(strings("SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                + "WHERE n.nspname = 'stockroom' AND p.prosecdef AND (p.proacl IS NULL "
                + "OR EXISTS (SELECT 1 FROM aclexplode(p.proacl) x WHERE x.grantee = 0 AND x.privilege_type = 'EXECUTE'))"))
                .as("SECURITY DEFINER functions anyone may call").isEmpty();
    }

    @Test
    void everySellerTableHasForcedRowLevelSecurity() {
        assertThat(strings("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE n.nspname = 'stockroom' AND c.relkind IN ('r', 'p') "
                + "AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'seller_id' AND NOT a.attisdropped) "
                + "AND NOT (c.relrowsecurity AND c.relforcerowsecurity)")).isEmpty();
    }

    @Test
    void theSuperuserCannotRewriteTheLedgerWhileItsTriggersStand() {
        assertThat(db.queryLong("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'stockroom.ledger'::regclass AND tgenabled = 'O'"))
                .isEqualTo(2);
        String before = fingerprint();
        for (String sql : List.of(
                "UPDATE stockroom.ledger SET on_hand_after = 999",
                "DELETE FROM stockroom.ledger WHERE seller_id = " + b,
                "TRUNCATE stockroom.ledger",
                "TRUNCATE stockroom.ledger CASCADE",
                "UPDATE stockroom.movement SET message = 'rewritten'",
                "DELETE FROM stockroom.movement",
                "TRUNCATE stockroom.movement")) {
            assertThat(sqlStateOf(db.admin(), sql)).as(sql).isEqualTo("42501");
            assertThat(messageOf(db.admin(), sql)).as(sql).contains("append-only");
        }
        assertThat(fingerprint()).isEqualTo(before);
    }

    // ------------------------------------------------------ the other seller

    @ParameterizedTest(name = "{0}")
    @MethodSource("roles")
    void aLoginOfOneSellerSeesNoRowOfAnother(String role) {
        List<String> tables = strings("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE n.nspname = 'stockroom' AND c.relkind IN ('r', 'p', 'v') "
                + "AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'seller_id' AND NOT a.attisdropped) "
                + "AND has_table_privilege('stockroom_" + role + "', c.oid, 'SELECT') ORDER BY 1");
        List<String> filled = List.of("seller", "sku", "barcode", "kit_component", "stock", "movement", "ledger",
                "reservation", "rejection", "channel", "listing", "sync_outbox", "allocation_rule");
        assertThat(tables).contains("member").containsAll(filled);
        DataSource ds = db.as(login(role), 1);
        for (String table : tables) {
            if (filled.contains(table)) {
                assertThat(db.queryLong("SELECT count(*) FROM stockroom." + table + " WHERE seller_id = " + b))
                        .as("seller B has %s rows, so the test means something", table).isPositive();
            }
            assertThat(count(ds, "SELECT count(*) FROM stockroom." + table + " WHERE seller_id <> " + a))
                    .as("%s sees rows of another seller in %s", role, table).isZero();
        }
        if (!role.equals("sync")) {
            assertThat(count(ds, "SELECT count(*) FROM stockroom.ledger")).as("%s reads its own ledger", role).isPositive();
        }
        assertThat(count(ds, "SELECT count(*) FROM stockroom.member WHERE login <> session_user")).isZero();
        assertThat(count(ds, "SELECT count(*) FROM stockroom.channel_quantity(" + b + ", "
                + db.queryLong("SELECT min(sku_id) FROM stockroom.sku WHERE seller_id = " + b) + ", 'web') q WHERE q > 0"))
                .as("channel quantities of another seller read as nothing").isZero();
    }

    @Test
    void aSellerCannotCallTheKernelForAnotherSeller() {
        StockKernel intruder = new StockKernel(db.as("priv_a_seller", 2), b);
        String before = fingerprint();
        List<Consumer<StockKernel>> calls = List.of(
                k -> k.restock("MUG", 5),
                k -> k.returnStock("MUG", 1, null, null, null),
                k -> k.adjust("MUG", 0, "stolen"),
                k -> k.sell(List.of(OrderLine.of("MUG", 1)), null, null),
                k -> k.reserve("web", "evil", List.of(OrderLine.of("MUG", 1)), Instant.now().plusSeconds(60)),
                k -> k.confirm("web", "order-B"),
                k -> k.release("web", "order-B"),
                k -> k.expire(Instant.now()),
                k -> k.sellBatch("MUG", List.of(BatchOrder.of(1, null, null))),
                k -> k.addSku("EVIL", "Evil", List.of(), 0),
                k -> k.addKit("EVIL-KIT", "Evil", List.of(OrderLine.of("MUG", 1)), List.of()),
                k -> k.addChannel("evil", "webhook", "Evil"),
                k -> k.addListing("MUG", "web", "evil"),
                k -> k.addMember("priv_a_seller", "seller"));
        for (Consumer<StockKernel> call : calls) {
            assertThatThrownBy(() -> call.accept(intruder))
                    .isInstanceOfSatisfying(KernelException.class, e -> assertThat(e.notPermitted()).isTrue())
                    .hasMessageContaining("\"priv_a_seller\" is not a member of seller " + b);
        }
        assertThat(fingerprint()).isEqualTo(before);
    }

    @Test
    void eachRoleIsRefusedWhatItMayNotDo() {
        String before = fingerprint();
        Map<String, List<Consumer<StockKernel>>> forbidden = Map.of(
                "staff", List.of(
                        k -> k.sell(List.of(OrderLine.of("MUG", 1)), null, null),
                        k -> k.sellBatch("MUG", List.of(BatchOrder.of(1, null, null))),
                        k -> k.reserve("web", "s1", List.of(OrderLine.of("MUG", 1)), Instant.now().plusSeconds(60)),
                        k -> k.release("web", "order-A"),
                        k -> k.expire(Instant.now()),
                        k -> k.addSku("X1", "X", List.of(), 0),
                        k -> k.addChannel("x1", "webhook", "X"),
                        k -> k.addMember("priv_a_staff", "seller")),
                "auditor", List.of(
                        k -> k.restock("MUG", 1),
                        k -> k.returnStock("MUG", 1, null, null, null),
                        k -> k.adjust("MUG", 1, "count"),
                        k -> k.confirm("web", "order-A"),
                        k -> k.sell(List.of(OrderLine.of("MUG", 1)), null, null),
                        k -> k.addSku("X2", "X", List.of(), 0),
                        k -> k.addMember("priv_a_auditor", "seller")),
                "sync", List.of(
                        k -> k.restock("MUG", 1),
                        k -> k.returnStock("MUG", 1, null, null, null),
                        k -> k.adjust("MUG", 1, "count"),
                        k -> k.addSku("X3", "X", List.of(), 0),
                        k -> k.addListing("LID", "web", "x"),
                        k -> k.addMember("priv_a_sync", "seller")));
        forbidden.forEach((role, calls) -> {
            StockKernel k = new StockKernel(db.as(login(role), 1), a);
            for (Consumer<StockKernel> call : calls) {
                assertThatThrownBy(() -> call.accept(k)).as(role)
                        .isInstanceOfSatisfying(KernelException.class, e -> {
                            assertThat(e.notPermitted()).isTrue();
                            // the kernel's own refusal, or the database's EXECUTE check said in the desk's words
                            assertThat(e.getMessage()).containsAnyOf("may not", "is not a member");
                        });
            }
        });
        assertThat(fingerprint()).isEqualTo(before);
    }

    @Test
    void aMembershipRoleBindsEvenWhenTheLoginMayDoMoreElsewhere() {
        // a seller of shop C who is only warehouse staff at shop A: its database role may call sell, its membership may not
        long c = db.newSeller("Shop C", "priv_c_seller");
        db.member(a, "priv_c_seller", "staff");
        StockKernel k = new StockKernel(db.as("priv_c_seller", 1), a);
        String before = fingerprint();
        assertThatThrownBy(() -> k.sell(List.of(OrderLine.of("MUG", 1)), null, null))
                .isInstanceOfSatisfying(KernelException.class, e -> assertThat(e.notPermitted()).isTrue())
                .hasMessageContaining("has role staff for seller " + a + ", which may not sell");
        assertThatThrownBy(() -> k.addSku("C1", "C", List.of(), 0))
                .hasMessageContaining("which may not catalog");
        assertThat(fingerprint()).isEqualTo(before);
        assertThat(k.restock("MUG", 1).ok()).as("what staff may do still works").isTrue();
        assertThat(c).isPositive();
    }

    @Test
    void whatEachRoleMayDoItCan() {
        StockKernel staff = new StockKernel(db.as("priv_a_staff", 1), a);
        StockKernel sync = new StockKernel(db.as("priv_a_sync", 1), a);
        assertThat(staff.restock("LID", 2).ok()).isTrue();
        assertThat(staff.adjust("LID", 30, "recount").ok()).isTrue();
        String ref = "sync-" + UUID.randomUUID();
        assertThat(sync.reserve("web", ref, List.of(OrderLine.of("LID", 1)), Instant.now().plusSeconds(600)).ok()).isTrue();
        assertThat(staff.confirm("web", ref).ok()).isTrue();
        assertThat(sync.sell(List.of(OrderLine.of("LID", 1)), "web", "s-" + ref).ok()).isTrue();
    }

    // ----------------------------------------------------------------- helpers

    /** Everything a write could touch, as the superuser sees it. */
    private static String fingerprint() {
        return Fingerprint.of(db, Set.of("rejection"));
    }

    private static List<String> strings(String sql) {
        try (Connection c = db.admin().getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static long count(DataSource ds, String sql) {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static String sqlStateOf(DataSource ds, String sql) {
        return refusal(ds, sql).getSQLState();
    }

    private static String messageOf(DataSource ds, String sql) {
        return refusal(ds, sql).getMessage();
    }

    private static SQLException refusal(DataSource ds, String sql) {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            return e;
        }
        throw new AssertionError("the database accepted: " + sql);
    }
}
