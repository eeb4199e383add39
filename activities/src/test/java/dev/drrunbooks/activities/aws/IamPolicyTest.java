package dev.drrunbooks.activities.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/iam-policy.json} grants exactly the API actions the activities call: every AWS SDK
 * operation invoked in {@code activities/src/main} (found by the client types each file uses and
 * the operations those clients really have) needs an allowing statement, and a statement action
 * that no code calls is an over-grant. A new SDK call without its policy line fails here.
 */
class IamPolicyTest {

  private static final Path SOURCES = Path.of("src", "main", "java");
  private static final Path POLICY = Path.of("..", "docs", "iam-policy.json");

  private static final Pattern CLIENT =
      Pattern.compile("software\\.amazon\\.awssdk\\.services\\.(\\w+)\\.(\\w+Client)\\b");

  /** The IAM prefix of each SDK service package. */
  private static final Map<String, String> PREFIX =
      Map.of(
          "cloudwatch", "cloudwatch",
          "cloudwatchlogs", "logs",
          "ecs", "ecs",
          "elasticloadbalancingv2", "elasticloadbalancing",
          "rds", "rds",
          "route53", "route53",
          "route53recoverycluster", "route53-recovery-cluster",
          "s3", "s3",
          "secretsmanager", "secretsmanager");

  /**
   * Where the IAM action is not the operation's name (S3's object and bucket listings, versioned
   * reads), or the operation needs another action too (an RDS restore that tags what it creates).
   */
  private static final Map<String, Set<String>> ACTIONS =
      Map.of(
          "rds:RestoreDBInstanceToPointInTime",
          Set.of("rds:RestoreDBInstanceToPointInTime", "rds:AddTagsToResource"),
          "rds:RestoreDBInstanceFromDBSnapshot",
          Set.of("rds:RestoreDBInstanceFromDBSnapshot", "rds:AddTagsToResource"),
          "s3:ListObjectsV2",
          Set.of("s3:ListBucket"),
          "s3:ListObjectVersions",
          Set.of("s3:ListBucketVersions"),
          "s3:HeadObject",
          Set.of("s3:GetObject"),
          "s3:HeadBucket",
          Set.of("s3:ListBucket"),
          "s3:GetObject",
          Set.of("s3:GetObject", "s3:GetObjectVersion"),
          "s3:CopyObject",
          Set.of("s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"),
          "s3:DeleteObjects",
          // deleting by version id (a purge of a versioned bucket) is its own action
          Set.of("s3:DeleteObject", "s3:DeleteObjectVersion"));

  @Test
  void policyAllowsEveryCallTheActivitiesMake_andNothingElse() throws IOException {
    Map<String, Set<String>> called = calledActions();
    Set<String> granted = grantedActions();

    assertThat(called).as("SDK calls found in %s", SOURCES).isNotEmpty();
    Map<String, Set<String>> missing = new TreeMap<>();
    called.forEach(
        (action, where) -> {
          if (!granted.contains(action)) {
            missing.put(action, where);
          }
        });
    assertThat(missing).as("actions called but not in %s", POLICY).isEmpty();
    Set<String> unused = new TreeSet<>(granted);
    unused.removeAll(called.keySet());
    assertThat(unused).as("actions granted by %s that no code calls", POLICY).isEmpty();
  }

  @Test
  void everyStatementIsAnAllowWithNamedActions_noWildcards() throws IOException {
    JsonNode policy = new ObjectMapper().readTree(POLICY.toFile());

    assertThat(policy.path("Version").asText()).isEqualTo("2012-10-17");
    for (JsonNode statement : policy.path("Statement")) {
      assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
      assertThat(statement.path("Sid").asText()).isNotBlank();
      for (JsonNode action : actions(statement)) {
        assertThat(action.asText()).doesNotContain("*");
      }
    }
  }

  /** IAM action → the files that call it. */
  private static Map<String, Set<String>> calledActions() throws IOException {
    Map<String, Set<String>> called = new TreeMap<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String text = Files.readString(file);
        Matcher clients = CLIENT.matcher(text);
        Set<String> seen = new TreeSet<>();
        while (clients.find()) {
          if (!seen.add(clients.group())) {
            continue;
          }
          String prefix = PREFIX.get(clients.group(1));
          assertThat(prefix).as("IAM prefix of SDK package %s", clients.group(1)).isNotNull();
          for (String operation : operations(clients.group())) {
            // The operation itself, its paginator, or the SDK's ...AsBytes convenience form.
            Pattern call = Pattern.compile("\\.\\s*" + operation + "(Paginator|AsBytes)?\\s*\\(");
            if (call.matcher(text).find()) {
              String action =
                  prefix
                      + ":"
                      + Character.toUpperCase(operation.charAt(0))
                      + operation.substring(1);
              for (String iam : ACTIONS.getOrDefault(action, Set.of(action))) {
                called
                    .computeIfAbsent(iam, k -> new TreeSet<>())
                    .add(file.getFileName().toString());
              }
            }
          }
        }
      }
    }
    return called;
  }

  /** The API operations of an SDK client: its methods that take the operation's request. */
  private static Set<String> operations(String clientClass) {
    try {
      Set<String> operations = new TreeSet<>();
      for (Method m : Class.forName(clientClass).getMethods()) {
        if (m.getParameterCount() == 1
            && m.getParameterTypes()[0].getName().endsWith("Request")
            && !m.getName().endsWith("Paginator")
            && !m.getName().endsWith("AsBytes")) {
          operations.add(m.getName());
        }
      }
      return operations;
    } catch (ClassNotFoundException e) {
      throw new AssertionError("not an SDK client: " + clientClass, e);
    }
  }

  private static Set<String> grantedActions() throws IOException {
    Set<String> granted = new TreeSet<>();
    for (JsonNode statement : new ObjectMapper().readTree(POLICY.toFile()).path("Statement")) {
      actions(statement).forEach(a -> granted.add(a.asText()));
    }
    return granted;
  }

  private static Iterable<JsonNode> actions(JsonNode statement) {
    JsonNode action = statement.path("Action");
    return action.isArray() ? action : java.util.List.of(action);
  }
}
