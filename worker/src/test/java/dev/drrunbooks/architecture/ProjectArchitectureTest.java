package dev.drrunbooks.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The whole project's shape, across its modules: no package cycle anywhere (workflows, activities
 * and their capabilities, the CLI, the worker, the receiver, the schedules), and the CLI reaching
 * no activity: it talks to runs through Temporal, never to AWS itself.
 */
class ProjectArchitectureTest {

  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          // the modules' test jars are on this classpath too: main code only
          .withImportOption(location -> !location.contains("-tests.jar"))
          .importPackages("dev.drrunbooks");

  @Test
  void noPackageCycle_inAnyModule() {
    slices().matching("dev.drrunbooks.(**)").should().beFreeOfCycles().check(MAIN);
  }

  @Test
  void theCli_reachesNoActivity() {
    noClasses()
        .that()
        .resideInAPackage("dev.drrunbooks.starter..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.drrunbooks.activities..")
        .check(MAIN);
  }
}
