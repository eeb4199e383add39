package dev.drrunbooks.receiver;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Proves an SNS message came from SNS, for a topic this receiver subscribed to: the signing
 * certificate is fetched only from an SNS host over HTTPS (and cached), the signature is checked
 * over the documented string to sign (version 1: SHA1withRSA, version 2: SHA256withRSA), and the
 * topic must be one of the configured ones. A genuine message is also refused when its signed
 * {@code Timestamp} is older than {@code maxAge} (15 minutes by default): a captured alarm replayed
 * later opens nothing. Inside that window a message id already taken is a duplicate ({@link
 * #alreadyTaken}). Any doubt refuses the message.
 */
final class SnsVerifier {

  /** SNS's own hosts: {@code sns.<region>.amazonaws.com} (and the China partition). */
  static final Pattern SNS_HOST = Pattern.compile("sns\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?");

  private final Set<String> topics;
  private final Function<URI, X509Certificate> fetch;
  private final Function<URI, Integer> visit;
  private final Map<URI, X509Certificate> certificates = new ConcurrentHashMap<>();
  private final java.time.Clock clock;
  private final Duration maxAge;
  private final UsedOnce taken;

  /** How old a signed message may be, by default; {@code RUNBOOK_SNS_MAX_AGE_MINUTES} sets it. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(15);

  /** How far ahead of this clock a message's timestamp may be (clocks differ a little). */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  /**
   * @param topics the topic ARNs whose alarms this receiver takes
   * @param fetch loads a certificate from an already checked SNS URL
   * @param visit GETs an already checked SNS URL (a subscription's SubscribeURL); the status code
   */
  public SnsVerifier(
      Set<String> topics, Function<URI, X509Certificate> fetch, Function<URI, Integer> visit) {
    this(topics, fetch, visit, java.time.Clock.systemUTC(), DEFAULT_MAX_AGE);
  }

  /**
   * @param maxAge how old a message's signed Timestamp may be; older ones are refused as replays
   */
  public SnsVerifier(
      Set<String> topics,
      Function<URI, X509Certificate> fetch,
      Function<URI, Integer> visit,
      java.time.Clock clock,
      Duration maxAge) {
    if (maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("the SNS message age limit must be positive");
    }
    this.topics = Set.copyOf(topics);
    this.fetch = fetch;
    this.visit = visit;
    this.clock = clock;
    this.maxAge = maxAge;
    this.taken = new UsedOnce(maxAge.plus(CLOCK_SKEW), clock);
  }

  /** Whether this replica already took the message with this id, inside its validity window. */
  public boolean alreadyTaken(SnsMessage m) {
    return m.messageId() != null && taken.seen(m.messageId());
  }

  /**
   * Remembers a message that was handled, so a copy of it is a duplicate. Only once handled: SNS
   * sends a message again when the receiver failed to take it, and that retry must go through.
   */
  public void handled(SnsMessage m) {
    if (m.messageId() != null) {
      taken.take(m.messageId());
    }
  }

  /** Null when the signed timestamp is within the window; else why the message is refused. */
  private String staleness(SnsMessage m) {
    java.time.Instant sent;
    try {
      sent = java.time.Instant.parse(m.timestamp() == null ? "" : m.timestamp());
    } catch (java.time.format.DateTimeParseException e) {
      return "the message's Timestamp is not a time";
    }
    java.time.Instant now = clock.instant();
    if (sent.isBefore(now.minus(maxAge))) {
      return "stale or replayed message: sent at "
          + sent
          + ", more than "
          + maxAge.toMinutes()
          + " min ago (RUNBOOK_SNS_MAX_AGE_MINUTES)";
    }
    if (sent.isAfter(now.plus(CLOCK_SKEW))) {
      return "the message's Timestamp " + sent + " is in the future";
    }
    return null;
  }

  /** The topics this receiver takes alarms from. */
  public Set<String> topics() {
    return topics;
  }

  /**
   * Confirms a verified subscription by visiting its SubscribeURL, which must be on an SNS host
   * too; null when confirmed, else why not.
   */
  public String confirm(SnsMessage m) {
    URI url = snsUri(m.subscribeUrl());
    if (url == null) {
      return "SubscribeURL " + m.subscribeUrl() + " is not an https URL on an SNS host";
    }
    int status = visit.apply(url);
    return status == 200 ? null : "SNS answered the confirmation with HTTP " + status;
  }

  /** The real GET of a SubscribeURL. */
  public static Function<URI, Integer> httpsVisit() {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    return uri -> {
      try {
        return http.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding())
            .statusCode();
      } catch (java.io.IOException e) {
        return 599;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 599;
      }
    };
  }

  /** The real fetch: HTTPS GET of the PEM, ten seconds at most. */
  public static Function<URI, X509Certificate> httpsFetch() {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    return uri -> {
      try {
        HttpResponse<byte[]> pem =
            http.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (pem.statusCode() != 200) {
          throw new IllegalStateException("HTTP " + pem.statusCode() + " for " + uri);
        }
        return (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.body()));
      } catch (java.io.IOException | GeneralSecurityException e) {
        throw new IllegalStateException(
            "cannot load the signing certificate: " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted loading the signing certificate", e);
      }
    };
  }

  /** Null when the message is genuine and for one of our topics; else why not. */
  public String problem(SnsMessage m) {
    if (m.topicArn() == null || !topics.contains(m.topicArn())) {
      return "topic " + m.topicArn() + " is not one this receiver takes alarms from";
    }
    String algorithm =
        "1".equals(m.signatureVersion())
            ? "SHA1withRSA"
            : "2".equals(m.signatureVersion()) ? "SHA256withRSA" : null;
    if (algorithm == null) {
      return "SignatureVersion '" + m.signatureVersion() + "' is not 1 or 2";
    }
    URI cert = snsUri(m.signingCertUrl());
    if (cert == null) {
      return "SigningCertURL " + m.signingCertUrl() + " is not an https URL on an SNS host";
    }
    if (m.signature() == null) {
      return "the message is not signed";
    }
    try {
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificates.computeIfAbsent(cert, fetch));
      verifier.update(m.stringToSign().getBytes(StandardCharsets.UTF_8));
      return verifier.verify(Base64.getDecoder().decode(m.signature()))
          ? staleness(m)
          : "the signature does not match the message";
    } catch (GeneralSecurityException | IllegalArgumentException | IllegalStateException e) {
      return "the signature cannot be checked: " + e.getMessage();
    }
  }

  /** The URL when it is https on an SNS host, else null. */
  static URI snsUri(String url) {
    if (url == null) {
      return null;
    }
    try {
      URI uri = URI.create(url);
      return "https".equals(uri.getScheme())
              && uri.getHost() != null
              && SNS_HOST.matcher(uri.getHost()).matches()
              && uri.getUserInfo() == null
              && uri.getPort() == -1
          ? uri
          : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
