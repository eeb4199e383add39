package dev.drrunbooks.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The production compose file, checked without a Docker engine: what it runs is pinned, restarts
 * and says whether it is healthy; our images are the ones the build makes; every variable is
 * documented and read by someone; and the deployment guide names nothing the file does not have.
 */
class ComposeFileTest {

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Pattern VARIABLE =
      Pattern.compile("(?<!\\$)\\$\\{([A-Z][A-Z0-9_]*)"); // $${X}: escaped
  static final Pattern ASSIGNMENT = Pattern.compile("(?m)^#?\\s?([A-Z][A-Z0-9_]*)=");

  final JsonNode compose = read(ROOT.resolve("docker-compose.yml"));
  final JsonNode services = compose.path("services");

  @Test
  void everyServiceIsPinned_andLongRunningOnesRestartWithAHealthCheck() {
    Set<String> awaited = new LinkedHashSet<>();
    services.forEach(
        s ->
            s.path("depends_on")
                .fields()
                .forEachRemaining(
                    d -> {
                      if ("service_completed_successfully"
                          .equals(d.getValue().path("condition").asText())) {
                        awaited.add(d.getKey());
                      }
                    }));
    services
        .fields()
        .forEachRemaining(
            e -> {
              String name = e.getKey();
              JsonNode s = e.getValue();
              String image = s.path("image").asText();
              assertThat(image).as(name).matches("[a-z0-9./-]+:[A-Za-z0-9._-]+");
              assertThat(image).as(name).doesNotEndWith(":latest");
              String restart = s.path("restart").asText();
              if (restart.startsWith("on-failure")) {
                assertThat(awaited)
                    .as(name + " is a one-shot that something waits for")
                    .contains(name);
              } else {
                assertThat(restart).as(name).isEqualTo("unless-stopped");
                assertThat(s.path("healthcheck").path("test").isArray()).as(name).isTrue();
              }
            });
    assertThat(fieldNames(services))
        .contains("postgresql", "temporal", "temporal-ui", "worker", "receiver", "runbook-setup");
    assertThat(services.path("runbook-setup").path("entrypoint").toString())
        .contains("runbook setup")
        .contains("runbook schedules apply");
  }

  @Test
  void workerAndReceiverImages_areTheOnesTheJibProfileBuilds() throws Exception {
    Map<String, JibImage> built = jibImages();
    assertThat(built).containsOnlyKeys("worker-image", "receiver-image");
    JibImage worker = built.get("worker-image");
    JibImage receiver = built.get("receiver-image");
    assertThat(image("worker")).isEqualTo(worker.name());
    assertThat(image("runbook-setup")).isEqualTo(worker.name());
    assertThat(image("receiver")).isEqualTo(receiver.name());
    assertThat(worker.args()).containsExactly("worker");
    assertThat(receiver.args()).containsExactly("receiver");
    // The ports the images expose are the ones the services listen on and publish.
    assertThat(env("worker").get("RUNBOOK_METRICS_PORT")).isEqualTo(worker.port());
    assertThat(containerPorts("worker")).containsExactly(worker.port());
    assertThat(env("receiver").get("RUNBOOK_RECEIVER_PORT")).isEqualTo(receiver.port());
    assertThat(containerPorts("receiver")).containsExactly(receiver.port());
  }

  @Test
  void everyVariableIsDocumented_andEveryDocumentedOneIsUsed() throws Exception {
    String composeText = Files.readString(ROOT.resolve("docker-compose.yml"));
    Set<String> interpolated = matches(VARIABLE, composeText);
    Set<String> composeSettings =
        matches(ASSIGNMENT, Files.readString(ROOT.resolve(".env.example")));
    assertThat(composeSettings)
        .as(".env.example covers the compose file")
        .containsAll(interpolated);
    assertThat(interpolated).as("every .env.example setting is used").containsAll(composeSettings);

    Set<String> appSettings =
        matches(ASSIGNMENT, Files.readString(ROOT.resolve("runbook.env.example")));
    assertThat(appSettings).contains("RUNBOOK_RECEIVER_TOKEN", "TEMPORAL_API_KEY", "GITEE_TOKEN");
    String sources = applicationSources();
    for (String variable : appSettings) {
      boolean standard = variable.startsWith("AWS_") || variable.startsWith("TEMPORAL_");
      assertThat(standard || sources.contains(variable))
          .as("runbook.env.example names %s, which nothing reads", variable)
          .isTrue();
    }
  }

  @Test
  void copiedExample_shipsNoPassword_soComposeRefusesToStartUntilOneIsSet() throws Exception {
    String example = Files.readString(ROOT.resolve(".env.example"));
    assertThat(example).containsPattern("(?m)^TEMPORAL_DB_PASSWORD=$");
    assertThat(Files.readString(ROOT.resolve("docker-compose.yml")))
        .contains("${TEMPORAL_DB_PASSWORD:?set TEMPORAL_DB_PASSWORD in .env}");
  }

  @Test
  void theDeploymentGuideNamesOnlyWhatTheFileHas() throws Exception {
    String guide = Files.readString(ROOT.resolve("docs/deployment.md"));
    Set<String> named = new TreeSet<>();
    Matcher row =
        Pattern.compile("(?m)^\\| `([a-z-]+)` \\| `([^`]+)` \\| ([^|]+) \\|").matcher(guide);
    while (row.find()) {
      String service = row.group(1);
      named.add(service);
      assertThat(fieldNames(services)).as("guide's service " + service).contains(service);
      assertThat(image(service)).as(service + "'s image in the guide").isEqualTo(row.group(2));
      Matcher port = Pattern.compile("`(\\d+)`").matcher(row.group(3));
      if (port.find()) {
        assertThat(containerPorts(service)).as(service + "'s port").contains(port.group(1));
      } else {
        assertThat(services.path(service).has("ports"))
            .as(service + " publishes nothing")
            .isFalse();
      }
    }
    assertThat(named).as("the guide's table lists every service").isEqualTo(fieldNames(services));
    Set<String> volumes = fieldNames(compose.path("volumes"));
    for (String volume : matches(Pattern.compile("volume `([a-z-]+)`"), guide)) {
      assertThat(volumes).contains(volume);
    }
    String known =
        Files.readString(ROOT.resolve("docker-compose.yml"))
            + Files.readString(ROOT.resolve(".env.example"))
            + Files.readString(ROOT.resolve("runbook.env.example"))
            + applicationSources();
    for (String variable :
        matches(Pattern.compile("`((?:RUNBOOK|TEMPORAL|DR)_[A-Z0-9_]+)`"), guide)) {
      assertThat(known).as("the guide's variable " + variable).contains(variable);
    }
    for (String path : matches(Pattern.compile("\\]\\(\\.\\./([^)#]+)\\)"), guide)) {
      assertThat(ROOT.resolve(path)).as("the guide links " + path).exists();
    }
  }

  /** Debian's docker-compose validates the file without an engine; run it where it is. */
  @Test
  void dockerComposeAcceptsTheFile(@TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(
        Stream.of(System.getenv("PATH").split(File.pathSeparator))
            .anyMatch(p -> Files.isExecutable(Path.of(p, "docker-compose"))),
        "docker-compose is not installed (apt-get install docker-compose)");
    Files.copy(ROOT.resolve("docker-compose.yml"), dir.resolve("docker-compose.yml"));
    Files.copy(ROOT.resolve("runbook.env.example"), dir.resolve("runbook.env"));
    Files.copy(ROOT.resolve(".env.example"), dir.resolve(".env"));
    assertThat(compose(dir, "config", "-q")).isEqualTo("exit 0: ");
    // Without the database password, compose refuses and says which one.
    Files.writeString(
        dir.resolve(".env"),
        Files.readString(dir.resolve(".env")).replaceAll("(?m)^TEMPORAL_DB_PASSWORD=.*$", ""));
    assertThat(compose(dir, "config", "-q")).contains("set TEMPORAL_DB_PASSWORD in .env");
  }

  // --- helpers ---------------------------------------------------------------------------

  record JibImage(String name, List<String> args, String port) {}

  private static Map<String, JibImage> jibImages() throws Exception {
    Document pom =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(ROOT.resolve("worker/pom.xml").toFile());
    String version = text((Element) pom.getElementsByTagName("parent").item(0), "version");
    Map<String, JibImage> images = new LinkedHashMap<>();
    NodeList executions = pom.getElementsByTagName("execution");
    for (int i = 0; i < executions.getLength(); i++) {
      Element execution = (Element) executions.item(i);
      if (!text(execution, "goal").equals("buildTar")) {
        continue;
      }
      Element to = (Element) execution.getElementsByTagName("to").item(0);
      List<String> args = new ArrayList<>();
      NodeList argNodes = execution.getElementsByTagName("arg");
      for (int a = 0; a < argNodes.getLength(); a++) {
        args.add(argNodes.item(a).getTextContent().trim());
      }
      images.put(
          text(execution, "id"),
          new JibImage(
              text(to, "image").replace("${project.version}", version),
              args,
              text(execution, "port")));
    }
    return images;
  }

  private static String text(Element parent, String tag) {
    NodeList nodes = parent.getElementsByTagName(tag);
    return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().trim();
  }

  private String image(String service) {
    return services.path(service).path("image").asText();
  }

  private Map<String, String> env(String service) {
    Map<String, String> env = new LinkedHashMap<>();
    services
        .path(service)
        .path("environment")
        .fields()
        .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
    return env;
  }

  /** The container side of each published port ("${X:-8088}:8088" is 8088). */
  private List<String> containerPorts(String service) {
    List<String> ports = new ArrayList<>();
    services
        .path(service)
        .path("ports")
        .forEach(p -> ports.add(p.asText().substring(p.asText().lastIndexOf(':') + 1)));
    return ports;
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new TreeSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static Set<String> matches(Pattern pattern, String text) {
    Set<String> found = new TreeSet<>();
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  /** Everything the application could read a variable from: its code, config and profiles. */
  private static String applicationSources() throws Exception {
    StringBuilder all = new StringBuilder();
    for (String dir :
        List.of(
            "worker/src/main",
            "starter/src/main",
            "activities/src/main",
            "workflows/src/main",
            "runbooks")) {
      try (Stream<Path> files = Files.walk(ROOT.resolve(dir))) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          String name = f.getFileName().toString();
          if (name.endsWith(".java") || name.endsWith(".yaml") || name.endsWith(".xml")) {
            all.append(Files.readString(f)).append('\n');
          }
        }
      }
    }
    return all.toString();
  }

  private static String compose(Path dir, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("docker-compose"));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return "exit " + p.exitValue() + ": " + new String(p.getInputStream().readAllBytes()).trim();
  }

  private static JsonNode read(Path file) {
    try {
      return new YAMLMapper().readTree(file.toFile());
    } catch (Exception e) {
      throw new IllegalStateException("cannot read " + file, e);
    }
  }
}
