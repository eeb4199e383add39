package dev.drrunbooks.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The workflows module's shape, held by the build: its feature packages form no cycle, the shared
 * machinery ({@code runbook}) names no procedure, and workflow code reaches nothing outside the
 * JDK, the Temporal SDK and logging, so it stays deterministic and runs on any worker.
 */
class WorkflowsArchitectureTest {

  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.drrunbooks");

  @Test
  void featurePackages_formNoCycle() {
    slices().matching("dev.drrunbooks.(*)..").should().beFreeOfCycles().check(MAIN);
  }

  @Test
  void theSharedMachinery_namesNoProcedure() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.drrunbooks.runbook..", "dev.drrunbooks.text..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.drrunbooks.rollback..",
            "dev.drrunbooks.restore..",
            "dev.drrunbooks.failover..",
            "dev.drrunbooks.validation..",
            "dev.drrunbooks.backup..",
            "dev.drrunbooks.incident..",
            "dev.drrunbooks.drill..",
            "dev.drrunbooks.doctor..",
            "dev.drrunbooks.sandbox..")
        .check(MAIN);
  }

  @Test
  void thePorts_knowNeitherTheMachineryNorAProcedure() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.drrunbooks.profile..",
            "dev.drrunbooks.service..",
            "dev.drrunbooks.sync..",
            "dev.drrunbooks.notify..",
            "dev.drrunbooks.text..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.drrunbooks.runbook..", "dev.drrunbooks.procedures..")
        .check(MAIN);
  }

  @Test
  void onlyTheCatalog_listsEveryProcedure() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.drrunbooks.procedures..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.drrunbooks.procedures..")
        .check(MAIN);
  }

  @Test
  void workflowCode_reachesOnlyTheJdkTheSdkAndLogging() {
    noClasses()
        .that()
        .resideInAPackage("dev.drrunbooks..")
        .should()
        .dependOnClassesThat()
        .resideOutsideOfPackages(
            "dev.drrunbooks..",
            "java..",
            "io.temporal..",
            "org.slf4j..",
            "com.fasterxml.jackson.annotation..",
            "com.uber.m3..")
        .check(MAIN);
  }
}
