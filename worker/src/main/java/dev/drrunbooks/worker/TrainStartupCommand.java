package dev.drrunbooks.worker;

import dev.drrunbooks.starter.RunbookDefaults;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code runbook train-startup} (hidden): one practice session of the console, so the JVM can
 * record the classes it loads into a class-data-sharing archive ({@code -XX:ArchiveClassesAtExit}).
 * The {@code runbook} script runs it once per build; every later command maps those classes instead
 * of loading and verifying them again, which is most of a client command's time. It starts an
 * embedded server and a worker on free ports, breaks the sandbox, and runs the commands an operator
 * runs (start, status, list, approve, watch, cancel, doctor) through the same command line, with
 * their output discarded.
 */
@Command(name = "train-startup", hidden = true)
public class TrainStartupCommand implements Callable<Integer> {

  private static final String QUEUE = RunbookDefaults.TASK_QUEUE + "-train";
  private static final String APPROVER = "demo-commander";

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintStream realOut = System.out;
    PrintStream realErr = System.err;
    PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
    List<String> failures = new ArrayList<>();
    Map<String, Object> settings = new java.util.HashMap<>(EmbeddedTemporal.WORKER_SETTINGS);
    settings.put("runbook.sandbox.deploy-time", "1s");
    try (EmbeddedTemporal server =
            EmbeddedTemporal.start(EmbeddedTemporal.freePort(), RunbookDefaults.NAMESPACE, QUEUE);
        var context =
            WorkerContext.start(server.address(), RunbookDefaults.NAMESPACE, QUEUE, settings)) {
      System.setOut(nowhere);
      System.setErr(nowhere);
      String[] at = {"--address", server.address(), "--task-queue", QUEUE};
      String id =
          "recovery/sandbox/sandbox-primary/gitee-notion-sync-cluster/gitee-notion-sync-service";
      run(failures, "--version");
      run(failures, "procedures");
      run(failures, "start", "--help");
      run(failures, with(at, "sandbox", "show"));
      run(failures, with(at, "sandbox", "break", "bad-release", "--as", APPROVER));
      run(failures, with(at, "start", "app-rollback", "--service", "sandbox", "--dry-run"));
      run(
          failures,
          with(
              at,
              "start",
              "app-rollback",
              "--service",
              "sandbox",
              "--as",
              APPROVER,
              "--incident",
              "TRAIN-1"));
      run(failures, with(at, "status", id));
      run(failures, with(at, "status", "sandbox"));
      run(failures, with(at, "list"));
      run(
          failures,
          with(
              at,
              "approve",
              id,
              "--gate",
              "approve-rollback",
              "--as",
              APPROVER,
              "--comment",
              "startup training"));
      run(failures, with(at, "watch", id, "--interval", "PT0.5S"));
      expect(
          failures, dev.drrunbooks.starter.ExitCode.NOT_FOUND, with(at, "status", "no-such-run"));
      // The run has ended: a cancel is refused, which is the path to practise.
      expect(
          failures,
          dev.drrunbooks.starter.ExitCode.REFUSED,
          with(at, "cancel", id, "--as", APPROVER, "--reason", "training"));
      expectAny(with(at, "doctor")); // fails where AWS credentials are missing, as it should
      run(failures, with(at, "sandbox", "reset", "--as", APPROVER));
    } finally {
      System.setOut(realOut);
      System.setErr(realErr);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(
        failures.isEmpty()
            ? "startup training done"
            : "startup training done; these commands did not end as expected: " + failures);
    out.flush();
    return 0;
  }

  private static String[] with(String[] connection, String... args) {
    String[] all = new String[args.length + connection.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(connection, 0, all, args.length, connection.length);
    return all;
  }

  private static void run(List<String> failures, String... args) {
    expect(failures, 0, args);
  }

  private static void expectAny(String... args) {
    expect(new ArrayList<>(), Integer.MIN_VALUE, args);
  }

  private static void expect(List<String> failures, int expected, String... args) {
    CommandLine cli = RunbookMain.commandLine();
    PrintWriter nowhere = new PrintWriter(OutputStream.nullOutputStream());
    cli.setOut(nowhere);
    cli.setErr(nowhere);
    int code = cli.execute(args);
    if (code != expected) {
      failures.add(
          String.join(" ", List.of(args).subList(0, Math.min(2, args.length))) + "=" + code);
    }
  }
}
