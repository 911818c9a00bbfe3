package dev.stockroom.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.demo.DemoData;
import dev.stockroom.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KernelBasicsTest {
    static TestDatabase db;
    static StockKernel kernel;
    static StockQueries queries;
    static long seller;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.fresh();
        seller = db.newSeller("Basics", "basics_seller");
        kernel = db.kernel("basics_seller", seller);
        queries = new StockQueries(org.jooq.impl.DSL.using(db.as("basics_seller", 2), org.jooq.SQLDialect.POSTGRES), seller);
        kernel.addSku("MUG", "Mug", List.of("8901"), 2);
        kernel.addSku("LID", "Lid", List.of(), 0);
        kernel.addKit("SET", "Mug and two lids", List.of(OrderLine.of("MUG", 1), OrderLine.of("LID", 2)), List.of());
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    @Test
    void restockSellAndKitsKeepTheLedgerEqualToStock() {
        assertThat(kernel.restock("MUG", 10).ok()).isTrue();
        assertThat(kernel.restock("LID", 10).ok()).isTrue();
        Outcome kit = kernel.sell(List.of(OrderLine.of("SET", 3)), null, null);
        assertThat(kit.ok()).as(kit.message()).isTrue();
        assertThat(queries.stockLevel("MUG").orElseThrow().onHand()).isEqualTo(7);
        assertThat(queries.stockLevel("LID").orElseThrow().onHand()).isEqualTo(4);
        assertThat(queries.stockLevel("SET").orElseThrow().available()).isEqualTo(2);
        assertThat(queries.findSku("8901")).contains("MUG");
        LedgerCheck.Report report = new LedgerCheck(db.as("basics_seller", 1), seller).run();
        assertThat(report.problems()).isEmpty();
        assertThat(report.rows()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void aSellerAddsAnotherLoginAsStaffAndThatLoginCanWorkTheDesk() {
        db.exec("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'basics_staff') THEN "
                + "CREATE ROLE basics_staff LOGIN; END IF; END $$");
        db.exec("GRANT stockroom_staff TO basics_staff");
        kernel.addMember("basics_staff", "staff");
        kernel.addMember("basics_staff", "staff");  // again: still one membership, no error
        StockKernel staff = db.kernel("basics_staff", seller);
        kernel.addSku("CAP", "Cap", List.of(), 0);
        assertThat(staff.restock("CAP", 1).ok()).isTrue();
        assertThat(db.queryLong("SELECT count(*) FROM stockroom.member WHERE login = 'basics_staff'")).isEqualTo(1);
    }

    @Test
    void demoDataSeedsThroughTheKernelAndChecksClean() {
        long demoSeller = db.newSeller("Demo", "demo_desk");
        // DemoData fills seller 1; give this database's seller id 1 semantics by seeding a fresh database
        try (TestDatabase demo = TestDatabase.fresh()) {
            long id = demo.newSeller("Demo Seller", "desk");
            assertThat(id).isEqualTo(1L);
            DemoData.seed(demo.as("desk", 2));
            LedgerCheck.Report report = new LedgerCheck(demo.as("desk", 1), 1L).run();
            assertThat(report.problems()).isEmpty();
            assertThat(report.skus()).isGreaterThan(20);
        }
        assertThat(demoSeller).isPositive();
    }
}
