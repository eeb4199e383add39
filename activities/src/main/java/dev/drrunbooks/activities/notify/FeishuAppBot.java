package dev.drrunbooks.activities.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends a card as a Feishu (飞书) app's bot, which unlike a custom bot may carry buttons that call
 * back: the channel's URL is the send-message API with the app and the chat in its query ({@code
 * https://open.feishu.cn/open-apis/im/v1/messages?app_id=cli_...&receive_id=oc_...}), the app
 * secret is in the channel's {@code secretEnv}. The tenant access token is fetched from the same
 * host ({@code /open-apis/auth/v3/tenant_access_token/internal}) and kept until five minutes before
 * it expires. Each message carries a {@code uuid} derived from the notification, which Feishu uses
 * to send a retried request once.
 */
final class FeishuAppBot {

  static final String SEND_PATH = "/open-apis/im/v1/messages";
  static final String TOKEN_PATH = "/open-apis/auth/v3/tenant_access_token/internal";

  /** Feishu's codes for an access token that is invalid or expired. */
  private static final java.util.Set<Integer> TOKEN_REJECTED = java.util.Set.of(99991661, 99991663);

  private record Token(String value, long expiresAtMillis) {}

  private final HttpClient http;
  private final ObjectMapper json;
  private final Clock clock;
  private final Duration timeout;
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();

  FeishuAppBot(HttpClient http, ObjectMapper json, Clock clock, Duration timeout) {
    this.http = http;
    this.json = json;
    this.clock = clock;
    this.timeout = timeout;
  }

  /** Whether the channel's URL is the app's send-message API rather than a custom bot hook. */
  static boolean isApp(String url) {
    try {
      return SEND_PATH.equals(URI.create(url).getPath());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Sends the card; {@code urlEnv} names the URL's variable in failures, never the URL.
   *
   * @param uuid Feishu's de-duplication key (at most 50 characters)
   */
  void send(String url, String appSecret, Map<String, Object> card, String uuid, String urlEnv)
      throws IOException, InterruptedException {
    URI uri = URI.create(url);
    Map<String, String> query = query(uri.getRawQuery());
    String appId = query.get("app_id");
    String receiveId = query.get("receive_id");
    if (appId == null || receiveId == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "feishu app channel from " + urlEnv + " needs app_id and receive_id in its query",
          "NotifyFailed");
    }
    if (appSecret == null || appSecret.isBlank()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "feishu app channel from " + urlEnv + " needs the app secret in its secretEnv",
          "NotifyFailed");
    }
    String origin = uri.getScheme() + "://" + uri.getRawAuthority();
    String token = token(origin, appId, appSecret, urlEnv);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("receive_id", receiveId);
    body.put("msg_type", "interactive");
    body.put("content", json.writeValueAsString(card));
    body.put("uuid", uuid);
    JsonNode answer =
        post(
            origin
                + SEND_PATH
                + "?receive_id_type="
                + query.getOrDefault("receive_id_type", "chat_id"),
            token,
            body,
            urlEnv);
    int code = answer.path("code").asInt(-1);
    if (TOKEN_REJECTED.contains(code)) {
      tokens.remove(origin + " " + appId);
      throw ApplicationFailure.newFailure(
          "feishu app channel from " + urlEnv + ": the access token was refused, fetching anew",
          "NotifyFailed");
    }
    if (code != 0) {
      throw ApplicationFailure.newNonRetryableFailure(
          "feishu app channel from "
              + urlEnv
              + " refused the message: "
              + code
              + " "
              + answer.path("msg").asText(),
          "NotifyRefused");
    }
  }

  private String token(String origin, String appId, String appSecret, String urlEnv)
      throws IOException, InterruptedException {
    String key = origin + " " + appId;
    Token cached = tokens.get(key);
    if (cached != null && cached.expiresAtMillis() > clock.millis()) {
      return cached.value();
    }
    JsonNode answer =
        post(origin + TOKEN_PATH, null, Map.of("app_id", appId, "app_secret", appSecret), urlEnv);
    if (answer.path("code").asInt(-1) != 0 || !answer.hasNonNull("tenant_access_token")) {
      throw ApplicationFailure.newNonRetryableFailure(
          "feishu app channel from "
              + urlEnv
              + ": no tenant access token for app "
              + appId
              + " ("
              + answer.path("code").asText()
              + " "
              + answer.path("msg").asText()
              + ")",
          "NotifyRefused");
    }
    long lifetime = Math.max(0, answer.path("expire").asLong(0) - 300) * 1000;
    Token fresh = new Token(answer.get("tenant_access_token").asText(), clock.millis() + lifetime);
    tokens.put(key, fresh);
    return fresh.value();
  }

  private JsonNode post(String url, String bearer, Map<String, Object> body, String urlEnv)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(timeout)
            .header("Content-Type", "application/json; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 500 || response.statusCode() == 429) {
      throw ApplicationFailure.newFailure(
          "feishu app channel from " + urlEnv + " answered " + response.statusCode(),
          "NotifyFailed");
    }
    try {
      return json.readTree(response.body());
    } catch (IOException notJson) {
      throw ApplicationFailure.newFailure(
          "feishu app channel from "
              + urlEnv
              + " answered "
              + response.statusCode()
              + " without JSON",
          "NotifyFailed");
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> query = new HashMap<>();
    if (raw == null) {
      return query;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        query.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return query;
  }
}
