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
 * topic must be one of the configured ones. Any doubt refuses the message.
 */
public final class SnsVerifier {

  /** SNS's own hosts: {@code sns.<region>.amazonaws.com} (and the China partition). */
  static final Pattern SNS_HOST = Pattern.compile("sns\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?");

  private final Set<String> topics;
  private final Function<URI, X509Certificate> fetch;
  private final Function<URI, Integer> visit;
  private final Map<URI, X509Certificate> certificates = new ConcurrentHashMap<>();

  /**
   * @param topics the topic ARNs whose alarms this receiver takes
   * @param fetch loads a certificate from an already checked SNS URL
   * @param visit GETs an already checked SNS URL (a subscription's SubscribeURL); the status code
   */
  public SnsVerifier(
      Set<String> topics, Function<URI, X509Certificate> fetch, Function<URI, Integer> visit) {
    this.topics = Set.copyOf(topics);
    this.fetch = fetch;
    this.visit = visit;
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
          ? null
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
