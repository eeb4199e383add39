package dev.drrunbooks.activities.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drrunbooks.profile.ServiceProfile;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Notion API over HTTP, with the {@code Notion-Version} the profile pins (the data sources API,
 * 2025-09-03). Pages are found by the key property with an {@code or} filter, 50 keys per query,
 * following {@code next_cursor}.
 */
public final class NotionHttpApi implements NotionApi, NotionPages {

  /** Keys per query: well inside Notion's limits on compound filters. */
  static final int KEYS_PER_QUERY = 50;

  private final JsonHttp http;
  private final Tokens tokens;

  public NotionHttpApi(JsonHttp http, Tokens tokens) {
    this.http = http;
    this.tokens = tokens;
  }

  @Override
  public String me(ServiceProfile.Sync.Notion config) {
    JsonNode me = http.get(uri(config, "/v1/users/me"), headers(config), "Notion GET /v1/users/me");
    return me.path("name").asText(me.path("id").asText(null));
  }

  @Override
  public boolean dataSourceVisible(ServiceProfile.Sync.Notion config) {
    String path = "/v1/data_sources/" + config.dataSourceId();
    try {
      http.get(uri(config, path), headers(config), "Notion GET " + path);
      return true;
    } catch (ApiRefused e) {
      if (e.notFound()) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public Map<String, SyncedIssue> pagesByKey(ServiceProfile.Sync.Notion config, List<String> keys) {
    Map<String, SyncedIssue> pages = new HashMap<>();
    String path = "/v1/data_sources/" + config.dataSourceId() + "/query";
    for (int from = 0; from < keys.size(); from += KEYS_PER_QUERY) {
      List<String> batch = keys.subList(from, Math.min(keys.size(), from + KEYS_PER_QUERY));
      String cursor = null;
      do {
        ObjectNode body = http.json().createObjectNode();
        ArrayNode or = body.putObject("filter").putArray("or");
        for (String key : batch) {
          ObjectNode condition = or.addObject();
          condition.put("property", config.keyProperty());
          condition.putObject("rich_text").put("equals", key);
        }
        body.put("page_size", 100);
        if (cursor != null) {
          body.put("start_cursor", cursor);
        }
        JsonNode answer =
            http.post(uri(config, path), headers(config), body, "Notion POST " + path);
        for (JsonNode page : answer.path("results")) {
          SyncedIssue issue = read(config, page.path("properties"));
          if (issue.key() != null && !issue.key().isEmpty()) {
            pages.put(issue.key(), issue);
          }
        }
        cursor =
            answer.path("has_more").asBoolean(false)
                ? answer.path("next_cursor").asText(null)
                : null;
      } while (cursor != null);
    }
    return pages;
  }

  private static SyncedIssue read(ServiceProfile.Sync.Notion config, JsonNode properties) {
    String key = text(properties.path(config.keyProperty()).path("rich_text"));
    String title = text(properties.path(config.titleProperty()).path("title"));
    String updated =
        properties.path(config.updatedProperty()).path("date").path("start").asText(null);
    return new SyncedIssue(key, title, instant(updated));
  }

  private static String text(JsonNode richText) {
    StringBuilder out = new StringBuilder();
    for (JsonNode part : richText) {
      out.append(part.path("plain_text").asText(""));
    }
    return out.toString();
  }

  private static Instant instant(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException dateOnly) {
      return java.time.LocalDate.parse(value).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
    }
  }

  @Override
  public String publishPage(
      ServiceProfile.Sync.Notion config, String parentPageId, String title, String markdown) {
    String existing = childPageTitled(config, parentPageId, title);
    if (existing != null) {
      return existing;
    }
    com.fasterxml.jackson.databind.node.ObjectNode body = http.json().createObjectNode();
    body.putObject("parent").put("page_id", parentPageId);
    body.putObject("properties")
        .putObject("title")
        .set("title", NotionBlocks.richText(http.json(), title));
    body.set("children", NotionBlocks.fromMarkdown(http.json(), markdown));
    JsonNode page =
        http.postOnce(uri(config, "/v1/pages"), headers(config), body, "Notion POST /v1/pages");
    return page.path("url").asText(pageUrl(page.path("id").asText()));
  }

  /** The URL of the child page of {@code parentPageId} titled {@code title}, or null. */
  private String childPageTitled(
      ServiceProfile.Sync.Notion config, String parentPageId, String title) {
    String cursor = null;
    do {
      String path =
          "/v1/blocks/"
              + parentPageId
              + "/children?page_size=100"
              + (cursor == null ? "" : "&start_cursor=" + cursor);
      JsonNode answer = http.get(uri(config, path), headers(config), "Notion GET " + path);
      for (JsonNode block : answer.path("results")) {
        if ("child_page".equals(block.path("type").asText())
            && title.equals(block.path("child_page").path("title").asText())) {
          return pageUrl(block.path("id").asText());
        }
      }
      cursor = answer.path("has_more").asBoolean() ? answer.path("next_cursor").asText(null) : null;
    } while (cursor != null);
    return null;
  }

  private static String pageUrl(String id) {
    return "https://www.notion.so/" + id.replace("-", "");
  }

  private Map<String, String> headers(ServiceProfile.Sync.Notion config) {
    String token = tokens.token("Notion", config.tokenEnv(), config.tokenSecretArn());
    return Map.of("Authorization", "Bearer " + token, "Notion-Version", config.version());
  }

  private static URI uri(ServiceProfile.Sync.Notion config, String path) {
    return URI.create(config.baseUrl().replaceAll("/+$", "") + path);
  }
}
