package dev.drrunbooks.activities.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drrunbooks.activities.capability.DatabaseSecrets;
import io.temporal.failure.ApplicationFailure;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * Database credentials from a Secrets Manager secret in RDS's format (SecretString JSON with {@code
 * username} and {@code password}). Read on every call: a rotated password is seen at once. Error
 * messages name the secret, never its value.
 */
final class AwsDatabaseSecrets implements DatabaseSecrets {

  /** No such secret, or not the JSON a database secret has. */
  public static final String SECRET_MISSING = "SecretMissing";

  private final SecretsManagerClient secrets;
  private final ObjectMapper json = new ObjectMapper();

  public AwsDatabaseSecrets(SecretsManagerClient secrets) {
    this.secrets = secrets;
  }

  @Override
  public Credentials credentials(String secretArn) {
    String value;
    try {
      value = secrets.getSecretValue(r -> r.secretId(secretArn)).secretString();
    } catch (ResourceNotFoundException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "Secrets Manager has no secret " + secretArn, SECRET_MISSING);
    } catch (software.amazon.awssdk.core.exception.SdkException e) {
      throw AwsFailures.common("Secrets Manager GetSecretValue " + secretArn, e);
    }
    try {
      JsonNode node = value == null ? null : json.readTree(value);
      if (node == null || !node.hasNonNull("username") || !node.hasNonNull("password")) {
        throw ApplicationFailure.newNonRetryableFailure(
            "secret " + secretArn + " has no username and password (JSON SecretString expected)",
            SECRET_MISSING);
      }
      return new Credentials(node.get("username").asText(), node.get("password").asText());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "secret " + secretArn + " is not JSON (a database secret holds username and password)",
          SECRET_MISSING);
    }
  }
}
