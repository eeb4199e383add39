package dev.drrunbooks.starter;

import dev.drrunbooks.runbook.ProgressMarkdown;
import dev.drrunbooks.runbook.RunbookProgress;
import dev.drrunbooks.runbook.StepView;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Follows a run's checklist, printing it each time a step moves, until the run ends. */
public final class ProgressWatcher {

  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final Supplier<RunbookProgress> progress;
  private final PrintWriter out;
  private final Duration interval;
  private final java.util.function.Function<RunbookProgress, java.util.List<RunbookProgress>>
      children;
  private final boolean redraw;

  public ProgressWatcher(Supplier<RunbookProgress> progress, PrintWriter out, Duration interval) {
    this(progress, out, interval, p -> java.util.List.of());
  }

  /**
   * A watcher that also shows the checklists of the children the run is running (an incident's
   * recovery and validation), indented under their parent.
   */
  public ProgressWatcher(
      Supplier<RunbookProgress> progress,
      PrintWriter out,
      Duration interval,
      java.util.function.Function<RunbookProgress, java.util.List<RunbookProgress>> children) {
    this.progress = progress;
    this.out = out;
    this.interval = interval;
    this.children = children;
    this.redraw = TtyScreen.available();
  }

  /**
   * Prints the checklist whenever it changes; a null from the supplier means no worker answered
   * this time, which is said once and waited out (a worker restart must not end a watch). and calls
   * {@code onChange} with each new state (the demo approves its gate from there). Returns the final
   * progress.
   */
  public RunbookProgress follow(Consumer<RunbookProgress> onChange) {
    String last = null;
    RunbookProgress p = null;
    boolean toldNoAnswer = false;
    while (true) {
      RunbookProgress answer = progress.get();
      if (answer == null) {
        if (!toldNoAnswer) {
          out.println(
              "("
                  + LocalTime.now().format(CLOCK)
                  + ": no worker answers for this run right now; waiting for one...)");
          out.flush();
          toldNoAnswer = true;
        }
        sleep();
        continue;
      }
      toldNoAnswer = false;
      p = answer;
      java.util.List<RunbookProgress> running =
          p.status().finished() ? java.util.List.of() : children.apply(p);
      StringBuilder key = new StringBuilder(changeKey(p));
      running.forEach(c -> key.append("||").append(changeKey(c)));
      if (!key.toString().equals(last)) {
        last = key.toString();
        java.io.StringWriter block = new java.io.StringWriter();
        PrintWriter text = new PrintWriter(block);
        text.println("── " + LocalTime.now().format(CLOCK) + " ──");
        text.println(ProgressMarkdown.render(p, Terminal.style()));
        printChildren(text, running);
        text.flush();
        if (redraw && !p.status().finished()) {
          // One screen, redrawn in place: the header and what waits stay in sight.
          int[] size = TtyScreen.size();
          TtyScreen.clear(out);
          TtyScreen.fit(block.toString().lines().toList(), size[0], size[1]).forEach(out::println);
        } else {
          if (redraw) {
            TtyScreen.clear(out); // the end, whole, stays in the scrollback
          }
          out.print(block);
        }
        out.flush();
        onChange.accept(p);
      }
      if (p.status().finished()) {
        return p;
      }
      if (!sleep()) {
        return p;
      }
    }
  }

  /**
   * The checklists of the children a run is running, under it and indented: a gate or a failed step
   * that waits in an incident's recovery shows where the incident is looked at, with its command.
   */
  static void printChildren(java.io.PrintWriter out, java.util.List<RunbookProgress> children) {
    for (RunbookProgress child : children) {
      out.println("    ↳ " + child.workflowId());
      out.println(ProgressMarkdown.render(child, Terminal.style()).replaceAll("(?m)^", "    "));
    }
  }

  private boolean sleep() {
    try {
      Thread.sleep(interval.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** What counts as a change: the run's status and each step's status, attempts and detail. */
  private static String changeKey(RunbookProgress p) {
    StringBuilder key = new StringBuilder(p.status().name());
    for (StepView s : p.steps()) {
      key.append('|').append(s.status()).append(s.attempts()).append(s.detail());
    }
    return key.toString();
  }
}
