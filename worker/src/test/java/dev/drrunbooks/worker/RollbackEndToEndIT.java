package dev.drrunbooks.worker;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.drrunbooks.activities.aws.AwsStubs.ECS;
import static dev.drrunbooks.activities.aws.AwsStubs.arn;
import static dev.drrunbooks.activities.aws.AwsStubs.deployment;
import static dev.drrunbooks.activities.aws.AwsStubs.ecs;
import static dev.drrunbooks.activities.aws.AwsStubs.json;
import static dev.drrunbooks.activities.aws.AwsStubs.logs;
import static dev.drrunbooks.activities.aws.AwsStubs.query;
import static dev.drrunbooks.activities.aws.AwsStubs.service;
import static dev.drrunbooks.activities.aws.AwsStubs.targetHealth;
import static dev.drrunbooks.activities.aws.AwsStubs.taskDefinition;
import static dev.drrunbooks.activities.aws.AwsStubs.taskDefinitionList;
import static dev.drrunbooks.activities.aws.AwsStubs.traffic;
import static dev.drrunbooks.activities.aws.AwsStubs.xml;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.drrunbooks.runbook.RunStatus;
import dev.drrunbooks.runbook.RunbookProgress;
import dev.drrunbooks.runbook.StepStatus;
import dev.drrunbooks.starter.RunbookClient;
import io.temporal.testserver.TestServer;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker and the CLI as real processes, with AWS simulated by WireMock in this JVM and reached
 * through the SDK's AWS_ENDPOINT_URL_* variables; the simulated infrastructure outlives the
 * workers. On the real Temporal server (the one the end-to-end classes share, when the Temporal CLI
 * is installed, as in CI) the workers keep sticky execution on, as in production: two workers run,
 * the one holding the run is killed with SIGKILL mid-rollout, and the other finishes it. Without
 * the CLI it runs against a standalone Java test server, which never hands a dead worker's sticky
 * queue over, so there (and only there) sticky execution is off.
 */
class RollbackEndToEndIT {

  static final String FAMILY = "gitee-notion-sync-task";

  /** The lock id of the e2e profile's ECS service: the run holds the service, not the profile. */
  static final String ID =
      "recovery/aws/us-east-1/gitee-notion-sync-cluster/gitee-notion-sync-service";

  static final Path JAR = Path.of("target", "runbook.jar");

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  private WireMockServer aws;
  private TestServer.PortBoundTestServer temporal;
  private String temporalAddress;
  private boolean realServer;
  private RunbookClient client;
  private final List<Process> processes = new ArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    aws = new WireMockServer(wireMockConfig().dynamicPort());
    aws.start();
    stubAws();
    realServer = TemporalDevServer.binary().isPresent();
    if (realServer) {
      try {
        SharedRealServer.require("RollbackEndToEndIT");
      } catch (IOException | RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IOException(e);
      }
      temporalAddress = SharedRealServer.address();
    } else {
      System.err.println(
          "\n*** RollbackEndToEndIT on the Java test server with sticky execution off: no Temporal"
              + " CLI (tools/install-temporal) ***\n");
      int port = EmbeddedTemporal.freePort();
      temporal = TestServer.createPortBoundServer(port, true);
      temporalAddress = "localhost:" + port;
    }
    client = RunbookClient.connect(temporalAddress, "default", "e2e");
    client.registerSearchAttributes();
    String sandbox = Files.readString(Path.of("..", "runbooks", "sandbox.yaml"));
    Files.createDirectories(dir.resolve("runbooks"));
    Files.writeString(
        dir.resolve("runbooks").resolve("e2e.yaml"),
        sandbox
            .replace("name: sandbox", "name: e2e")
            .replace("target: sandbox", "target: aws")
            .replace("primary: sandbox-primary", "primary: us-east-1")
            .replace("url: http://sandbox.invalid/health", "url: " + aws.baseUrl() + "/health"));
  }

  @AfterEach
  void tearDown() {
    processes.forEach(Process::destroyForcibly);
    if (client != null) {
      client.close();
    }
    if (temporal != null) {
      temporal.close();
    }
    aws.stop();
  }

  /**
   * Start, watch, approve; kill -9 the worker while the run waits for steady state; a new worker
   * finishes the run, and the service was updated exactly once.
   */
  @Test
  void rollbackSurvivesWorkerKill_andDeploysExactlyOnce() throws Exception {
    noWorkerIsSaidAtOnce();
    Process worker = startWorker("worker-1");
    Result doctor = cli("doctor");
    assertThat(doctor.exit).as(doctor.output).isZero();
    assertThat(doctor.output)
        .contains("polls task queue 'e2e'")
        .containsPattern(realServer ? "OK   workflow poller \\d+@" : "")
        .contains("OK   profile e2e (aws)")
        .contains("OK   AWS credentials for us-east-1 resolve")
        .doesNotContain("AKIDE2E");

    Result bad = cli("start", "app-rollback", "--service", "e2e", "--desired-count", "-1");
    assertThat(bad.exit).isEqualTo(2);
    assertThat(bad.output).contains("desiredCount must be from 1 to 1000 (was -1)");

    Result started =
        cli("start", "app-rollback", "--service", "e2e", "--incident", "E2E-1", "--as", "tester");
    assertThat(started.exit).as(started.output).isZero();
    assertThat(started.output).contains("Started " + ID);

    Result again = cli("start", "app-rollback", "--service", "e2e");
    assertThat(again.exit).isEqualTo(3);
    assertThat(again.output)
        .contains("is already being recovered by run " + ID)
        .contains("AppRollback started");

    File watchLog = dir.resolve("watch.log").toFile();
    Process watch = launch(List.of("watch", ID), watchLog);

    awaitProgress(p -> p.status() == RunStatus.WAITING_FOR_APPROVAL);
    commandersAtOnce();
    Result stranger = cli("approve", ID, "--gate", "approve-rollback", "--as", "mallory");
    assertThat(stranger.exit).isEqualTo(3);
    assertThat(stranger.output).contains("approver 'mallory' is not allowed");

    Result approved =
        cli("approve", ID, "--gate", "approve-rollback", "--as", "ops-lead", "--comment", "e2e");
    assertThat(approved.exit).as(approved.output).isZero();
    assertThat(approved.output).contains("Approved gate approve-rollback");

    awaitProgress(
        p ->
            step(p, "wait-steady-state").status() == StepStatus.RUNNING
                && String.valueOf(step(p, "wait-steady-state").detail()).contains("IN_PROGRESS"));
    // A second worker as a deployment runs it: JSON log lines, Prometheus metrics. Both poll; the
    // first holds the run (its cache, its sticky queue) and dies with SIGKILL, no graceful
    // shutdown.
    int metricsPort = EmbeddedTemporal.freePort();
    startWorker(
        "worker-2",
        Map.of("RUNBOOK_LOG_FORMAT", "json", "RUNBOOK_METRICS_PORT", String.valueOf(metricsPort)));
    assertThat(lastWorkflowTaskBy()).startsWith(worker.pid() + "@");
    worker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    assertThat(worker.isAlive()).isFalse();
    Thread.sleep(2000);
    aws.setScenarioState("ecs", "stable");

    boolean ended = watch.waitFor(120, TimeUnit.SECONDS);
    assertThat(ended)
        .as("watch ends with the run; logs in %s; history tail:%n%s", dir, historyTail())
        .isTrue();
    String watched = Files.readString(watchLog.toPath());
    assertThat(watch.exitValue()).as(watched).isZero();
    assertThat(watched).contains("Outcome: ROLLED_BACK").contains("[x] Verify service health");
    deploymentObservability(metricsPort, dir.resolve("worker-2.log"));

    aws.verify(
        1,
        postRequestedFor(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo(ECS + "UpdateService"))
            .withHeader("Authorization", containing("AKIDE2E")));

    // The service looked healthy before the rollback (the stubs say so): no evidence that :42
    // was bad, so the run tags nothing; an approver can, by hand, with a reason.
    aws.verify(
        0,
        postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(ECS + "TagResource")));
    assertThat(watched).contains("no symptoms seen before the rollback");
    Result notAllowed =
        cli(
            "revision",
            "mark",
            "--service",
            "e2e",
            "--revision",
            "42",
            "--as",
            "mallory",
            "--reason",
            "x");
    assertThat(notAllowed.exit).as(notAllowed.output).isEqualTo(2);
    assertThat(notAllowed.output).contains("'mallory' is not an approver of e2e");
    Result marked =
        cli(
            "revision",
            "mark",
            "--service",
            "e2e",
            "--revision",
            "42",
            "--as",
            "ops-lead",
            "--reason",
            "NPE in IssueMapper; see INC E2E-1");
    assertThat(marked.exit).as(marked.output).isZero();
    assertThat(marked.output).contains("=true: never chosen as stable again");
    aws.verify(
        1,
        postRequestedFor(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo(ECS + "TagResource"))
            .withRequestBody(containing(arn(FAMILY, 42)))
            .withRequestBody(containing("\"key\":\"dr-runbooks/known-bad\",\"value\":\"true\""))
            .withRequestBody(
                containing("\"key\":\"dr-runbooks/known-bad-by\",\"value\":\"ops-lead\""))
            .withRequestBody(
                containing(
                    "\"key\":\"dr-runbooks/known-bad-reason\",\"value\":\"NPE in IssueMapper_ see INC E2E-1\"")));

    Result late = cli("approve", ID, "--gate", "approve-rollback", "--as", "ops-lead");
    assertThat(late.exit).isEqualTo(3);
    assertThat(late.output).contains("has already finished (COMPLETED)");

    Result unknown = cli("start", "app-rollback", "--service", "billing");
    assertThat(unknown.exit).isEqualTo(2);
    assertThat(unknown.output).contains("no profile for service 'billing'");

    cancelAndTerminateFromTheCli();
  }

  /**
   * Several CLI processes at once (every commander on the bridge asks for status) all get the
   * checklist; the service's name stands for its run. How many at once a machine bears, and how
   * fast, is the benchmark's to say: with twenty JVMs on two cores this check depended on the
   * machine's load (the worker beside them starved past its health probe's bound).
   */
  private void commandersAtOnce() throws Exception {
    List<Process> all = new ArrayList<>();
    List<File> logs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      File log = dir.resolve("status-" + i + ".log").toFile();
      logs.add(log);
      all.add(launch(List.of("status", "e2e"), log));
    }
    for (int i = 0; i < all.size(); i++) {
      Process p = all.get(i);
      String name = "status #" + i;
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(name).isTrue();
      String output = Files.readString(logs.get(i).toPath());
      assertThat(p.exitValue()).as(name + ": " + output).isZero();
      assertThat(output).contains("WAITING_FOR_APPROVAL").contains("Approval to roll back");
    }
  }

  /**
   * A run that no worker picks up is said at once, with its own exit code, by start and status;
   * terminate frees the service without a worker.
   */
  private void noWorkerIsSaidAtOnce() throws Exception {
    Result started = cli("start", "app-rollback", "--service", "e2e");
    assertThat(started.exit).as(started.output).isEqualTo(6);
    assertThat(started.output)
        .contains("Started " + ID)
        .contains("no worker has picked up run " + ID + " on task queue 'e2e'")
        .contains("./runbook cancel " + ID);
    Result status = cli("status", ID);
    assertThat(status.exit).as(status.output).isEqualTo(6);
    Result terminated =
        cli("terminate", ID, "--as", "ops-lead", "--reason", "no worker", "--force");
    assertThat(terminated.exit).as(terminated.output).isZero();
    Result doctor = cli("doctor");
    assertThat(doctor.exit).as(doctor.output).isEqualTo(6);
    assertThat(doctor.output)
        .contains("OK   search attributes registered")
        .containsAnyOf(
            // The real server answers DescribeTaskQueue; the Java test server needs the probe.
            "FAIL the server sees no worker polling task queue 'e2e'",
            "FAIL no worker picked up or answered the probe on task queue 'e2e'");
  }

  /**
   * The console's way out: a run waiting at its gate is canceled from the CLI, names who and why,
   * and frees the service; terminate needs --force, and a terminated run is reported as such.
   */
  private void cancelAndTerminateFromTheCli() throws Exception {
    Result refused = cli("start", "app-rollback", "--service", "e2e", "--revision", "other-task:5");
    assertThat(refused.exit).as(refused.output).isEqualTo(2);
    assertThat(refused.output)
        .contains("refused the request; nothing was changed")
        .contains("is of family other-task, not the service's " + FAMILY)
        .contains("--force");
    assertThat(client.progress(ID).status()).isEqualTo(RunStatus.REFUSED);

    assertThat(cli("start", "app-rollback", "--service", "e2e").exit).isZero();
    awaitProgress(p -> p.status() == RunStatus.WAITING_FOR_APPROVAL);
    Result noReason = cli("cancel", ID, "--as", "ops-lead", "--reason", "two\nlines");
    assertThat(noReason.exit).isEqualTo(2);
    assertThat(noReason.output).contains("--reason contains a control character");
    // Cancel runs the undo steps: a decision, for the service's approvers only.
    Result notAnApprover = cli("cancel", ID, "--as", "bob", "--reason", "mine now");
    assertThat(notAnApprover.exit).as(notAnApprover.output).isEqualTo(3);
    assertThat(notAnApprover.output).contains("'bob' may not cancel run " + ID);
    assertThat(client.progress(ID).status()).isEqualTo(RunStatus.WAITING_FOR_APPROVAL);
    Result canceled = cli("cancel", ID, "--as", "ops-lead", "--reason", "wrong service");
    assertThat(canceled.exit).as(canceled.output).isZero();
    RunbookProgress ended = awaitProgress(p -> p.status() == RunStatus.CANCELED);
    assertThat(ended.outcome()).startsWith("canceled by ops-lead (").contains("): wrong service");

    assertThat(cli("start", "app-rollback", "--service", "e2e").exit).isZero();
    awaitProgress(p -> p.status() == RunStatus.WAITING_FOR_APPROVAL);
    Result bobTerminates = cli("terminate", ID, "--as", "bob", "--reason", "x", "--force");
    assertThat(bobTerminates.exit).as(bobTerminates.output).isEqualTo(3);
    assertThat(bobTerminates.output).contains("'bob' may not terminate run " + ID);
    Result unforced = cli("terminate", ID, "--as", "ops-lead", "--reason", "stuck");
    assertThat(unforced.exit).isEqualTo(2);
    assertThat(unforced.output).contains("use './runbook cancel");
    assertThat(cli("terminate", ID, "--as", "ops-lead", "--reason", "stuck", "--force").exit)
        .isZero();
    Result watched = cli("watch", ID);
    assertThat(watched.exit).isEqualTo(1);
    assertThat(watched.output)
        .contains("is TERMINATED at")
        .contains("terminated by ops-lead")
        .contains(": stuck")
        .doesNotContain("\tat ");
    Result empty = cli("status", "");
    assertThat(empty.exit).isEqualTo(2);
    assertThat(empty.output).contains("the run id is empty");

    // Past runs stay addressable: one id per service, a run id per run.
    Result listed = cli("list", "--service", "e2e");
    assertThat(listed.exit).as(listed.output).isZero();
    assertThat(listed.output).contains("TERMINATED").contains("CANCELED").contains("REFUSED");
    String rolledBack =
        listed.output.lines().filter(l -> l.contains("COMPLETED")).findFirst().orElseThrow();
    String runId = rolledBack.substring(rolledBack.lastIndexOf(' ') + 1);
    Result past = cli("status", ID, "--run", runId);
    assertThat(past.exit).as(past.output).isZero();
    assertThat(past.output).contains("Outcome: ROLLED_BACK").contains("[x] Verify service health");
    assertThat(cli("list", "--status", "open").output).contains("No runs");
    Result notASandbox = cli("sandbox", "break", "bad-release", "--service", "e2e");
    assertThat(notASandbox.exit).as(notASandbox.output).isEqualTo(2);
    assertThat(notASandbox.output).contains("profile e2e is not a sandbox (target aws)");
  }

  /**
   * What a deployment watches: the worker's Prometheus endpoint has the SDK's metrics and the
   * runbooks' own (the run that ended on this worker counted once, with its recovery time), and
   * every log line is one JSON object; those of the run's activities name the run (the step, too:
   * StepLogContextTest).
   */
  private void deploymentObservability(int metricsPort, Path workerLog) throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    java.net.URI uri = java.net.URI.create("http://127.0.0.1:" + metricsPort + "/metrics");
    String metrics = "";
    // Timers reach the registry at once, counters when the SDK hands them over (every 5 s): wait
    // for every expected name, each may come with a different hand-over.
    long deadline = System.currentTimeMillis() + 20_000;
    List<String> expected =
        List.of(
            "runbook_recovery_time",
            "runbook_runs_total",
            "temporal_activity_execution_latency",
            "temporal_workflow_completed");
    while (System.currentTimeMillis() < deadline
        && !expected.stream().allMatch(metrics::contains)) {
      metrics =
          http.send(
                  java.net.http.HttpRequest.newBuilder(uri).build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString())
              .body();
      Thread.sleep(500);
    }
    assertThat(metrics)
        .containsPattern(
            "runbook_runs_total\\{[^}]*procedure=\"AppRollback\"[^}]*status=\"COMPLETED\"[^}]*\\} 1\\.0")
        .containsPattern("runbook_recovery_time_seconds_count\\{[^}]*procedure=\"AppRollback\"")
        .contains("temporal_activity_execution_latency")
        .contains("temporal_workflow_completed");
    List<String> lines = Files.readAllLines(workerLog);
    List<String> logLines = lines.stream().filter(l -> l.startsWith("{")).toList();
    assertThat(logLines).isNotEmpty();
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    boolean runNamed = false;
    for (String line : logLines) {
      var node = json.readTree(line);
      assertThat(node.has("level") && node.has("formattedMessage")).as(line).isTrue();
      var mdc = node.path("mdc");
      runNamed |=
          ID.equals(mdc.path("WorkflowId").asText())
              && !mdc.path("RunId").asText().isEmpty()
              && !mdc.path("ActivityType").asText().isEmpty();
    }
    assertThat(runNamed).as("a line names the run and the activity:%n%s", logLines).isTrue();
    assertThat(lines)
        .as("no log line in the text format")
        .noneMatch(l -> l.matches("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} .*"));
  }

  // --- processes ---------------------------------------------------------------------------

  private Process startWorker(String name) throws IOException, InterruptedException {
    return startWorker(name, Map.of());
  }

  private Process startWorker(String name, Map<String, String> env)
      throws IOException, InterruptedException {
    File log = dir.resolve(name + ".log").toFile();
    Process p = launch(List.of("worker"), log, env);
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      String out = Files.readString(log.toPath());
      if (out.contains("Worker running")) {
        return p;
      }
      assertThat(p.isAlive()).as("worker died: " + out).isTrue();
      Thread.sleep(200);
    }
    throw new AssertionError("worker did not start: " + Files.readString(log.toPath()));
  }

  /**
   * A process as the {@code runbook} script starts it: the worker with the full JIT from the fat
   * jar, client commands from the unpacked class path with the quick-start JVM flags (the script's
   * class-data-sharing archive aside, which only makes them faster).
   */
  private Process launch(List<String> args, File log) throws IOException {
    return launch(args, log, Map.of());
  }

  private Process launch(List<String> args, File log, Map<String, String> extraEnv)
      throws IOException {
    List<String> command = new ArrayList<>(List.of(javaBin()));
    if (args.get(0).equals("worker")) {
      command.addAll(List.of("-jar", JAR.toAbsolutePath().toString()));
    } else {
      command.addAll(
          List.of(
              "-XX:TieredStopAtLevel=1",
              "-XX:+UseSerialGC",
              "-jar",
              unpackedCli().resolve("runbook.jar").toString()));
    }
    command.addAll(args);
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log);
    Map<String, String> env = builder.environment();
    env.put("TEMPORAL_ADDRESS", temporalAddress);
    env.put("RUNBOOK_TASK_QUEUE", "e2e");
    env.put("RUNBOOK_PROFILES_DIR", dir.resolve("runbooks").toString());
    if (!realServer) {
      // The standalone test server never moves a task off a dead worker's sticky queue.
      env.put("RUNBOOK_STICKY_QUEUE_TIMEOUT", "0s");
    }
    env.put("AWS_ACCESS_KEY_ID", "AKIDE2E");
    env.put("AWS_SECRET_ACCESS_KEY", "e2e-secret");
    env.put("AWS_REGION", "us-east-1");
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    // The SDK's own per-service endpoint variables, exactly as an operator would set them.
    env.put("AWS_ENDPOINT_URL_ECS", aws.baseUrl());
    env.put("AWS_ENDPOINT_URL_CLOUDWATCH_LOGS", aws.baseUrl());
    env.put("AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2", aws.baseUrl());
    env.put("AWS_ENDPOINT_URL_CLOUDWATCH", aws.baseUrl());
    env.putAll(extraEnv);
    Process p = builder.start();
    processes.add(p);
    return p;
  }

  private Result cli(String... args) throws IOException, InterruptedException {
    File log = Files.createTempFile(dir, "cli", ".log").toFile();
    Process p = launch(List.of(args), log);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("runbook " + String.join(" ", args)).isTrue();
    return new Result(p.exitValue(), Files.readString(log.toPath(), StandardCharsets.UTF_8));
  }

  private record Result(int exit, String output) {}

  private RunbookProgress awaitProgress(Predicate<RunbookProgress> until)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    RunbookProgress last = null;
    while (System.currentTimeMillis() < deadline) {
      last = client.progressIfAnswered(ID);
      if (last != null && until.test(last)) {
        return last;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("progress never matched; last: " + last);
  }

  private static dev.drrunbooks.runbook.StepView step(RunbookProgress p, String id) {
    return p.steps().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
  }

  /** Who completed the run's latest workflow task: the worker that holds it (pid@host). */
  private String lastWorkflowTaskBy() {
    var events = client.workflowClient().fetchHistory(ID).getEvents();
    for (int i = events.size() - 1; i >= 0; i--) {
      if (events.get(i).hasWorkflowTaskCompletedEventAttributes()) {
        return events.get(i).getWorkflowTaskCompletedEventAttributes().getIdentity();
      }
    }
    return "";
  }

  private String historyTail() {
    var events = client.workflowClient().fetchHistory(ID).getEvents();
    StringBuilder out = new StringBuilder();
    events
        .subList(Math.max(0, events.size() - 15), events.size())
        .forEach(e -> out.append(e.getEventId()).append(' ').append(e.getEventType()).append('\n'));
    return out.toString();
  }

  private static Path unpacked;

  /** The fat jar unpacked once per test run, as the script does (java -Djarmode=tools extract). */
  private static synchronized Path unpackedCli() throws IOException {
    if (unpacked == null) {
      Path target = Path.of("target", "it-cli").toAbsolutePath();
      try {
        Process p =
            new ProcessBuilder(
                    javaBin(),
                    "-Djarmode=tools",
                    "-jar",
                    JAR.toAbsolutePath().toString(),
                    "extract",
                    "--force",
                    "--destination",
                    target.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as("extract").isTrue();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      unpacked = target;
    }
    return unpacked;
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  // --- simulated AWS -----------------------------------------------------------------------

  private void stubAws() {
    aws.stubFor(
        ecs("DescribeServices")
            .inScenario("ecs")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(json(service(FAMILY, 42, 2, 2, primary(42, "COMPLETED", 2)))));
    aws.stubFor(
        ecs("UpdateService")
            .inScenario("ecs")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(json("{\"service\":{\"serviceName\":\"gitee-notion-sync-service\"}}"))
            .willSetStateTo("deploying"));
    aws.stubFor(
        ecs("DescribeServices")
            .inScenario("ecs")
            .whenScenarioStateIs("deploying")
            .willReturn(
                json(
                    service(
                        FAMILY,
                        41,
                        2,
                        2,
                        primary(41, "IN_PROGRESS", 1),
                        deployment("ecs-svc/1", "ACTIVE", FAMILY, 42, "COMPLETED", 2, 1)))));
    aws.stubFor(
        ecs("DescribeServices")
            .inScenario("ecs")
            .whenScenarioStateIs("stable")
            .willReturn(json(service(FAMILY, 41, 2, 2, primary(41, "COMPLETED", 2)))));
    aws.stubFor(
        ecs("ListTaskDefinitions")
            .willReturn(
                json(taskDefinitionList(arn(FAMILY, 42), arn(FAMILY, 41), arn(FAMILY, 40)))));
    aws.stubFor(
        ecs("DescribeTaskDefinition").willReturn(json(taskDefinition(FAMILY, 41, "ACTIVE", ""))));
    aws.stubFor(
        ecs("DescribeTaskDefinition")
            .withRequestBody(containing(FAMILY + ":42"))
            .willReturn(json(taskDefinition(FAMILY, 42, "ACTIVE", ""))));
    aws.stubFor(ecs("TagResource").willReturn(json("{}")));
    aws.stubFor(
        logs("FilterLogEvents")
            .willReturn(
                json(
                    "{\"events\":[{\"logStreamName\":\"ecs/sync/1\",\"timestamp\":1,"
                        + "\"message\":\"ERROR NotionClient: 401\"}]}")));
    aws.stubFor(
        query("DescribeTargetHealth")
            .willReturn(xml(targetHealth("10.0.0.1=healthy", "10.0.0.2=healthy"))));
    aws.stubFor(
        query("GetMetricData")
            .willReturn(
                xml(
                    traffic(
                        new String[] {"2026-11-21T03:00:00Z"},
                        new double[] {120},
                        new double[] {0},
                        new double[] {0.15}))));
    aws.stubFor(get(urlEqualTo("/health")).willReturn(aResponse().withStatus(200).withBody("ok")));
  }

  private static String primary(int revision, String rollout, int running) {
    return deployment("ecs-svc/2", "PRIMARY", FAMILY, revision, rollout, 2, running);
  }
}
