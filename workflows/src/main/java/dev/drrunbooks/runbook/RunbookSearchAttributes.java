package dev.drrunbooks.runbook;

import io.temporal.common.SearchAttributeKey;
import java.util.List;

/**
 * Custom search attributes that let the Temporal UI list runs by service, procedure, incident and
 * status. They must be registered on the server before a run upserts them ({@code runbook setup}).
 */
public final class RunbookSearchAttributes {

  public static final SearchAttributeKey<String> SERVICE =
      SearchAttributeKey.forKeyword("RunbookService");
  public static final SearchAttributeKey<String> PROCEDURE =
      SearchAttributeKey.forKeyword("RunbookProcedure");
  public static final SearchAttributeKey<String> INCIDENT =
      SearchAttributeKey.forKeyword("RunbookIncident");
  public static final SearchAttributeKey<String> STATUS =
      SearchAttributeKey.forKeyword("RunbookStatus");

  /**
   * The protected resource ({@code target/region/cluster/service}): lists every run that touched
   * one ECS service, whichever profile named it.
   */
  public static final SearchAttributeKey<String> RESOURCE =
      SearchAttributeKey.forKeyword("RunbookResource");

  /** All of them, all of type Keyword. */
  public static final List<SearchAttributeKey<String>> ALL =
      List.of(SERVICE, PROCEDURE, INCIDENT, STATUS, RESOURCE);

  private RunbookSearchAttributes() {}
}
