package dev.drrunbooks.activities.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.drrunbooks.notify.Notification;
import dev.drrunbooks.notify.Notification.Level;
import dev.drrunbooks.profile.ServiceProfile.NotificationChannel;
import io.temporal.failure.ApplicationFailure;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** E-mail through a real SMTP server (GreenMail) in this JVM, with a login. */
class EmailChannelTest {

  private GreenMail smtp;
  private int port;

  @BeforeEach
  void setUp() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.setUser("alerts@example.com", "alerts", "s3cret-password");
    smtp.start();
  }

  @AfterEach
  void tearDown() {
    smtp.stop();
  }

  @Test
  void email_reachesEveryContact_withTheRunsLink() throws Exception {
    NotifyActivitiesImpl notify = notifier("s3cret-password");

    assertThat(notify.notify(notification())).isOne();

    MimeMessage[] received = smtp.getReceivedMessages();
    assertThat(received).hasSize(2); // one copy per recipient
    MimeMessage mail = received[0];
    assertThat(mail.getSubject())
        .isEqualTo(
            "[CRITICAL] RegionFailover gitee-notion-sync: Approval needed: approve-failover");
    assertThat(mail.getFrom()[0].toString()).isEqualTo("runbooks@example.com");
    assertThat(List.of(mail.getAllRecipients()))
        .extracting(Object::toString)
        .containsExactly("ops-lead@example.com", "dev-lead@example.com");
    String body = GreenMailUtil.getBody(mail);
    assertThat(body)
        .contains("Switch sync.example.com to the standby?")
        .contains("https://temporal.example.com/namespaces/default/workflows/")
        .doesNotContain("s3cret-password");
  }

  @Test
  void wrongPassword_isARefusal_notARetry() {
    NotifyActivitiesImpl notify = notifier("wrong");

    assertThatThrownBy(() -> notify.notify(notification()))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getOriginalMessage())
                  .contains("refused the login")
                  .doesNotContain("wrong");
            });
    assertThat(smtp.getReceivedMessages()).isEmpty();
  }

  /** A login over plain SMTP leaks the password: refused unless the URL asks for it by name. */
  @Test
  void loginWithoutTls_isRefused_unlessPlaintextIsAskedFor() {
    NotifyActivitiesImpl notify =
        notifier("s3cret-password", "smtp://alerts@127.0.0.1:" + port + "?from=r@example.com");

    assertThatThrownBy(() -> notify.notify(notification()))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getOriginalMessage())
                  .contains("no TLS")
                  .contains("plaintext=true")
                  .doesNotContain("s3cret");
            });
    assertThat(smtp.getReceivedMessages()).isEmpty();
  }

  private NotifyActivitiesImpl notifier(String password) {
    // GreenMail here speaks plain SMTP: the test asks for the plaintext login by name.
    return notifier(
        password, "smtp://alerts@127.0.0.1:" + port + "?from=runbooks@example.com&plaintext=true");
  }

  private NotifyActivitiesImpl notifier(String password, String url) {
    Map<String, String> env =
        Map.of(
            "DR_SMTP_URL",
            url,
            "DR_SMTP_PASSWORD",
            password,
            "RUNBOOK_UI_URL",
            "https://temporal.example.com");
    return new NotifyActivitiesImpl(env::get, Clock.systemUTC());
  }

  private static Notification notification() {
    return new Notification(
        "gitee-notion-sync",
        "RegionFailover",
        "recovery/aws/ap-southeast-1/c/s",
        "INC-42",
        Level.CRITICAL,
        "Approval needed: approve-failover",
        "Switch sync.example.com to the standby? Primary unreachable.",
        List.of(
            new NotificationChannel(
                "email",
                "DR_SMTP_URL",
                "DR_SMTP_PASSWORD",
                List.of("ops-lead@example.com", "dev-lead@example.com"))));
  }
}
