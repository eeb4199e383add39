package dev.drrunbooks.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drrunbooks.incident.IncidentRequest;
import dev.drrunbooks.incident.Trigger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CloudWatch alarms delivered by SNS: messages signed as SNS signs them (a real RSA key and
 * certificate made by keytool), so a forged, tampered or misdirected message is refused by the same
 * checks that accept a genuine one.
 */
class CloudWatchAlarmsTest {

  private static final String TOPIC = "arn:aws:sns:ap-southeast-1:123456789012:dr-runbooks-alarms";
  private static final String CERT_URL =
      "https://sns.ap-southeast-1.amazonaws.com/SimpleNotificationService-0000.pem";
  private static final String TOKEN = "test-token-0123456789";

  @TempDir static Path keys;
  private static PrivateKey key;
  private static X509Certificate certificate;

  private final AlertReceiverTest.Recorder incidents = new AlertReceiverTest.Recorder();
  private final List<URI> fetched = new CopyOnWriteArrayList<>();
  private final List<URI> visited = new CopyOnWriteArrayList<>();
  private final AlertReceiver receiver =
      new AlertReceiver(
          AlertRoutes.load(Path.of("..", "runbooks", "alert-routes.yaml")),
          incidents,
          TOKEN,
          // The alarms below happened at 03:01 on 2026-11-21; the receiver reads them at 03:05.
          Clock.fixed(Instant.parse("2026-11-21T03:05:00Z"), java.time.ZoneOffset.UTC),
          new ReceiverMetrics(),
          new SnsVerifier(
              Set.of(TOPIC),
              uri -> {
                fetched.add(uri);
                return certificate;
              },
              uri -> {
                visited.add(uri);
                return 200;
              },
              Clock.fixed(Instant.parse("2026-11-21T03:05:00Z"), java.time.ZoneOffset.UTC),
              SnsVerifier.DEFAULT_MAX_AGE));

  @BeforeAll
  static void signingKey() throws Exception {
    Path store = keys.resolve("sns.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "sns",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=sns.amazonaws.com",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                "changeit",
                "-keypass",
                "changeit")
            .redirectErrorStream(true)
            .start();
    assertThat(keytool.waitFor()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(store)) {
      ks.load(in, "changeit".toCharArray());
    }
    key = (PrivateKey) ks.getKey("sns", "changeit".toCharArray());
    certificate = (X509Certificate) ks.getCertificate("sns");
  }

  @Test
  void signedAlarm_opensTheIncidentOfTheRoutedService_withTheAlarmsFacts() throws Exception {
    AlertReceiver.Answer answer = receiver.cloudwatch(notification("ALARM", "2", TOPIC, CERT_URL));

    assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
    assertThat(answer.body().toString())
        .contains("action=opened")
        .contains("route=sync-unhealthy-hosts");
    IncidentRequest sent = incidents.opened.get(0);
    assertThat(sent.service()).isEqualTo("gitee-notion-sync");
    Trigger t = sent.trigger();
    assertThat(t.source()).isEqualTo("cloudwatch");
    assertThat(t.name()).isEqualTo("health-check-failed");
    assertThat(t.fingerprint())
        .isEqualTo(
            "arn:aws:cloudwatch:ap-southeast-1:123456789012:alarm:gitee-notion-sync-unhealthy-hosts");
    assertThat(t.startsAt()).isEqualTo(Instant.parse("2026-11-21T03:01:00Z"));
    assertThat(t.labels())
        .containsEntry("metricName", "UnHealthyHostCount")
        .containsEntry("dimension.TargetGroup", "targetgroup/gitee-notion-sync/abc");
    assertThat(sent.reason()).startsWith("Threshold Crossed: 1 datapoint [2.0");
    assertThat(fetched).containsExactly(URI.create(CERT_URL));
  }

  @Test
  void signatureVersion1_isCheckedWithSha1() throws Exception {
    assertThat(receiver.cloudwatch(notification("ALARM", "1", TOPIC, CERT_URL)).status())
        .isEqualTo(200);
  }

  @Test
  void alarmBackToOk_isRecordedAsResolved_andInsufficientDataIsIgnored() throws Exception {
    assertThat(receiver.cloudwatch(notification("OK", "2", TOPIC, CERT_URL)).body().toString())
        .contains("action=resolved-recorded");
    assertThat(
            receiver
                .cloudwatch(notification("INSUFFICIENT_DATA", "2", TOPIC, CERT_URL))
                .body()
                .toString())
        .contains("action=ignored");
    assertThat(incidents.opened).isEmpty();
  }

  @Test
  void tamperedMessage_isRefused_andStartsNothing() throws Exception {
    String genuine =
        new String(notification("ALARM", "2", TOPIC, CERT_URL), StandardCharsets.UTF_8);
    String tampered = genuine.replace("UnHealthyHostCount", "HealthyHostCount");

    AlertReceiver.Answer answer = receiver.cloudwatch(tampered.getBytes(StandardCharsets.UTF_8));

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.body().get("error")).isEqualTo("the signature does not match the message");
    assertThat(incidents.opened).isEmpty();
  }

  @Test
  void certificateFromAnythingButAnSnsHostOverHttps_isNeverFetched() throws Exception {
    for (String url :
        List.of(
            "https://sns.ap-southeast-1.amazonaws.com.evil.example/cert.pem",
            "http://sns.ap-southeast-1.amazonaws.com/cert.pem",
            "https://attacker@sns.ap-southeast-1.amazonaws.com/cert.pem",
            "https://evil.example/sns.ap-southeast-1.amazonaws.com/cert.pem")) {
      AlertReceiver.Answer answer = receiver.cloudwatch(notification("ALARM", "2", TOPIC, url));
      assertThat(answer.status()).as(url).isEqualTo(401);
      assertThat(answer.body().get("error"))
          .asString()
          .contains("is not an https URL on an SNS host");
    }
    assertThat(fetched).isEmpty();
    assertThat(incidents.opened).isEmpty();
  }

  @Test
  void topicThisReceiverDoesNotTake_isRefused() throws Exception {
    String other = "arn:aws:sns:ap-southeast-1:999999999999:someone-else";
    AlertReceiver.Answer answer = receiver.cloudwatch(notification("ALARM", "2", other, CERT_URL));

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.body().get("error")).asString().contains("is not one this receiver takes");
  }

  @Test
  void subscriptionConfirmation_isVisitedOnceVerified() throws Exception {
    String subscribe =
        "https://sns.ap-southeast-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn="
            + TOPIC
            + "&Token=tok";
    Map<String, String> fields =
        Map.of(
            "Type", "SubscriptionConfirmation",
            "MessageId", "m-sub",
            "Token", "tok",
            "TopicArn", TOPIC,
            "Message", "You have chosen to subscribe to the topic " + TOPIC,
            "SubscribeURL", subscribe,
            "Timestamp", "2026-11-21T03:00:00.000Z");
    AlertReceiver.Answer answer = receiver.cloudwatch(signed(fields, "2", CERT_URL));

    assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
    assertThat(visited).containsExactly(URI.create(subscribe));
  }

  /** A genuinely signed ALARM from 2020, replayed today, opens nothing. */
  @Test
  void signedButStaleAlarm_isRefusedAsAReplay() throws Exception {
    AlertReceiver.Answer answer =
        receiver.cloudwatch(
            notification("ALARM", "2", TOPIC, CERT_URL, "m-old", "2020-03-01T03:01:02.123Z"));

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.body().get("error"))
        .asString()
        .startsWith("stale or replayed message: sent at 2020-03-01T03:01:02.123Z");
    assertThat(incidents.opened).isEmpty();
  }

  /** A captured ALARM re-posted inside its window is a duplicate: one incident, not two. */
  @Test
  void sameAlarmMessageTwice_opensOnce() throws Exception {
    byte[] alarm = notification("ALARM", "2", TOPIC, CERT_URL);

    assertThat(receiver.cloudwatch(alarm).status()).isEqualTo(200);
    AlertReceiver.Answer replay = receiver.cloudwatch(alarm);

    assertThat(replay.status()).isEqualTo(200);
    assertThat(replay.body()).containsEntry("duplicate", "m-ALARM");
    assertThat(incidents.opened).hasSize(1);
  }

  @Test
  void withoutConfiguredTopics_cloudwatchSaysItIsNotConfigured() {
    AlertReceiver plain =
        new AlertReceiver(
            new AlertRoutes(List.of()), incidents, TOKEN, Clock.systemUTC(), new ReceiverMetrics());
    AlertReceiver.Answer answer = plain.cloudwatch("{}".getBytes(StandardCharsets.UTF_8));
    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.body().get("error")).asString().contains("RUNBOOK_SNS_TOPICS");
  }

  /** A notification as SNS delivers a CloudWatch alarm, signed with the test key. */
  private static byte[] notification(String state, String version, String topic, String certUrl)
      throws Exception {
    return notification(state, version, topic, certUrl, "m-" + state, "2026-11-21T03:01:02.123Z");
  }

  private static byte[] notification(
      String state, String version, String topic, String certUrl, String id, String timestamp)
      throws Exception {
    String alarm =
        """
        {"AlarmName":"gitee-notion-sync-unhealthy-hosts","AlarmDescription":"targets failing",\
        "AWSAccountId":"123456789012","NewStateValue":"%s",\
        "NewStateReason":"Threshold Crossed: 1 datapoint [2.0 (21/11/26 03:00:00)] was greater than the threshold (0.0).",\
        "StateChangeTime":"2026-11-21T03:01:00.000+0000","Region":"Asia Pacific (Singapore)",\
        "AlarmArn":"arn:aws:cloudwatch:ap-southeast-1:123456789012:alarm:gitee-notion-sync-unhealthy-hosts",\
        "OldStateValue":"OK","Trigger":{"MetricName":"UnHealthyHostCount","Namespace":"AWS/ApplicationELB",\
        "Statistic":"MAXIMUM","Dimensions":[{"value":"targetgroup/gitee-notion-sync/abc","name":"TargetGroup"}],\
        "Period":60,"EvaluationPeriods":1,"ComparisonOperator":"GreaterThanThreshold","Threshold":0.0}}"""
            .formatted(state);
    Map<String, String> fields = new java.util.LinkedHashMap<>();
    fields.put("Type", "Notification");
    fields.put("MessageId", id);
    fields.put("TopicArn", topic);
    fields.put(
        "Subject", "ALARM: \"gitee-notion-sync-unhealthy-hosts\" in Asia Pacific (Singapore)");
    fields.put("Message", alarm);
    fields.put("Timestamp", timestamp);
    return signed(fields, version, certUrl);
  }

  private static byte[] signed(Map<String, String> fields, String version, String certUrl)
      throws Exception {
    SnsMessage unsigned =
        new SnsMessage(
            fields.get("Type"),
            fields.get("MessageId"),
            fields.get("Token"),
            fields.get("TopicArn"),
            fields.get("Subject"),
            fields.get("Message"),
            fields.get("Timestamp"),
            version,
            null,
            certUrl,
            fields.get("SubscribeURL"));
    Signature s = Signature.getInstance("1".equals(version) ? "SHA1withRSA" : "SHA256withRSA");
    s.initSign(key);
    s.update(unsigned.stringToSign().getBytes(StandardCharsets.UTF_8));
    Map<String, String> body = new java.util.LinkedHashMap<>(fields);
    body.put("SignatureVersion", version);
    body.put("Signature", Base64.getEncoder().encodeToString(s.sign()));
    body.put("SigningCertURL", certUrl);
    return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(body);
  }
}
