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
import dev.drrunbooks.profile.ServiceProfile.Ecs;
import dev.drrunbooks.profile.ServiceProfile.NotificationChannel;
import dev.drrunbooks.rollback.AppRollbackRequest;
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
  private static final Pattern ENV_NAME = Pattern.compile("[A-Z_][A-Z0-9_]*");
  private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");

  /** Automatic rollback triggers: every trigger a rollback knows except a manual start. */
  private static final List<String> TRIGGERS =
      AppRollbackRequest.TRIGGERS.stream()
          .filter(t -> !AppRollbackRequest.MANUAL.equals(t))
          .toList();

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
    List<String> problems = validate(service, profile);
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

  static List<String> validate(String service, ServiceProfile p) {
    List<String> problems = new ArrayList<>();
    Check c = new Check(problems);
    c.that(
        service.equals(p.name()),
        "name",
        "must be '" + service + "' (the file name), was '" + p.name() + "'");
    c.that(p.target() != null, "target", "is required: aws or sandbox");
    if (c.present(p.objectives(), "objectives")) {
      c.that(
          p.objectives().rtoMinutes() > 0,
          "objectives.rtoMinutes",
          "must be more than 0 (was " + p.objectives().rtoMinutes() + ")");
      c.that(
          p.objectives().rpoMinutes() > 0,
          "objectives.rpoMinutes",
          "must be more than 0 (was " + p.objectives().rpoMinutes() + ")");
      double a = p.objectives().availabilityPercent();
      c.that(
          a > 0 && a <= 100,
          "objectives.availabilityPercent",
          "must be in (0, 100] (was " + a + ")");
    }
    if (c.present(p.regions(), "regions")) {
      c.text(p.regions().primary(), "regions.primary");
    }
    if (c.present(p.ecs(), "ecs")) {
      c.text(p.ecs().cluster(), "ecs.cluster");
      c.text(p.ecs().service(), "ecs.service");
      c.text(p.ecs().taskFamily(), "ecs.taskFamily");
      c.that(
          Ecs.STRATEGIES.contains(p.ecs().strategyOrDefault()),
          "ecs.rollbackStrategy",
          "must be one of "
              + String.join(", ", Ecs.STRATEGIES)
              + " (was '"
              + p.ecs().rollbackStrategy()
              + "')");
      c.that(
          p.ecs().gradualBatchPercent() >= 1 && p.ecs().gradualBatchPercent() <= 100,
          "ecs.gradualBatchPercent",
          "must be in [1, 100] (was " + p.ecs().gradualBatchPercent() + ")");
      c.that(
          p.ecs().maxDesiredCount() >= 1,
          "ecs.maxDesiredCount",
          "must be 1 or more: the most tasks a run may scale the service to (was "
              + p.ecs().maxDesiredCount()
              + ")");
    }
    if (c.present(p.logs(), "logs")) {
      c.text(p.logs().logGroup(), "logs.logGroup");
      c.that(
          p.logs().lookbackMinutes() > 0,
          "logs.lookbackMinutes",
          "must be more than 0 (was " + p.logs().lookbackMinutes() + ")");
    }
    if (c.present(p.health(), "health")) {
      c.that(
          p.health().url() != null && p.health().url().matches("https?://\\S+"),
          "health.url",
          "must be an http(s) URL (was '" + p.health().url() + "')");
      double max = p.health().maxErrorRatePercent();
      c.that(
          max >= 0 && max <= 100,
          "health.maxErrorRatePercent",
          "must be in [0, 100] (was " + max + ")");
      c.that(
          p.health().errorRateWindowMinutes() > 0,
          "health.errorRateWindowMinutes",
          "must be more than 0");
      int period = p.health().metricPeriodSeconds();
      c.that(
          period == 1
              || period == 5
              || period == 10
              || period == 30
              || (period > 0 && period % 60 == 0),
          "health.metricPeriodSeconds",
          "must be 1, 5, 10, 30 or a multiple of 60, as CloudWatch allows (was " + period + ")");
      c.that(
          p.health().minRequests() >= 1,
          "health.minRequests",
          "must be 1 or more (was " + p.health().minRequests() + ")");
      c.that(
          p.health().maxLatencyP90Millis() >= 0,
          "health.maxLatencyP90Millis",
          "must be 0 (not judged) or more (was " + p.health().maxLatencyP90Millis() + ")");
      c.that(
          p.health().verifyTimeoutSeconds() > 0,
          "health.verifyTimeoutSeconds",
          "must be more than 0 (was " + p.health().verifyTimeoutSeconds() + ")");
    }
    if (p.sync() != null) {
      validateSync(c, p.sync());
    }
    if (p.failover() != null) {
      validateFailover(c, p);
    }
    if (p.backup() != null && p.backup().maxSetAgeMinutes() != null) {
      int maxAge = p.backup().maxSetAgeMinutes();
      c.that(
          maxAge >= 1 && maxAge <= 7 * 24 * 60,
          "backup.maxSetAgeMinutes",
          "must be from 1 to 10080 (a week) (was " + maxAge + ")");
    }
    if (p.database() != null) {
      c.text(p.database().host(), "database.host");
      c.that(
          p.database().port() >= 1 && p.database().port() <= 65535,
          "database.port",
          "must be from 1 to 65535 (was " + p.database().port() + ")");
      var restore = p.database().restore();
      if (restore != null) {
        c.that(
            (restore.subnetGroup() == null)
                == (restore.securityGroupIds() == null || restore.securityGroupIds().isEmpty()),
            "database.restore",
            "names the network with both subnetGroup and securityGroupIds, or neither (a restore"
                + " then copies them from the source instance)");
        if (restore.securityGroupIds() != null) {
          for (String sg : restore.securityGroupIds()) {
            c.that(
                sg != null && sg.matches("sg-[0-9a-f]{8,17}"),
                "database.restore.securityGroupIds",
                "must be security group ids like sg-0123abcd (was " + sg + ")");
          }
        }
      }
    }
    if (p.incident() != null) {
      validateIncident(c, p.incident());
    }
    c.that(
        p.approvers() != null
            && !p.approvers().isEmpty()
            && p.approvers().stream().noneMatch(a -> a == null || a.isBlank()),
        "approvers",
        "must list at least one person, without blanks");
    if (p.approverChatIds() != null) {
      p.approverChatIds()
          .keySet()
          .forEach(
              name ->
                  c.that(
                      p.allowsApprover(name),
                      "approverChatIds." + name,
                      "is not one of the approvers: chat ids belong to approvers"));
    }
    if (p.contacts() != null) {
      for (int i = 0; i < p.contacts().size(); i++) {
        ServiceProfile.Contact contact = p.contacts().get(i);
        String at = "contacts[" + i + "]";
        if (!c.present(contact, at)) {
          continue;
        }
        c.text(contact.role(), at + ".role");
        c.that(
            java.util.stream.Stream.of(contact.phone(), contact.email(), contact.url())
                .anyMatch(v -> v != null && !v.isBlank()),
            at,
            "needs a way to reach " + contact.role() + ": phone, email or url");
      }
    }
    if (p.policy() != null && p.policy().autoApproveRollbackTriggers() != null) {
      for (String t : p.policy().autoApproveRollbackTriggers()) {
        c.that(
            TRIGGERS.contains(t),
            "policy.autoApproveRollbackTriggers",
            "'" + t + "' is not an automatic trigger; use " + String.join(", ", TRIGGERS));
      }
    }
    if (p.notifications() != null) {
      for (int i = 0; i < p.notifications().size(); i++) {
        NotificationChannel ch = p.notifications().get(i);
        String at = "notifications[" + i + "]";
        if (!c.present(ch, at)) {
          continue;
        }
        c.that(
            NotificationChannel.TYPES.contains(ch.type()),
            at + ".type",
            "must be one of "
                + String.join(", ", NotificationChannel.TYPES)
                + " (was '"
                + ch.type()
                + "')");
        if (ch.secretEnv() != null) {
          c.that(
              ENV_NAME.matcher(ch.secretEnv()).matches(),
              at + ".secretEnv",
              "must name the environment variable that holds the signing secret");
        }
        if ("email".equals(ch.type())) {
          c.that(
              ch.recipients() != null
                  && !ch.recipients().isEmpty()
                  && ch.recipients().stream()
                      .allMatch(r -> r != null && r.matches("[^@\\s]+@[^@\\s]+")),
              at + ".recipients",
              "must list e-mail addresses (the contacts of plan section 8)");
        }
        if (!"log".equals(ch.type())) {
          c.that(
              ch.urlEnv() != null && ENV_NAME.matcher(ch.urlEnv()).matches(),
              at + ".urlEnv",
              "must name the environment variable that holds the webhook URL (the URL is a secret and stays out of the profile)");
        }
      }
    }
    if (c.present(p.timings(), "timings")) {
      c.that(
          p.timings().steadyStatePollSeconds() > 0,
          "timings.steadyStatePollSeconds",
          "must be more than 0");
      c.that(
          p.timings().steadyStateTimeoutMinutes() > 0,
          "timings.steadyStateTimeoutMinutes",
          "must be more than 0");
      c.that(
          p.timings().approvalReminderMinutes() > 0,
          "timings.approvalReminderMinutes",
          "must be more than 0");
    }
    return problems;
  }

  /**
   * A token is named, never held: an environment variable of the worker, or a Secrets Manager
   * secret by ARN; exactly one.
   */
  private static void token(Check c, String at, String env, String secretArn) {
    boolean hasEnv = env != null && !env.isBlank();
    boolean hasSecret = secretArn != null && !secretArn.isBlank();
    c.that(
        hasEnv != hasSecret,
        at + ".tokenEnv",
        "or "
            + at
            + ".tokenSecretArn: exactly one must say where the token is (it is a secret and"
            + " stays out of the profile)");
    if (hasEnv) {
      c.that(
          ENV_NAME.matcher(env).matches(),
          at + ".tokenEnv",
          "must name the environment variable that holds the token (the token is a secret and"
              + " stays out of the profile)");
    }
    if (hasSecret) {
      c.that(
          secretArn.matches("arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:.+"),
          at + ".tokenSecretArn",
          "must be a Secrets Manager secret ARN (arn:aws:secretsmanager:region:account:secret:name)");
    }
  }

  /** Optional: without it every incident waits for its commander and reports stay local. */
  private static void validateIncident(Check c, ServiceProfile.Incident incident) {
    List<String> procedures =
        dev.drrunbooks.incident.Recoveries.NAMES.stream()
            .filter(n -> !dev.drrunbooks.incident.Recoveries.NONE.equals(n))
            .toList();
    List<String> severities =
        Stream.of(dev.drrunbooks.incident.Severity.values()).map(Enum::name).toList();
    List<ServiceProfile.Incident.AutoStart> rules =
        incident.autoStart() == null ? List.of() : incident.autoStart();
    for (int i = 0; i < rules.size(); i++) {
      ServiceProfile.Incident.AutoStart rule = rules.get(i);
      String at = "incident.autoStart[" + i + "]";
      if (!c.present(rule, at)) {
        continue;
      }
      c.that(
          procedures.contains(rule.procedure()),
          at + ".procedure",
          "must be one of " + String.join(", ", procedures) + " (was '" + rule.procedure() + "')");
      c.that(
          rule.alerts() != null
              && !rule.alerts().isEmpty()
              && rule.alerts().stream().noneMatch(a -> a == null || a.isBlank()),
          at + ".alerts",
          "must name at least one alert; a manual incident never starts a recovery by itself");
      c.that(
          rule.severities() != null
              && !rule.severities().isEmpty()
              && severities.containsAll(rule.severities()),
          at + ".severities",
          "must list severities from " + String.join(", ", severities));
    }
    if (incident.reportBucket() != null) {
      c.that(
          incident.reportBucket().matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]"),
          "incident.reportBucket",
          "must be an S3 bucket name (was '" + incident.reportBucket() + "')");
    }
  }

  /** Optional too: without it a region failover is refused, saying what is missing. */
  private static void validateFailover(Check c, ServiceProfile p) {
    ServiceProfile.Failover f = p.failover();
    c.that(
        p.regions() != null && p.regions().standby() != null && !p.regions().standby().isBlank(),
        "regions.standby",
        "is required with a failover section");
    c.that(
        p.dns() != null && p.dns().hostedZoneId() != null && p.dns().recordName() != null,
        "dns",
        "hostedZoneId and recordName are required with a failover section");
    if (c.present(f.standby(), "failover.standby")) {
      c.text(f.standby().cluster(), "failover.standby.cluster");
      c.text(f.standby().service(), "failover.standby.service");
      c.text(f.standby().targetGroupArn(), "failover.standby.targetGroupArn");
      c.text(f.standby().loadBalancerDnsName(), "failover.standby.loadBalancerDnsName");
      int max = p.ecs() == null ? 1 : p.ecs().maxDesiredCount();
      c.that(
          f.standby().idleCount() >= 0 && f.standby().idleCount() <= f.standby().desiredCount(),
          "failover.standby.idleCount",
          "must be from 0 to failover.standby.desiredCount (was " + f.standby().idleCount() + ")");
      c.that(
          f.standby().desiredCount() >= 1 && f.standby().desiredCount() <= max,
          "failover.standby.desiredCount",
          "must be from 1 to ecs.maxDesiredCount "
              + max
              + " (was "
              + f.standby().desiredCount()
              + ")");
    }
    if (f.database() != null) {
      c.text(f.database().replicaInstanceId(), "failover.database.replicaInstanceId");
    }
    if (f.routingControl() != null) {
      ServiceProfile.Failover.RoutingControl rc = f.routingControl();
      c.text(rc.primaryControlArn(), "failover.routingControl.primaryControlArn");
      c.text(rc.standbyControlArn(), "failover.routingControl.standbyControlArn");
      c.that(
          rc.endpoints() != null
              && !rc.endpoints().isEmpty()
              && rc.endpoints().stream()
                  .allMatch(
                      e ->
                          e != null
                              && e.url() != null
                              && e.url().matches("https?://\\S+")
                              && e.region() != null
                              && !e.region().isBlank()),
          "failover.routingControl.endpoints",
          "must list the cluster's endpoints, each with url and region");
    }
    if (c.present(f.dns(), "failover.dns")) {
      String type = f.dns().recordType();
      c.that(
          ServiceProfile.Failover.DnsSwitch.CNAME.equals(type)
              || ServiceProfile.Failover.DnsSwitch.ALIAS.equals(type),
          "failover.dns.recordType",
          "must be CNAME or ALIAS (was '" + type + "')");
      c.that(
          f.dns().ttlSeconds() >= 1 && f.dns().ttlSeconds() <= 86400,
          "failover.dns.ttlSeconds",
          "must be from 1 to 86400 (was " + f.dns().ttlSeconds() + ")");
      c.text(f.dns().primaryLoadBalancerDnsName(), "failover.dns.primaryLoadBalancerDnsName");
      if (ServiceProfile.Failover.DnsSwitch.ALIAS.equals(type)) {
        c.text(
            f.dns().primaryLoadBalancerHostedZoneId(),
            "failover.dns.primaryLoadBalancerHostedZoneId");
        if (f.standby() != null) {
          c.text(
              f.standby().loadBalancerHostedZoneId(), "failover.standby.loadBalancerHostedZoneId");
        }
      }
    }
  }

  /** The sync section is optional: without it a validation says the data checks cannot run. */
  private static void validateSync(Check c, ServiceProfile.Sync sync) {
    if (c.present(sync.gitee(), "sync.gitee")) {
      c.that(
          sync.gitee().baseUrl() != null && sync.gitee().baseUrl().matches("https?://\\S+"),
          "sync.gitee.baseUrl",
          "must be an http(s) URL, e.g. https://gitee.com/api/v5");
      token(c, "sync.gitee", sync.gitee().tokenEnv(), sync.gitee().tokenSecretArn());
      List<String> repos = sync.gitee().repositories();
      c.that(
          repos != null
              && !repos.isEmpty()
              && repos.stream().allMatch(r -> r != null && REPOSITORY.matcher(r).matches()),
          "sync.gitee.repositories",
          "must list the synced repositories as owner/repo");
    }
    if (c.present(sync.notion(), "sync.notion")) {
      ServiceProfile.Sync.Notion n = sync.notion();
      c.that(
          n.baseUrl() != null && n.baseUrl().matches("https?://\\S+"),
          "sync.notion.baseUrl",
          "must be an http(s) URL, e.g. https://api.notion.com");
      token(c, "sync.notion", n.tokenEnv(), n.tokenSecretArn());
      c.that(
          n.version() != null && n.version().matches("\\d{4}-\\d{2}-\\d{2}"),
          "sync.notion.version",
          "must be a Notion-Version date, e.g. 2025-09-03");
      c.text(n.dataSourceId(), "sync.notion.dataSourceId");
      c.text(n.keyProperty(), "sync.notion.keyProperty");
      c.text(n.titleProperty(), "sync.notion.titleProperty");
      c.text(n.updatedProperty(), "sync.notion.updatedProperty");
    }
    if (sync.canary() != null && sync.canary().enabled()) {
      c.that(
          sync.canary().repository() != null
              && REPOSITORY.matcher(sync.canary().repository()).matches(),
          "sync.canary.repository",
          "must be owner/repo");
      c.text(sync.canary().issueNumber(), "sync.canary.issueNumber");
      c.that(
          sync.canary().timeoutSeconds() > 0, "sync.canary.timeoutSeconds", "must be more than 0");
    }
    c.that(
        sync.recentIssues() >= 1 && sync.recentIssues() <= 100,
        "sync.recentIssues",
        "must be in [1, 100] (was " + sync.recentIssues() + ")");
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

  private record Check(List<String> problems) {
    void that(boolean ok, String field, String message) {
      if (!ok) {
        problems.add(field + " " + message);
      }
    }

    boolean present(Object value, String field) {
      that(value != null, field, "is required");
      return value != null;
    }

    void text(String value, String field) {
      that(value != null && !value.isBlank(), field, "is required");
    }
  }
}
