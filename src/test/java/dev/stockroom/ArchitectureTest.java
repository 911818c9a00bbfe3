package dev.stockroom;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The layering of DESIGN section 9: JavaFX stays in ui/, and ui/ talks to services, never to the database or HTTP. */
@AnalyzeClasses(packages = "dev.stockroom",
        importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.NotGenerated.class})
class ArchitectureTest {

    /** The generated jOOQ classes are only ever targets of a dependency; reading them all is slow and tells nothing. */
    static final class NotGenerated implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("/dev/stockroom/db/schema/");
        }
    }

    @ArchTest
    static final ArchRule onlyTheConsoleUsesJavaFx = noClasses()
            .that().resideOutsideOfPackage("dev.stockroom.ui..")
            .should().dependOnClassesThat().resideInAPackage("javafx..")
            .because("only ui/ may use JavaFX; everything else runs headless (CLI, sync worker, audit)");

    @ArchTest
    static final ArchRule theConsoleGoesThroughServices = noClasses()
            .that().resideInAPackage("dev.stockroom.ui..")
            .should().dependOnClassesThat().resideInAnyPackage("org.jooq..", "java.sql..", "javax.sql..", "okhttp3..")
            .because("views and view models use services (dev.stockroom.app), never jOOQ, JDBC or OkHttp directly");

    @ArchTest
    static final ArchRule theConsoleDoesNotUseGeneratedTables = noClasses()
            .that().resideInAPackage("dev.stockroom.ui..")
            .should().dependOnClassesThat().resideInAPackage("dev.stockroom.db.schema..")
            .because("the generated jOOQ classes are the database's shape, not the console's");
}
