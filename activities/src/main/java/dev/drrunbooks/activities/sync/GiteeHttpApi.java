package dev.drrunbooks.activities.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drrunbooks.profile.ServiceProfile;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Gitee API v5 over HTTP. Gitee takes the token as the {@code access_token} query parameter, so a
 * request URL is never written anywhere: errors name the method and path only.
 */
public final class GiteeHttpApi implements GiteeApi {

  /** Gitee's largest page. */
  static final int PAGE = 100;

  private final JsonHttp http;
  private final Tokens tokens;

  public GiteeHttpApi(JsonHttp http, Tokens tokens) {
    this.http = http;
    this.tokens = tokens;
  }

  @Override
  public String user(ServiceProfile.Sync.Gitee config) {
    JsonNode user = http.get(uri(config, "/user", ""), Map.of(), "Gitee GET /user");
    return user.path("login").asText(null);
  }

  @Override
  public boolean repositoryVisible(ServiceProfile.Sync.Gitee config, String repository) {
    try {
      http.get(uri(config, "/repos/" + repository, ""), Map.of(), "Gitee GET /repos/" + repository);
      return true;
    } catch (ApiRefused e) {
      if (e.notFound()) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public List<SyncedIssue> recentIssues(
      ServiceProfile.Sync.Gitee config, String repository, int count) {
    List<SyncedIssue> issues = new ArrayList<>();
    String path = "/repos/" + repository + "/issues";
    for (int page = 1; issues.size() < count; page++) {
      int size = Math.min(PAGE, count);
      JsonNode list =
          http.get(
              uri(
                  config,
                  path,
                  "&state=all&sort=updated&direction=desc&per_page=" + size + "&page=" + page),
              Map.of(),
              "Gitee GET " + path);
      if (!list.isArray() || list.isEmpty()) {
        break;
      }
      for (JsonNode issue : list) {
        if (issues.size() < count) {
          issues.add(
              new SyncedIssue(
                  SyncedIssue.key(repository, issue.path("number").asText()),
                  issue.path("title").asText(""),
                  OffsetDateTime.parse(issue.path("updated_at").asText()).toInstant()));
        }
      }
      if (list.size() < size) {
        break;
      }
    }
    return issues;
  }

  @Override
  public java.time.Instant findComment(
      ServiceProfile.Sync.Gitee config, String repository, String number, String marker) {
    String path = "/repos/" + repository + "/issues/" + number + "/comments";
    JsonNode comments =
        http.get(
            uri(config, path, "&page=1&per_page=100&order=desc"), Map.of(), "Gitee GET " + path);
    for (JsonNode comment : comments) {
      if (comment.path("body").asText("").contains(marker)) {
        return OffsetDateTime.parse(comment.path("created_at").asText()).toInstant();
      }
    }
    return null;
  }

  @Override
  public java.time.Instant postComment(
      ServiceProfile.Sync.Gitee config, String repository, String number, String body) {
    String path = "/repos/" + repository + "/issues/" + number + "/comments";
    JsonNode comment =
        http.post(
            uri(config, path, ""),
            Map.of(),
            http.json().createObjectNode().put("body", body),
            "Gitee POST " + path);
    return OffsetDateTime.parse(comment.path("created_at").asText()).toInstant();
  }

  private URI uri(ServiceProfile.Sync.Gitee config, String path, String query) {
    String token = tokens.token("Gitee", config.tokenEnv(), config.tokenSecretArn());
    String base = config.baseUrl().replaceAll("/+$", "");
    return URI.create(
        base + path + "?access_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + query);
  }
}
