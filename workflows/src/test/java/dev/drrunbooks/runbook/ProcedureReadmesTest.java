package dev.drrunbooks.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drrunbooks.procedures.ProcedureCatalog;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each procedure's README is its page for the operator: every step, gate and undo step of its plan
 * is named there (with what it does, its AWS calls and the plan section), so a step added to the
 * code without a line on the page fails the build.
 */
class ProcedureReadmesTest {

  @Test
  void everyStepGateAndUndoOfEveryProcedureIsOnItsPage() throws Exception {
    List<String> missing = new ArrayList<>();
    for (Procedure procedure : ProcedureCatalog.ALL) {
      String readme = Files.readString(Path.of("..").resolve(procedure.readme()));
      for (Step step : plan(procedure)) {
        if (!readme.contains("`" + step.id() + "`")) {
          missing.add(procedure.readme() + ": " + step.kind() + " " + step.id());
        }
      }
      for (String undo : undoSteps(procedure)) {
        if (!readme.contains("`" + undo + "`")) {
          missing.add(procedure.readme() + ": CLEANUP " + undo);
        }
      }
    }
    assertThat(missing).as("steps without a line on their procedure's page").isEmpty();
  }

  /** The undo steps a procedure registers as it goes: its REVERT_, UNDO_ and SCALE_BACK_ ids. */
  static List<String> undoSteps(Procedure procedure) throws Exception {
    List<String> ids = new ArrayList<>();
    for (Field f : procedure.implementation().getDeclaredFields()) {
      if (f.getType() == String.class
          && java.lang.reflect.Modifier.isStatic(f.getModifiers())
          && f.getName().matches("(REVERT|UNDO|SCALE_BACK)_.*")) {
        f.setAccessible(true);
        ids.add((String) f.get(null));
      }
    }
    return ids;
  }

  @SuppressWarnings("unchecked")
  static List<Step> plan(Procedure procedure) throws Exception {
    Field field = procedure.implementation().getDeclaredField("PLAN");
    field.setAccessible(true);
    return (List<Step>) field.get(null);
  }
}
