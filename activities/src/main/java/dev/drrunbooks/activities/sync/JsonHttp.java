package dev.drrunbooks.activities.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * JSON over {@code java.net.http} for the Gitee and Notion clients: a 429 (or Notion's 529) is
 * retried after its {@code Retry-After}, a 5xx or a dropped connection after a short backoff, a few
 * times within one activity attempt; a Retry-After longer than {@link #MAX_WAIT} goes back to
 * Temporal, which retries no sooner; other 4xx are {@link ApiRefused}. Messages name the call as
 * the caller describes it, never the URL's query (Gitee takes its token there) nor a header.
 */
public final class JsonHttp {

  /** Tries per call; the activity's own retries come on top. */
  static final int ATTEMPTS = 3;

  /** The longest Retry-After honoured inside one attempt; longer waits go back to Temporal. */
  static final Duration MAX_WAIT = Duration.ofSeconds(30);

  /** Waits between tries; tests replace it to not sleep. */
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  private final HttpClient client;
  private final ObjectMapper json;
  private final Sleeper sleeper;

  public JsonHttp(HttpClient client, ObjectMapper json, Sleeper sleeper) {
    this.client = client;
    this.json = json;
    this.sleeper = sleeper;
  }

  public static JsonHttp standard(ObjectMapper json) {
    return new JsonHttp(
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(),
        json,
        d -> Thread.sleep(d.toMillis()));
  }

  public ObjectMapper json() {
    return json;
  }

  public JsonNode get(URI uri, Map<String, String> headers, String what) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
    return send(request, headers, what);
  }

  public JsonNode post(URI uri, Map<String, String> headers, JsonNode body, String what) {
    return post(uri, headers, body, what, ATTEMPTS);
  }

  /**
   * A POST that creates something, sent once: a 5xx or a lost answer may mean it was created, so it
   * is not sent again here; the caller looks before it creates.
   */
  public JsonNode postOnce(URI uri, Map<String, String> headers, JsonNode body, String what) {
    return post(uri, headers, body, what, 1);
  }

  private JsonNode post(
      URI uri, Map<String, String> headers, JsonNode body, String what, int attempts) {
    String text;
    try {
      text = json.writeValueAsString(body);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot write the body of " + what, e);
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(text));
    return send(request, headers, what, attempts);
  }

  private JsonNode send(HttpRequest.Builder builder, Map<String, String> headers, String what) {
    return send(builder, headers, what, ATTEMPTS);
  }

  private JsonNode send(
      HttpRequest.Builder builder, Map<String, String> headers, String what, int attempts) {
    headers.forEach(builder::header);
    builder.header("Accept", "application/json").timeout(Duration.ofSeconds(20));
    HttpRequest request = builder.build();
    String last = "no answer";
    for (int attempt = 1; attempt <= attempts; attempt++) {
      Duration wait = Duration.ofSeconds(attempt);
      try {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status / 100 == 2) {
          return response.body() == null || response.body().isBlank()
              ? json.createObjectNode()
              : json.readTree(response.body());
        }
        if (status == 429 || status == 529 || status / 100 == 5) {
          last = status + " " + reason(response.body());
          Optional<Duration> asked = retryAfter(response);
          if (asked.isPresent()) {
            if (asked.get().compareTo(MAX_WAIT) > 0) {
              throw new ApiUnavailable(
                  what + ": " + last + "; Retry-After " + asked.get().toSeconds() + " s",
                  asked.get());
            }
            wait = asked.get();
          }
        } else {
          throw new ApiRefused(status, what + ": " + status + " " + reason(response.body()));
        }
      } catch (IOException e) {
        last = e.getClass().getSimpleName();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ApiUnavailable(what + ": interrupted");
      }
      if (attempt < attempts) {
        try {
          sleeper.sleep(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ApiUnavailable(what + ": interrupted");
        }
      }
    }
    throw new ApiUnavailable(
        what + ": " + last + (attempts == 1 ? "" : " after " + attempts + " tries"));
  }

  private static Optional<Duration> retryAfter(HttpResponse<String> response) {
    return response
        .headers()
        .firstValue("Retry-After")
        .flatMap(
            v -> {
              try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v.trim()))));
              } catch (NumberFormatException notSeconds) {
                return Optional.empty(); // an HTTP date: fall back to our own backoff
              }
            });
  }

  /** The error's own message (Gitee and Notion both send {"message": ...}), one short line. */
  private String reason(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    try {
      JsonNode node = json.readTree(body);
      String message = node.path("message").asText("");
      String code = node.path("code").asText("");
      String text = (code.isEmpty() ? "" : code + ": ") + message;
      return oneLine(text);
    } catch (IOException notJson) {
      return oneLine(body);
    }
  }

  private static String oneLine(String text) {
    String flat = text.replaceAll("\\p{Cntrl}", " ").trim();
    return flat.length() <= 200 ? flat : flat.substring(0, 200) + "...";
  }
}
