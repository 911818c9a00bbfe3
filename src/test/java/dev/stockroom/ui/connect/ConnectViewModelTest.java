package dev.stockroom.ui.connect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.app.Services;
import dev.stockroom.db.ConnectionProfiles;
import dev.stockroom.db.DatabaseSession;
import dev.stockroom.testing.TcpProxy;
import dev.stockroom.testing.TestDatabase;
import dev.stockroom.ui.TaskRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectViewModelTest {
    static TestDatabase db;
    static long seller;
    @TempDir
    Path config;

    @BeforeAll
    static void database() {
        db = TestDatabase.fresh();
        seller = db.newSeller("Connect", "connect_vm");
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private ConnectViewModel model(AtomicReference<Services> connected) {
        ConnectViewModel m = new ConnectViewModel(new ConnectionProfiles(config.resolve("profiles.properties")),
                s -> new Services(DatabaseSession.open(s, 2, null)), TaskRunner.direct());
        m.onConnected(connected::set);
        m.hostProperty().set("127.0.0.1");
        m.portProperty().set(Integer.toString(db.port()));
        m.databaseProperty().set(db.name());
        m.userProperty().set("connect_vm");
        m.tlsModeProperty().set("disable");
        m.sellerProperty().set(Long.toString(seller));
        return m;
    }

    @Test
    void theFormSaysWhatIsMissing() {
        ConnectViewModel m = model(new AtomicReference<>());
        m.portProperty().set("fifty");
        assertThat(m.formProblem().get()).isEqualTo("The port must be a number (PostgreSQL's is usually 5432).");
        m.portProperty().set("70000");
        assertThat(m.formProblem().get()).isEqualTo("The port must be between 1 and 65535.");
        m.portProperty().set("5432");
        m.userProperty().set(" ");
        assertThat(m.formProblem().get()).isEqualTo("Type your database login.");
        m.userProperty().set("x");
        m.sellerProperty().set("first");
        assertThat(m.formProblem().get()).startsWith("The seller must be a number");
    }

    @Test
    void aGoodProfileConnectsAndIsSavedWithoutItsPassword() throws Exception {
        AtomicReference<Services> connected = new AtomicReference<>();
        ConnectViewModel m = model(connected);
        m.nameProperty().set("Test shop");
        m.passwordProperty().set("s3cret-typed");
        m.saveProfile();
        m.connect();
        assertThat(m.messageProperty().get()).isEmpty();
        assertThat(connected.get()).isNotNull();
        assertThat(connected.get().queries().stockLevels()).isEmpty();
        connected.get().close();
        String file = Files.readString(config.resolve("profiles.properties"));
        assertThat(file).contains("Test shop").contains("connect_vm").doesNotContain("s3cret").doesNotContainIgnoringCase("password=");

        ConnectViewModel again = model(new AtomicReference<>());
        assertThat(again.profiles()).extracting(p -> p.name()).containsExactly("Test shop");
        again.use(again.profiles().get(0));
        assertThat(again.passwordProperty().get()).isEmpty();
    }

    @Test
    void aFileHoldingAPasswordIsRefusedWithASentence() throws Exception {
        Files.writeString(config.resolve("profiles.properties"), "1.name=x\n1.password=oops\n");
        ConnectViewModel m = model(new AtomicReference<>());
        assertThat(m.messageProperty().get()).contains("never keeps passwords in plain text");
    }

    @Test
    void serverDown() {
        TcpProxy closed = new TcpProxy(db.port());
        closed.cut();
        ConnectViewModel m = model(new AtomicReference<>());
        m.portProperty().set(Integer.toString(closed.port()));
        m.connect();
        assertThat(m.messageProperty().get()).contains("is not reachable (is it running?)");
    }

    @Test
    void noSuchRole() {
        ConnectViewModel m = model(new AtomicReference<>());
        m.userProperty().set("nobody_at_all");
        m.connect();
        assertThat(m.messageProperty().get()).startsWith("There is no login \"nobody_at_all\"");
    }

    @Test
    void tlsRequiredButNotOffered() {
        ConnectViewModel m = model(new AtomicReference<>());
        m.tlsModeProperty().set("require");
        m.connect();
        assertThat(m.messageProperty().get()).contains("does not offer TLS, but this connection requires it");
    }

    @Test
    void aDatabaseFromANewerStockroom() {
        try (TestDatabase newer = TestDatabase.fresh()) {
            long s = newer.newSeller("Newer", "connect_vm");
            newer.exec("INSERT INTO public.flyway_schema_history (installed_rank, version, description, type, script, checksum,"
                    + " installed_by, execution_time, success) VALUES (99, '99', 'future', 'SQL', 'V99__future.sql', 0, 'x', 0, true)");
            ConnectViewModel m = model(new AtomicReference<>());
            m.databaseProperty().set(newer.name());
            m.sellerProperty().set(Long.toString(s));
            m.connect();
            assertThat(m.messageProperty().get()).startsWith("This database was set up by a newer version of Stockroom");
        }
    }
}
