package dev.drrunbooks.activities.sync;

import dev.drrunbooks.profile.ServiceProfile;
import java.util.List;
import java.util.Map;

/** What the runbooks read from Notion, with the service's integration token. */
public interface NotionApi {

  /** The integration's bot user name. */
  String me(ServiceProfile.Sync.Notion config);

  /** Whether the token can read the data source; false when Notion says 404. */
  boolean dataSourceVisible(ServiceProfile.Sync.Notion config);

  /** The pages of the data source whose key property is one of {@code keys}, by key. */
  Map<String, SyncedIssue> pagesByKey(ServiceProfile.Sync.Notion config, List<String> keys);
}
