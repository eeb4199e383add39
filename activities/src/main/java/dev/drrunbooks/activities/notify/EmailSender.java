package dev.drrunbooks.activities.notify;

import dev.drrunbooks.notify.Notification;
import dev.drrunbooks.text.Untrusted;
import io.temporal.failure.ApplicationFailure;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;

/**
 * E-mail to the contacts of plan section 8, through the SMTP server named by a URL such as {@code
 * smtp://alerts@mail.example.com:587?from=runbooks@example.com&starttls=true} ({@code smtps://} for
 * TLS from the start); the password comes separately. Plain text and HTML, with the run's link.
 *
 * <p>A login is never sent in the clear: with a user in the URL, {@code smtps://} or {@code
 * starttls=true} is required, unless {@code plaintext=true} asks for a plaintext login by name (a
 * relay on the same host, say).
 */
final class EmailSender {

  private EmailSender() {}

  static void send(
      String smtpUrl, String password, List<String> recipients, Notification n, String link) {
    URI uri;
    try {
      uri = URI.create(smtpUrl);
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure("the SMTP URL is not a URL", "NotifyFailed");
    }
    boolean ssl = "smtps".equals(uri.getScheme());
    String from = param(uri, "from");
    String user = uri.getUserInfo();
    Properties props = new Properties();
    String prefix = ssl ? "mail.smtps." : "mail.smtp.";
    props.put(prefix + "host", uri.getHost());
    props.put(prefix + "port", String.valueOf(uri.getPort() > 0 ? uri.getPort() : ssl ? 465 : 25));
    props.put(prefix + "connectiontimeout", "10000");
    props.put(prefix + "timeout", "10000");
    props.put(prefix + "writetimeout", "10000");
    props.put(prefix + "auth", String.valueOf(user != null));
    boolean starttls = "true".equals(param(uri, "starttls"));
    if (user != null && !ssl && !starttls && !"true".equals(param(uri, "plaintext"))) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the SMTP URL has a user but no TLS: the password would cross the network in the clear;"
              + " use smtps://, add starttls=true, or plaintext=true to allow it by name",
          "NotifyRefused");
    }
    if (starttls) {
      props.put("mail.smtp.starttls.enable", "true");
      props.put("mail.smtp.starttls.required", "true");
    }
    Session session =
        Session.getInstance(
            props,
            user == null
                ? null
                : new Authenticator() {
                  @Override
                  protected PasswordAuthentication getPasswordAuthentication() {
                    return new PasswordAuthentication(
                        URLDecoder.decode(user, StandardCharsets.UTF_8),
                        password == null ? "" : password);
                  }
                });
    try {
      MimeMessage message = new MimeMessage(session);
      message.setFrom(new InternetAddress(from == null ? "dr-runbooks@localhost" : from));
      for (String to : recipients) {
        message.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
      }
      message.setSubject(
          Untrusted.line(
              "[" + n.level() + "] " + n.procedure() + " " + n.service() + ": " + n.title()),
          "UTF-8");
      MimeMultipart body = new MimeMultipart("alternative");
      MimeBodyPart text = new MimeBodyPart();
      text.setText(plain(n, link), "UTF-8");
      MimeBodyPart html = new MimeBodyPart();
      html.setContent(html(n, link), "text/html; charset=UTF-8");
      body.addBodyPart(text);
      body.addBodyPart(html);
      message.setContent(body);
      message.saveChanges();
      Transport.send(message);
    } catch (jakarta.mail.AuthenticationFailedException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the SMTP server refused the login (check the password variable)", "NotifyRefused");
    } catch (MessagingException e) {
      throw ApplicationFailure.newFailure(
          "e-mail not sent: " + e.getClass().getSimpleName(), "NotifyFailed");
    }
  }

  private static String plain(Notification n, String link) {
    return Untrusted.text(plainText(n, link));
  }

  private static String plainText(Notification n, String link) {
    return Untrusted.line(n.title())
        + "\n\n"
        + n.message()
        + "\n\n"
        + n.level()
        + " · "
        + n.procedure()
        + " · "
        + n.service()
        + (n.incidentId() == null ? "" : " · incident " + n.incidentId())
        + "\nRun: "
        + n.workflowId()
        + (link == null ? "" : "\n" + link)
        + "\n";
  }

  private static String html(Notification n, String link) {
    return "<h3>"
        + escape(n.title())
        + "</h3><p>"
        + escape(n.message())
        + "</p><p><small>"
        + n.level()
        + " · "
        + escape(n.procedure())
        + " · "
        + escape(n.service())
        + (n.incidentId() == null ? "" : " · incident " + escape(n.incidentId()))
        + " · "
        + escape(n.workflowId())
        + "</small></p>"
        + (link == null ? "" : "<p><a href=\"" + escape(link) + "\">Open the run</a></p>");
  }

  private static String escape(String s) {
    return s == null
        ? ""
        : Untrusted.text(s)
            .replace("&", "&amp;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
            .replace("\"", "&quot;");
  }

  private static String param(URI uri, String name) {
    String query = uri.getRawQuery();
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }
}
