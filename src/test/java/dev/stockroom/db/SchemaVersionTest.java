package dev.stockroom.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A desk refuses a database newer than it knows: the number it knows must be the newest script's. */
class SchemaVersionTest {
    private static final Pattern MIGRATION = Pattern.compile("V(\\d+)__[^/]+\\.sql");

    @Test
    void schemaVersionIsTheHighestMigrationInSql() throws IOException {
        List<Integer> versions;
        try (Stream<Path> files = Files.list(Path.of("sql"))) {
            versions = files.map(p -> MIGRATION.matcher(p.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(m -> Integer.parseInt(m.group(1)))
                    .sorted()
                    .toList();
        }
        assertThat(versions).isNotEmpty().doesNotHaveDuplicates();
        assertThat(Migrations.SCHEMA_VERSION)
                .as("Migrations.SCHEMA_VERSION against the V-numbers in sql/ %s", versions)
                .isEqualTo(versions.get(versions.size() - 1));
    }
}
