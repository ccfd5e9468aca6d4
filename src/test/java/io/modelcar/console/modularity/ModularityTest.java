package io.modelcar.console.modularity;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package boundaries of docs/architecture.md: every top-level package under {@code io.modelcar.console} is a
 * module; no two modules depend on each other in a cycle, and the shared modules ({@code web}, {@code kubernetes},
 * {@code audit}, {@code security}, {@code replicas}) depend on no feature. A feature reaches another only through
 * the types the other makes public (Java's package-private keeps the rest out).
 */
class ModularityTest {

    static final String CONSOLE = "io.modelcar.console";

    /** Used by every feature; may use each other, never a feature. */
    static final String[] SHARED = {"web", "kubernetes", "audit", "security", "replicas", "clusters"};

    /** Package by feature: a page, an API, a service and its domain types each. */
    static final String[] FEATURES = {"environment", "fleet", "images", "inferenceservices", "rollout", "storageinitializer",
            "toggles"};

    static JavaClasses console;

    @BeforeAll
    static void importTheConsole() {
        console = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(CONSOLE);
    }

    /** The modules under {@code root} (its top-level packages) depend on each other without a cycle. */
    static ArchRule modulesAreFreeOfCycles(String root) {
        return slices().matching(root + ".(*)..").namingSlices("$1").should().beFreeOfCycles();
    }

    /** The shared modules under {@code root} use none of its features. */
    static ArchRule sharedModulesUseNoFeature(String root, String[] shared, String[] features) {
        return noClasses().that().resideInAnyPackage(packages(root, shared)).should().dependOnClassesThat()
                .resideInAnyPackage(packages(root, features))
                .because("shared modules serve every feature (docs/architecture.md)");
    }

    private static String[] packages(String root, String[] names) {
        String[] packages = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            packages[i] = root + "." + names[i] + "..";
        }
        return packages;
    }

    @Test
    void whenTheConsoleIsImportedThenItsModulesHaveNoCycle() {
        modulesAreFreeOfCycles(CONSOLE).check(console);
    }

    @Test
    void whenTheConsoleIsImportedThenSharedModulesUseNoFeature() {
        sharedModulesUseNoFeature(CONSOLE, SHARED, FEATURES).check(console);
    }

    /** The rule above fails on a cycle: two fixture modules of this test's own, {@code cycle.a} and {@code cycle.b}. */
    @Test
    void whenTwoModulesUseEachOtherThenTheCycleRuleFails() {
        String root = ModularityTest.class.getPackageName() + ".cycle";
        JavaClasses fixture = new ClassFileImporter().importPackages(root);

        assertThatThrownBy(() -> modulesAreFreeOfCycles(root).check(fixture)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("Cycle detected").hasMessageContaining("a -> ").hasMessageContaining("b -> ");
    }

    /** The shared-modules rule fails when a shared fixture module ({@code cycle.b}) uses a feature ({@code cycle.a}). */
    @Test
    void whenASharedModuleUsesAFeatureThenTheBoundaryRuleFails() {
        String root = ModularityTest.class.getPackageName() + ".cycle";
        JavaClasses fixture = new ClassFileImporter().importPackages(root);

        assertThatThrownBy(() -> sharedModulesUseNoFeature(root, new String[] {"b"}, new String[] {"a"})
                .check(fixture)).isInstanceOf(AssertionError.class).hasMessageContaining("Back.reach");
    }
}
