package dev.drrunbooks.activities.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.failure.ApplicationFailure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A write that never reached AWS whole is resent by the SDK at once; one whose answer was lost is
 * not. The server here is a plain socket, because the fault that matters happens below HTTP: the
 * connection is reset while the client is still writing the body (an idle connection the other end
 * had dropped, an upload cut off), or after the whole request was read.
 */
class UndeliveredWritesTest {

  /** What the server does with one connection. */
  enum Then {
    /** Reads the headers and a little of the body, then resets the connection. */
    CUT_OFF_THE_BODY,
    /** Reads the whole request, then resets the connection without answering. */
    LOSE_THE_ANSWER,
    /** Reads the whole request and answers 200 with a version id. */
    ANSWER
  }

  /** One request as the server received it. */
  record Received(String requestLine, long contentLength, long bodyBytesRead) {}

  private static final int BODY = 4 * 1024 * 1024;

  private final Deque<Then> plan = new ArrayDeque<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private ServerSocket server;
  private Thread acceptor;
  private S3ObjectStore store;

  @BeforeEach
  void start() throws IOException {
    server = new ServerSocket(0);
    acceptor = new Thread(this::serve, "undelivered-writes-server");
    acceptor.setDaemon(true);
    acceptor.start();
    store =
        new S3ObjectStore(
            new AwsClients(
                    "us-east-1",
                    StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("access", "secret")),
                    URI.create("http://127.0.0.1:" + server.getLocalPort()))
                .s3());
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    acceptor.join(5_000);
  }

  @Test
  void uploadCutOffMidBody_isResentBySdk_andWrittenOnce() {
    plan.add(Then.CUT_OFF_THE_BODY);
    plan.add(Then.ANSWER);

    String version = store.put("backup-bucket", "set/manifest.json", new byte[BODY], "text/plain");

    assertThat(version).isEqualTo("v-2");
    assertThat(received).hasSize(2);
    assertThat(received.get(0).bodyBytesRead()).isLessThan(received.get(0).contentLength());
    assertThat(received.get(1).bodyBytesRead()).isEqualTo(received.get(1).contentLength());
    assertThat(received).allSatisfy(r -> assertThat(r.requestLine()).startsWith("PUT "));
  }

  @Test
  void uploadWhoseAnswerIsLost_isSentOnce_andRetryableForTemporal() {
    plan.add(Then.LOSE_THE_ANSWER);
    plan.add(Then.ANSWER);

    assertThatThrownBy(() -> store.put("backup-bucket", "set/manifest.json", new byte[BODY], "x"))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isFalse();
              assertThat(f.getType()).isEqualTo("AwsUnreachable");
              assertThat(f.getMessage()).contains("S3 PutObject").doesNotContain("secret");
            });
    assertThat(received).hasSize(1);
    assertThat(received.get(0).bodyBytesRead()).isEqualTo(received.get(0).contentLength());
  }

  @Test
  void writeToAClosedPort_isResentBySdk_thenRetryableForTemporal() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    S3ObjectStore nowhere =
        new S3ObjectStore(
            new AwsClients(
                    "us-east-1",
                    StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("access", "secret")),
                    URI.create("http://127.0.0.1:" + closed))
                .s3());

    assertThatThrownBy(() -> nowhere.put("backup-bucket", "k", new byte[10], "text/plain"))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isFalse();
              // Three sends by the SDK's standard mode: nothing reached AWS, so each was safe.
              assertThat(f.getMessage()).contains("SDK Attempt Count: 3");
            });
  }

  @Test
  void onlyAFailureBeforeTheRequestWasWhole_countsAsNeverDelivered() {
    assertThat(AwsClients.neverDelivered(new IOException(AwsClients.BODY_NOT_WRITTEN))).isTrue();
    assertThat(
            AwsClients.neverDelivered(
                new RuntimeException(new java.net.ConnectException("Connection refused"))))
        .isTrue();
    assertThat(AwsClients.neverDelivered(new java.net.SocketException("Connection reset")))
        .isFalse();
    assertThat(AwsClients.neverDelivered(new IOException("Unexpected end of file from server")))
        .isFalse();
    assertThat(AwsClients.neverDelivered(new java.net.SocketTimeoutException("Read timed out")))
        .isFalse();
  }

  private void serve() {
    while (!server.isClosed()) {
      try (Socket socket = server.accept()) {
        Then then;
        synchronized (plan) {
          then = plan.isEmpty() ? Then.ANSWER : plan.poll();
        }
        handle(socket, then);
      } catch (IOException e) {
        // The client gave up on this connection, or the server is closing.
      }
    }
  }

  private void handle(Socket socket, Then then) throws IOException {
    InputStream in = socket.getInputStream();
    String head = readHead(in);
    String requestLine = head.lines().findFirst().orElse("");
    long length = header(head, "content-length").map(Long::parseLong).orElse(0L);
    if (header(head, "expect").filter(v -> v.equalsIgnoreCase("100-continue")).isPresent()) {
      socket
          .getOutputStream()
          .write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
    }
    long read = then == Then.CUT_OFF_THE_BODY ? skip(in, 1024) : skip(in, length);
    received.add(new Received(requestLine, length, read));
    if (then == Then.ANSWER) {
      String answer =
          "HTTP/1.1 200 OK\r\nETag: \"etag\"\r\nx-amz-version-id: v-"
              + received.size()
              + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
      socket.getOutputStream().write(answer.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
    } else {
      socket.setSoLinger(true, 0); // close with a reset, as a dropped connection shows
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    while (matched < end.length) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed in the headers");
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  private static java.util.Optional<String> header(String head, String name) {
    return head.lines()
        .filter(l -> l.toLowerCase(Locale.ROOT).startsWith(name + ":"))
        .map(l -> l.substring(l.indexOf(':') + 1).trim())
        .findFirst();
  }

  private static long skip(InputStream in, long bytes) throws IOException {
    byte[] buffer = new byte[8192];
    long read = 0;
    while (read < bytes) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, bytes - read));
      if (n < 0) {
        break;
      }
      read += n;
    }
    return read;
  }
}
