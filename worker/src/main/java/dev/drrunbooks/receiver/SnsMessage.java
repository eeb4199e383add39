package dev.drrunbooks.receiver;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An Amazon SNS message delivered over HTTP(S): a subscription confirmation, a notification (here:
 * a CloudWatch alarm's state change as JSON in {@code Message}), or an unsubscribe confirmation.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SnsMessage(
    @JsonProperty("Type") String type,
    @JsonProperty("MessageId") String messageId,
    @JsonProperty("Token") String token,
    @JsonProperty("TopicArn") String topicArn,
    @JsonProperty("Subject") String subject,
    @JsonProperty("Message") String message,
    @JsonProperty("Timestamp") String timestamp,
    @JsonProperty("SignatureVersion") String signatureVersion,
    @JsonProperty("Signature") String signature,
    @JsonProperty("SigningCertURL") String signingCertUrl,
    @JsonProperty("SubscribeURL") String subscribeUrl) {

  public static final String NOTIFICATION = "Notification";
  public static final String SUBSCRIPTION_CONFIRMATION = "SubscriptionConfirmation";
  public static final String UNSUBSCRIBE_CONFIRMATION = "UnsubscribeConfirmation";

  /**
   * What SNS signed: the documented fields, each name and value on its own line, in this order; a
   * notification's Subject only when it has one.
   */
  public String stringToSign() {
    StringBuilder s = new StringBuilder();
    line(s, "Message", message);
    line(s, "MessageId", messageId);
    if (NOTIFICATION.equals(type)) {
      if (subject != null) {
        line(s, "Subject", subject);
      }
      line(s, "Timestamp", timestamp);
      line(s, "TopicArn", topicArn);
      line(s, "Type", type);
    } else {
      line(s, "SubscribeURL", subscribeUrl);
      line(s, "Timestamp", timestamp);
      line(s, "Token", token);
      line(s, "TopicArn", topicArn);
      line(s, "Type", type);
    }
    return s.toString();
  }

  private static void line(StringBuilder s, String name, String value) {
    s.append(name).append('\n').append(value).append('\n');
  }
}
