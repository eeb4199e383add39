package dev.drrunbooks.worker;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The processes of {@code runbook bench}: workers and CLI commands started as the {@code runbook}
 * script starts them (same JVM, same jar, same flags), against the bench's embedded server, each
 * with its log in the bench's working directory. Workers die by SIGKILL, as in an outage.
 */
final class BenchWorkers implements AutoCloseable {

  /** A worker process: when it was launched and when it said it was polling. */
  final class Worker {
    private final Process process;
    private final long launchedAt;
    private final long readyAt;
    private final int metricsPort;

    Worker(Process process, long launchedAt, long readyAt, int metricsPort) {
      this.process = process;
      this.launchedAt = launchedAt;
      this.readyAt = readyAt;
      this.metricsPort = metricsPort;
    }

    long launchedAt() {
      return launchedAt;
    }

    long readyAt() {
      return readyAt;
    }

    /** SIGKILL: no shutdown hook, no goodbye to the server. Returns when it was sent. */
    long kill() throws InterruptedException {
      long at = System.currentTimeMillis();
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      return at;
    }

    /** The JVM heap in use now, from the worker's own metrics endpoint (0 without one). */
    long heapUsed() {
      return metricsPort < 0 ? 0 : BenchHistory.heapFrom(BenchHistory.get(metricsPort));
    }
  }

  private final String address;
  private final String queue;
  private final Path profiles;
  private final Path work;
  private final List<Process> processes = new ArrayList<>();

  BenchWorkers(String address, String queue, Path profiles, Path work) {
    this.address = address;
    this.queue = queue;
    this.profiles = profiles;
    this.work = work;
  }

  Path profiles() {
    return profiles;
  }

  /**
   * Starts a worker whose sandbox deploys in {@code deployTime}; returns once it polls. A worker
   * with metrics is one of the scale runs: nobody kills it, so it keeps the SDK's sticky execution
   * (each run's state cached between its workflow tasks), as a worker against a real server does;
   * the others turn it off, as {@code runbook dev} does, so that a killed worker's runs go to the
   * next one at once.
   */
  Worker start(String name, Duration deployTime, boolean metrics) throws IOException {
    int port = metrics ? EmbeddedTemporal.freePort() : -1;
    Map<String, String> extra =
        metrics
            ? Map.of(
                "RUNBOOK_SANDBOX_DEPLOY_TIME", deployTime.toString(),
                "RUNBOOK_METRICS_PORT", String.valueOf(port),
                "RUNBOOK_STICKY_QUEUE_TIMEOUT", "5s")
            : Map.of("RUNBOOK_SANDBOX_DEPLOY_TIME", deployTime.toString());
    File log = work.resolve(name + ".log").toFile();
    long launched = System.currentTimeMillis();
    Process p = launch(List.of("worker"), log, extra);
    long deadline = launched + 120_000;
    while (System.currentTimeMillis() < deadline) {
      if (Files.readString(log.toPath()).contains("Worker running")) {
        return new Worker(p, launched, System.currentTimeMillis(), port);
      }
      if (!p.isAlive()) {
        throw new IllegalStateException(
            "worker " + name + " died: " + Files.readString(log.toPath()));
      }
      sleep(20);
    }
    throw new IllegalStateException("worker " + name + " did not start; see " + log);
  }

  /** Runs one CLI command to its end; returns how long it took, in milliseconds. */
  long cli(String... args) throws IOException, InterruptedException {
    File log = Files.createTempFile(work, "cli", ".log").toFile();
    long started = System.nanoTime();
    Process p = launch(List.of(args), log, Map.of());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(
          "runbook " + String.join(" ", args) + " failed: " + Files.readString(log.toPath()));
    }
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
  }

  /** The runbook script's class-data-sharing archive next to this jar, if it made one. */
  Path classDataArchive() {
    Path jar = Path.of(System.getProperty("java.class.path").split(File.pathSeparator)[0]);
    Path archive = jar.toAbsolutePath().resolveSibling("runbook.jsa");
    return Files.isRegularFile(archive) ? archive : null;
  }

  private Process launch(List<String> args, File log, Map<String, String> extraEnv)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    Path archive = classDataArchive();
    if (archive != null) {
      command.addAll(
          List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
    }
    if (!args.get(0).equals("worker")) {
      command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    }
    String classPath = System.getProperty("java.class.path");
    if (!classPath.contains(File.pathSeparator) && classPath.endsWith(".jar")) {
      command.addAll(List.of("-jar", classPath));
    } else {
      command.addAll(List.of("-cp", classPath, RunbookMain.class.getName()));
    }
    command.addAll(args);
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log);
    Map<String, String> env = builder.environment();
    env.put("TEMPORAL_ADDRESS", address);
    env.remove("TEMPORAL_NAMESPACE");
    env.put("RUNBOOK_TASK_QUEUE", queue);
    env.put("RUNBOOK_PROFILES_DIR", profiles.toString());
    env.put("RUNBOOK_REPORTS_DIR", work.resolve("reports").toString());
    env.put("RUNBOOK_STICKY_QUEUE_TIMEOUT", "0s");
    env.putAll(extraEnv);
    Process p = builder.start();
    processes.add(p);
    return p;
  }

  /** The i-th drill service's profile name. */
  static String profileName(int i) {
    return String.format("bench-%03d", i);
  }

  /**
   * The sandbox profile, and {@code n} copies of it for concurrent drills, each its own service
   * (cluster, task family) in the one simulated world, so no drill breaks or resets another's.
   */
  static Path writeProfiles(Path dir, int n) throws IOException {
    Path source =
        Path.of(System.getenv().getOrDefault("RUNBOOK_PROFILES_DIR", "runbooks"), "sandbox.yaml")
            .toAbsolutePath();
    if (!Files.isRegularFile(source)) {
      throw new dev.drrunbooks.starter.CliException(
          dev.drrunbooks.starter.ExitCode.BAD_INPUT,
          "the bench needs the sandbox profile; " + source + " is missing (RUNBOOK_PROFILES_DIR)");
    }
    String sandbox = Files.readString(source);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("sandbox.yaml"), sandbox);
    for (int i = 0; i < n; i++) {
      String name = profileName(i);
      Files.writeString(
          dir.resolve(name + ".yaml"),
          sandbox
              .replace("name: sandbox", "name: " + name)
              .replace("cluster: gitee-notion-sync-cluster", "cluster: " + name + "-cluster")
              .replace("taskFamily: gitee-notion-sync-task", "taskFamily: " + name + "-task"));
    }
    return dir;
  }

  /** Sleeps, turning an interrupt into a failure (the interrupt flag kept). */
  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Kills what is still running; the logs stay in the bench's directory. */
  @Override
  public void close() {
    processes.forEach(Process::destroyForcibly);
  }
}
