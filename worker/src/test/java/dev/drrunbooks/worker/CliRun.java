package dev.drrunbooks.worker;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * One {@code runbook} command run in this JVM against a server and task queue, with its exit code
 * and everything it printed (stdout and stderr together, as a person sees them). Commands run one
 * at a time: they share this JVM's System.out.
 */
record CliRun(int exit, String out) {

  static CliRun of(String address, String queue, String... args) {
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--address";
    all[args.length + 1] = address;
    all[args.length + 2] = "--task-queue";
    all[args.length + 3] = queue;
    return local(all);
  }

  /** A command as given: one that talks to no server, or names its own. */
  static synchronized CliRun local(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream both = new PrintStream(captured, true, StandardCharsets.UTF_8);
    System.setOut(both);
    System.setErr(both);
    try {
      int exit = RunbookMain.run(args);
      return new CliRun(exit, captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }
}
