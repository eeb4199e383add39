package dev.drrunbooks.activities.sync;

import dev.drrunbooks.profile.ServiceProfile;

/** What the runbooks write to Notion: report pages in the service's own workspace. */
public interface NotionPages {

  /**
   * Publishes a report as a child page of {@code parentPageId}, titled {@code title}, its body the
   * Markdown as Notion blocks. A child page of that title already there is the one published before
   * (a retry), and is returned as it is.
   *
   * @return the page's URL
   */
  String publishPage(
      ServiceProfile.Sync.Notion config, String parentPageId, String title, String markdown);
}
