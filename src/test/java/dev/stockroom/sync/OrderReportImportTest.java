package dev.stockroom.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.sync.orders.OrderReportImport;
import java.io.StringReader;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A marketplace order report imports all rows or none, with a sentence per bad row, and only once. */
class OrderReportImportTest {
    static SyncFixture f;
    static OrderReportImport importer;

    @BeforeAll
    static void setUp() {
        f = new SyncFixture("csvimp");
        f.kernel.addChannel("meesho", "meesho", "Meesho");
        f.sku("TEA", 10);
        f.sku("MUG", 3);
        importer = new OrderReportImport(f.sellerDs, f.seller, Clock.systemUTC());
    }

    @AfterAll
    static void tearDown() {
        f.close();
    }

    long reserved() {
        return f.db.queryLong("SELECT sum(reserved) FROM stockroom.stock WHERE seller_id = " + f.seller);
    }

    @Test
    void badRowsKeepTheWholeFileOutAndAreEachNamed() throws Exception {
        String csv = """
                Sub Order No,SKU,Quantity,Order Status
                M-1,TEA,2,Pending
                M-2,NOPE,1,Pending
                M-3,MUG,9,Pending
                M-4,TEA,two,Pending
                """;
        OrderReportImport.Report r = importer.importReport("meesho", new StringReader(csv));
        assertThat(r.applied()).isFalse();
        assertThat(r.problems()).containsExactly("row 5: quantity \"two\" is not a whole number");
        String fixedQty = csv.replace("two", "1");
        r = importer.importReport("meesho", new StringReader(fixedQty));
        assertThat(r.applied()).isFalse();
        assertThat(r.problems()).hasSize(2);
        assertThat(r.problems().get(0)).startsWith("row 3 (order M-2): unknown SKU \"NOPE\"");
        assertThat(r.problems().get(1)).startsWith("row 4 (order M-3): only 3 of MUG available");
        assertThat(reserved()).as("nothing was kept").isZero();
        assertThat(f.db.queryLong("SELECT count(*) FROM stockroom.rejection WHERE seller_id = " + f.seller)).isZero();
    }

    @Test
    void aGoodFileImportsOnceAndCancellationsRelease() throws Exception {
        String csv = """
                order_id,sku,qty,status
                A-1,TEA,2,pending
                A-1,MUG,1,pending
                A-2,TEA,1,cancelled
                A-3,TEA,1,shipped
                """;
        long before = reserved();
        OrderReportImport.Report r = importer.importReport("meesho", new StringReader(csv));
        assertThat(r.problems()).isEmpty();
        assertThat(r.applied()).isTrue();
        assertThat(r.orders()).isEqualTo(3);
        assertThat(reserved()).isEqualTo(before + 3);
        r = importer.importReport("meesho", new StringReader(csv));
        assertThat(r.applied()).isTrue();
        assertThat(r.changed()).as("the same file again changes nothing").isZero();
        assertThat(reserved()).isEqualTo(before + 3);
        assertThat(f.db.queryLong("SELECT count(*) FROM stockroom.ledger WHERE kind = 'release' AND order_ref = 'A-2'")).isEqualTo(1);
        assertThat(Map.of()).isEmpty();
    }
}
