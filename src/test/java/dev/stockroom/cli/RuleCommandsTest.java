package dev.stockroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.ledger.StockKernel;
import dev.stockroom.testing.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The rules and allocation commands as a seller types them, against a real database. */
class RuleCommandsTest {
    static TestDatabase db;
    static long seller;

    record Run(int exit, String out, String err) {
    }

    @BeforeAll
    static void setUp() {
        db = TestDatabase.fresh();
        seller = db.newSeller("Cli", "cli_seller");
        StockKernel kernel = db.kernel("cli_seller", seller);
        for (String channel : List.of("amazon", "ebay", "flipkart", "meesho")) {
            kernel.addChannel(channel, channel, null);
        }
        kernel.addSku("MUG", "Mug", List.of(), 0);
        kernel.restock("MUG", 35);
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    static Run run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--db-url", db.url(), "--db-user", "cli_seller", "--seller", String.valueOf(seller)));
        CommandLine cli = StockroomCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void aSellerSetsRulesReadsExplanationsAndPreviews() {
        assertThat(run("rules", "set", "amazon", "--ring-fence", "30").out())
                .isEqualTo("ok: amazon: ring-fence 30; 0 listings queued for a push\n");
        assertThat(run("rules", "set", "flipkart", "--max-percent", "40").exit()).isZero();
        assertThat(run("rules", "set", "ebay", "--pause").exit()).isZero();
        assertThat(run("rules", "set", "ebay", "--sku", "MUG", "--resume").out()).startsWith("ok: ebay for MUG: not paused;");

        assertThat(run("allocation", "show", "MUG").out()).isEqualTo(String.join("\n",
                "MUG: 35 available",
                "  amazon            35   35 available; shows 35",
                "  ebay               5   35 available - 30 ring-fenced for amazon = 5; shows 5",
                "  flipkart           5   35 available - 30 ring-fenced for amazon = 5; 40% cap of 35 = 14; shows 5",
                "  meesho             5   35 available - 30 ring-fenced for amazon = 5; shows 5",
                ""));

        Run preview = run("allocation", "preview", "MUG", "--rule", "amazon:ring-fence=none", "--rule", "meesho:max-units=50,buffer=5");
        assertThat(preview.out()).isEqualTo(String.join("\n",
                "preview, nothing saved:",
                "MUG: 35 available",
                "  amazon            35   35 available; shows 35",
                "  ebay              35   35 available; shows 35",
                "  flipkart          14   35 available; 40% cap of 35 = 14; shows 14",
                "  meesho            30   35 available - 5 buffer = 30; max 50 units; shows 30",
                ""));
        assertThat(run("allocation", "preview", "--available", "2", "--rule", "flipkart:max-percent=40", "--only-these").out())
                .contains("  flipkart           0   2 available; 40% cap of 2 = 0 (0.8 rounded down); shows 0\n");

        Run list = run("rules", "list");
        assertThat(list.out()).contains("amazon       (all SKUs)         ring-fence 30")
                .contains("ebay         (all SKUs)         paused")
                .contains("ebay         MUG                not paused");
        assertThat(run("rules", "history").out()).contains("cli_seller     amazon: no rule -> ring-fence 30");
        assertThat(run("rules", "remove", "ebay", "--sku", "MUG").out()).isEqualTo("ok: ebay for MUG: rule removed (was: not paused); 0 listings queued for a push\n");
    }

    @Test
    void badRulesAreRefusedInWords() {
        Run percent = run("rules", "set", "amazon", "--max-percent", "140");
        assertThat(percent.exit()).isEqualTo(1);
        assertThat(percent.err()).isEqualTo("refused: rule for amazon: max percent must be between 0 and 100 (got 140)\n");
        assertThat(run("rules", "set", "amazon").err())
                .isEqualTo("refused: the rule for amazon sets nothing: give a ring-fence, max percent, max units, buffer or pause\n");
        assertThat(run("rules", "set", "amazon", "--clear", "ringfence2").err())
                .contains("unknown rule setting \"ringfence2\"");
        assertThat(run("allocation", "preview", "--rule", "amazon").err())
                .contains("--rule \"amazon\" should be CHANNEL[/SKU]:SETTINGS, e.g. amazon:ring-fence=30");
        assertThat(run("allocation", "show", "NOPE").err()).isEqualTo("refused: unknown SKU \"NOPE\"\n");
    }
}
