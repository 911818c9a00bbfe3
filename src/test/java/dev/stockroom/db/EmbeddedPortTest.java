package dev.stockroom.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EmbeddedPortTest {

    @Test
    void nothingGivenMeansTheDefaultPort() {
        assertThat(EmbeddedDatabase.configuredPort(null, null)).isEqualTo(EmbeddedDatabase.DEFAULT_PORT);
        assertThat(EmbeddedDatabase.configuredPort(" ", "")).isEqualTo(EmbeddedDatabase.DEFAULT_PORT);
    }

    @Test
    void theSystemPropertyWinsOverTheEnvironment() {
        assertThat(EmbeddedDatabase.configuredPort("55001", "55002")).isEqualTo(55001);
        assertThat(EmbeddedDatabase.configuredPort(null, " 55002 ")).isEqualTo(55002);
    }

    @Test
    void aPortThatIsNotAPortIsExplained() {
        assertThatThrownBy(() -> EmbeddedDatabase.configuredPort(null, "fifty"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("The embedded database port (STOCKROOM_EMBEDDED_PORT or -Dstockroom.embedded.port)"
                        + " must be a number from 1 to 65535, got \"fifty\"");
        assertThatThrownBy(() -> EmbeddedDatabase.configuredPort("70000", null))
                .hasMessageContaining("got \"70000\"");
    }
}
