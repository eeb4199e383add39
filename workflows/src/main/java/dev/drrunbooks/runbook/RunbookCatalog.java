package dev.drrunbooks.runbook;

import dev.drrunbooks.rollback.AppRollbackWorkflowImpl;
import java.util.List;

/** Every workflow implementation the worker hosts; the replay tests cover the same list. */
public final class RunbookCatalog {

  public static final List<Class<?>> WORKFLOW_IMPLEMENTATIONS =
      List.of(AppRollbackWorkflowImpl.class);

  private RunbookCatalog() {}
}
