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

  /** All of them, all of type Keyword. */
  public static final List<SearchAttributeKey<String>> ALL =
      List.of(SERVICE, PROCEDURE, INCIDENT, STATUS);

  private RunbookSearchAttributes() {}
}
