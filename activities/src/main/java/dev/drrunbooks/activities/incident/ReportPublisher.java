package dev.drrunbooks.activities.incident;

import dev.drrunbooks.activities.aws.AwsReportStore;
import dev.drrunbooks.activities.sync.ApiRefused;
import dev.drrunbooks.activities.sync.NotionPages;
import dev.drrunbooks.activities.sync.TokenMissing;
import dev.drrunbooks.profile.ServiceProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Publishes drill reports where the team keeps its records, beside the worker's own copy: to an S3
 * location ({@code s3://bucket/prefix/}, in its region) and, when configured, as a child page of a
 * Notion page in the service's own workspace, through the same Notion client the validation uses.
 * Both are repeatable: S3 keys are overwritten with the same bytes, and a Notion page of the same
 * title under the parent is the one published before. A destination that refuses (a bucket policy,
 * a token without access to the page) is reported in the list of places, not as a failed drill; one
 * that is unreachable fails the attempt, so Temporal retries it.
 *
 * @param s3Location {@code s3://bucket/prefix/}, or null
 * @param s3Region the bucket's region
 * @param notion the Notion API (base URL, version, token) to publish with, or null
 * @param notionParentPage the page under which each report becomes a child page
 */
public record ReportPublisher(
    String s3Location,
    String s3Region,
    ServiceProfile.Sync.Notion notion,
    String notionParentPage,
    Function<String, AwsReportStore> s3ForRegion,
    NotionPages notionApi) {

  private static final Pattern S3 =
      Pattern.compile("s3://([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])/?(.*)");

  public ReportPublisher {
    if (s3Location != null && !S3.matcher(s3Location).matches()) {
      throw new IllegalArgumentException(
          "report S3 location '" + s3Location + "' is not s3://bucket/prefix/");
    }
  }

  /** Whether anything is configured. */
  public boolean any() {
    return s3Location != null || (notion != null && notionParentPage != null);
  }

  /** Publishes {@code name}.md and .json, and the Notion page titled {@code title}. */
  public List<String> publish(String name, String title, String markdown, String json) {
    List<String> places = new ArrayList<>();
    if (s3Location != null) {
      Matcher m = S3.matcher(s3Location);
      m.matches();
      String prefix =
          m.group(2).isEmpty() || m.group(2).endsWith("/") ? m.group(2) : m.group(2) + "/";
      AwsReportStore s3 = s3ForRegion.apply(s3Region);
      try {
        places.add(
            s3.put(m.group(1), prefix + name + ".md", markdown, "text/markdown; charset=utf-8"));
        places.add(s3.put(m.group(1), prefix + name + ".json", json, "application/json"));
      } catch (io.temporal.failure.ApplicationFailure refused) {
        if (!refused.isNonRetryable()) {
          throw refused;
        }
        places.add("NOT in " + s3Location + ": " + refused.getOriginalMessage());
      }
    }
    if (notion != null && notionParentPage != null) {
      try {
        places.add(notionApi.publishPage(notion, notionParentPage, title, markdown));
      } catch (ApiRefused | TokenMissing refused) {
        places.add("NOT on Notion page " + notionParentPage + ": " + refused.getMessage());
      }
    }
    return places;
  }
}
