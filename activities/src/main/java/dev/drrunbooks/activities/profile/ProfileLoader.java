package dev.drrunbooks.activities.profile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.drrunbooks.profile.ProfileActivities;
import dev.drrunbooks.profile.ServiceProfile;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads {@code <dir>/<service>.yaml} into a {@link ServiceProfile}. Values may be {@code
 * ${ENV_VAR:default}} placeholders, resolved from the environment, so a placeholder from the plan
 * (a URL, an ARN) can be set per deployment without editing the file. Every problem is reported
 * with the exact field that is wrong.
 */
public final class ProfileLoader {

  private static final Pattern SERVICE_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\$\\{([A-Z_][A-Z0-9_]*)(?::([^}]*))?}");

  /** Files beside the profiles that are not profiles: the receiver's routes, the drills. */
  public static final java.util.Set<String> NOT_PROFILES =
      java.util.Set.of("alert-routes", "drills");

  private final Path directory;
  private final UnaryOperator<String> environment;
  private final ObjectMapper yaml =
      JsonMapper.builder(new YAMLFactory())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
          .build();

  public ProfileLoader(Path directory) {
    this(directory, System::getenv);
  }

  public ProfileLoader(Path directory, UnaryOperator<String> environment) {
    this.directory = directory;
    this.environment = environment;
  }

  /**
   * A schema file a profile names ({@code database.schemaFile}), read from beside the profiles: the
   * SQL that creates the sync tables in a scratch database. Only plain file names.
   */
  public String schemaFile(String name) {
    if (name == null || !name.matches("[A-Za-z0-9._/-]{1,200}") || name.contains("..")) {
      throw io.temporal.failure.ApplicationFailure.newNonRetryableFailure(
          "schemaFile must be a file name beside the profiles, e.g. schema/gitee-notion-sync.sql"
              + " (was "
              + name
              + ")",
          dev.drrunbooks.profile.ProfileActivities.INVALID_PROFILE);
    }
    try {
      return java.nio.file.Files.readString(directory.resolve(name));
    } catch (java.io.IOException e) {
      throw io.temporal.failure.ApplicationFailure.newNonRetryableFailure(
          "schema file " + directory.resolve(name) + " cannot be read: " + e.getMessage(),
          dev.drrunbooks.profile.ProfileActivities.INVALID_PROFILE);
    }
  }

  public Path directory() {
    return directory;
  }

  /** Names of the profiles in the directory, sorted. */
  public List<String> available() {
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yaml"))
          .map(n -> n.substring(0, n.length() - ".yaml".length()))
          .filter(n -> SERVICE_NAME.matcher(n).matches() && !NOT_PROFILES.contains(n))
          .sorted()
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** "did you mean 'sandbox'? " for a name one or two keystrokes from a known one, else "". */
  static String didYouMean(String typed, List<String> known) {
    String best = null;
    int bestDistance = 3;
    for (String k : known) {
      int d = distance(typed, k);
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    return best == null ? "" : "did you mean '" + best + "'? ";
  }

  /** Levenshtein distance: inserts, deletes and substitutions. */
  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  public ServiceProfile load(String service) {
    if (service == null || !SERVICE_NAME.matcher(service).matches()) {
      throw unknown(
          "'" + service + "' is not a service name (lowercase letters, digits and dashes)");
    }
    if (NOT_PROFILES.contains(service)) {
      throw unknown("'" + service + "' names a configuration file, not a service profile");
    }
    Path file = directory.resolve(service + ".yaml");
    if (!Files.isRegularFile(file)) {
      throw unknown(
          "no profile for service '"
              + service
              + "' in "
              + directory
              + "; "
              + didYouMean(service, available())
              + "known services: "
              + String.join(", ", available()));
    }
    ServiceProfile profile;
    try {
      JsonNode tree = yaml.readTree(file.toFile());
      if (tree == null || !tree.isObject()) {
        throw invalid(file, "the file is empty or not a YAML mapping");
      }
      List<String> missing = new ArrayList<>();
      JsonNode resolved = resolve(tree, "", missing);
      if (!missing.isEmpty()) {
        throw invalid(file, String.join("; ", missing));
      }
      profile = yaml.treeToValue(resolved, ServiceProfile.class);
    } catch (JsonMappingException e) {
      throw invalid(file, "field '" + path(e) + "': " + e.getOriginalMessage().split("\n")[0]);
    } catch (JsonProcessingException e) {
      throw invalid(file, "not valid YAML: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw ApplicationFailure.newFailure(
          "cannot read " + file + ": " + e.getMessage(), "ProfileUnreadable");
    }
    List<String> problems = ProfileRules.validate(service, profile);
    if (!problems.isEmpty()) {
      throw invalid(file, String.join("; ", problems));
    }
    return profile;
  }

  private JsonNode resolve(JsonNode node, String at, List<String> missing) {
    if (node.isTextual()) {
      Matcher m = PLACEHOLDER.matcher(node.textValue());
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String value = environment.apply(m.group(1));
        if (value == null || value.isEmpty()) {
          value = m.group(2);
        }
        if (value == null) {
          missing.add(
              at + ": environment variable " + m.group(1) + " is not set and has no default");
          value = "";
        }
        m.appendReplacement(out, Matcher.quoteReplacement(value));
      }
      m.appendTail(out);
      return TextNode.valueOf(out.toString());
    }
    if (node.isObject()) {
      ObjectNode copy = ((ObjectNode) node).objectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        copy.set(
            e.getKey(),
            resolve(e.getValue(), at.isEmpty() ? e.getKey() : at + "." + e.getKey(), missing));
      }
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = ((ArrayNode) node).arrayNode();
      for (int i = 0; i < node.size(); i++) {
        copy.add(resolve(node.get(i), at + "[" + i + "]", missing));
      }
      return copy;
    }
    return node;
  }

  private static String path(JsonMappingException e) {
    StringBuilder out = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (out.length() > 0) {
          out.append('.');
        }
        out.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        out.append('[').append(ref.getIndex()).append(']');
      }
    }
    return out.toString();
  }

  private static ApplicationFailure unknown(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, ProfileActivities.UNKNOWN_SERVICE);
  }

  private static ApplicationFailure invalid(Path file, String message) {
    return ApplicationFailure.newNonRetryableFailure(
        "profile " + file + " is invalid: " + message, ProfileActivities.INVALID_PROFILE);
  }
}
