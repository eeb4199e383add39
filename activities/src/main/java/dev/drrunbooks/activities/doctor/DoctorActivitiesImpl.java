package dev.drrunbooks.activities.doctor;

import dev.drrunbooks.activities.profile.ProfileLoader;
import dev.drrunbooks.doctor.DoctorActivities;
import dev.drrunbooks.doctor.WorkerReport;
import dev.drrunbooks.profile.ServiceProfile;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * Read-only checks on the worker: each profile loads and validates, and for each AWS region a
 * profile names, the default credential chain resolves credentials. Nothing calls an AWS API and no
 * key is ever printed: only which provider answered.
 */
public class DoctorActivitiesImpl implements DoctorActivities {

  private final ProfileLoader profiles;
  private final Function<String, String> credentialsForRegion;

  public DoctorActivitiesImpl(ProfileLoader profiles) {
    this(profiles, DoctorActivitiesImpl::resolveCredentials);
  }

  /** For tests: how a region's credentials resolve (a provider name, or an exception). */
  public DoctorActivitiesImpl(
      ProfileLoader profiles, Function<String, String> credentialsForRegion) {
    this.profiles = profiles;
    this.credentialsForRegion = credentialsForRegion;
  }

  @Override
  public WorkerReport inspect(dev.drrunbooks.doctor.DoctorRequest request) {
    List<String> checks = new ArrayList<>();
    Set<String> regions = new LinkedHashSet<>();
    List<String> awsProfiles = new ArrayList<>();
    String only = request == null ? null : request.service();
    List<String> names = only == null ? profiles.available() : List.of(only);
    if (names.isEmpty()) {
      checks.add("FAIL no service profile in " + profiles.directory().toAbsolutePath());
    }
    for (String name : names) {
      try {
        ServiceProfile p = profiles.load(name);
        checks.add("OK   profile " + name + " (" + p.target().name().toLowerCase() + ")");
        if (p.target() == ServiceProfile.Target.AWS) {
          awsProfiles.add(name);
          regions.add(p.regions().primary());
          if (p.regions().standby() != null) {
            regions.add(p.regions().standby());
          }
        }
      } catch (ApplicationFailure e) {
        checks.add("FAIL profile " + name + ": " + e.getOriginalMessage());
      }
    }
    for (String region : regions) {
      try {
        checks.add(
            "OK   AWS credentials for "
                + region
                + " resolve ("
                + credentialsForRegion.apply(region)
                + "; not checked against AWS)");
      } catch (RuntimeException e) {
        checks.add(
            "FAIL AWS credentials for "
                + region
                + " do not resolve (needed by "
                + String.join(", ", awsProfiles)
                + "): "
                + e.getClass().getSimpleName()
                + " "
                + firstLine(e.getMessage())
                + (only == null
                    ? "; on a practice machine check only the sandbox: './runbook doctor"
                        + " --service sandbox'"
                    : ""));
      }
    }
    String worker = java.lang.management.ManagementFactory.getRuntimeMXBean().getName();
    return new WorkerReport(worker, profiles.directory().toAbsolutePath().toString(), checks);
  }

  private static String resolveCredentials(String region) {
    try (DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder().build()) {
      // resolveCredentials() never returns null; the key itself is never shown.
      chain.resolveCredentials();
      return "from " + credentialSource(System.getenv(), System.getProperties());
    }
  }

  /**
   * Where the default chain found them, in its own order, named for a person (the SDK's provider
   * name is now a one-letter metric code).
   */
  static String credentialSource(java.util.Map<String, String> env, java.util.Properties props) {
    if (props.getProperty("aws.accessKeyId") != null) {
      return "Java system properties (aws.accessKeyId)";
    }
    if (env.get("AWS_ACCESS_KEY_ID") != null) {
      return "environment variables (AWS_ACCESS_KEY_ID)";
    }
    if (env.get("AWS_WEB_IDENTITY_TOKEN_FILE") != null) {
      return "a web identity token (AWS_WEB_IDENTITY_TOKEN_FILE, e.g. an EKS service account)";
    }
    String profile = env.getOrDefault("AWS_PROFILE", props.getProperty("aws.profile", "default"));
    java.nio.file.Path home = java.nio.file.Path.of(System.getProperty("user.home"), ".aws");
    if (java.nio.file.Files.exists(home.resolve("credentials"))
        || java.nio.file.Files.exists(home.resolve("config"))) {
      return "the shared AWS config, profile '" + profile + "'";
    }
    if (env.get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") != null
        || env.get("AWS_CONTAINER_CREDENTIALS_FULL_URI") != null) {
      return "the container's role (ECS task role)";
    }
    return "the instance's role (EC2 instance metadata)";
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    String line = nl < 0 ? message : message.substring(0, nl);
    return line.length() <= 200 ? line : line.substring(0, 200) + "...";
  }
}
