package dev.drrunbooks.receiver;

import dev.drrunbooks.activities.profile.ProfileLoader;
import dev.drrunbooks.starter.ConnectionOptions;
import dev.drrunbooks.starter.RunbookClient;
import dev.drrunbooks.starter.RunbookDefaults;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runbook receiver}: the HTTP service that turns alerts into incidents. */
@Command(
    name = "receiver",
    description =
        "Receive alerts (Alertmanager webhook at POST /alerts/alertmanager) and open or join the"
            + " service's incident, by runbooks/alert-routes.yaml. Bearer token from"
            + " RUNBOOK_RECEIVER_TOKEN.",
    mixinStandardHelpOptions = true)
public class ReceiverCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;

  @Option(
      names = "--port",
      description = "HTTP port (env RUNBOOK_RECEIVER_PORT, default ${DEFAULT-VALUE}).")
  int port = Integer.parseInt(RunbookDefaults.env("RUNBOOK_RECEIVER_PORT", "8088"));

  @Option(
      names = "--routes",
      description = "Alert routes (env RUNBOOK_ALERT_ROUTES, default ${DEFAULT-VALUE}).")
  Path routes = RunbookDefaults.besideProfiles("RUNBOOK_ALERT_ROUTES", "alert-routes.yaml");

  /** The SNS topics whose CloudWatch alarms are taken (env RUNBOOK_SNS_TOPICS, comma-separated). */
  private static java.util.Set<String> snsTopics() {
    String topics = RunbookDefaults.env("RUNBOOK_SNS_TOPICS", "");
    return java.util.Arrays.stream(topics.split(","))
        .map(String::trim)
        .filter(t -> !t.isEmpty())
        .collect(java.util.stream.Collectors.toSet());
  }

  /** The chats whose secrets are in the environment; the others' endpoints answer 404. */
  static ReceiverApplication.Chats chats(ChatApprovals approvals) {
    String slack = System.getenv("RUNBOOK_SLACK_SIGNING_SECRET");
    String feishuKey = System.getenv("RUNBOOK_FEISHU_ENCRYPT_KEY");
    String feishuToken = System.getenv("RUNBOOK_FEISHU_VERIFICATION_TOKEN");
    String dingtalk = System.getenv("RUNBOOK_DINGTALK_APP_SECRET");
    Clock clock = Clock.systemUTC();
    return new ReceiverApplication.Chats(
        blank(slack) ? null : new SlackActions(slack, approvals, clock),
        blank(feishuKey) && blank(feishuToken)
            ? null
            : new FeishuActions(feishuKey, feishuToken, approvals, clock),
        blank(dingtalk) ? null : new DingTalkActions(dingtalk, approvals, clock));
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  @Override
  public Integer call() throws InterruptedException {
    AlertRoutes rules = AlertRoutes.load(routes);
    ProfileLoader profiles =
        new ProfileLoader(Path.of(RunbookDefaults.env("RUNBOOK_PROFILES_DIR", "runbooks")));
    RunbookClient client = connection.connect();
    AlertReceiver receiver =
        new AlertReceiver(
            rules,
            new TemporalIncidentOpener(client.workflowClient(), profiles, connection.taskQueue()),
            System.getenv("RUNBOOK_RECEIVER_TOKEN"),
            Clock.systemUTC(),
            new ReceiverMetrics(),
            snsTopics().isEmpty()
                ? null
                : new SnsVerifier(
                    snsTopics(),
                    SnsVerifier.httpsFetch(),
                    SnsVerifier.httpsVisit(),
                    Clock.systemUTC(),
                    java.time.Duration.ofMinutes(
                        Long.parseLong(
                            RunbookDefaults.env(
                                "RUNBOOK_SNS_MAX_AGE_MINUTES",
                                String.valueOf(SnsVerifier.DEFAULT_MAX_AGE.toMinutes()))))));
    ChatApprovals approvals = new ChatApprovals(new TemporalGateApprover(client.workflowClient()));
    ReceiverApplication.Chats chats = chats(approvals);
    var context = ReceiverApplication.start(port, receiver, chats);
    spec.commandLine()
        .getOut()
        .println(
            "Receiving alerts on port "
                + port
                + " (POST /alerts/alertmanager"
                + (snsTopics().isEmpty() ? "" : ", POST /alerts/cloudwatch for " + snsTopics())
                + chats.endpoints()
                + "; GET /health, /metrics), "
                + rules.routes().size()
                + " routes from "
                + routes
                + "; incidents on "
                + connection.address()
                + ". Ctrl-C to stop.");
    spec.commandLine().getOut().flush();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  context.close();
                  client.close();
                }));
    Thread.currentThread().join();
    return 0;
  }
}
