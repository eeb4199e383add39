package dev.drrunbooks.activities.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drrunbooks.activities.aws.AwsClients;
import dev.drrunbooks.activities.aws.S3ObjectStore;
import dev.drrunbooks.activities.capability.Capabilities;
import dev.drrunbooks.backup.BackupLocation;
import dev.drrunbooks.backup.BackupManifest;
import dev.drrunbooks.backup.BackupSource;
import dev.drrunbooks.backup.BackupStore;
import dev.drrunbooks.backup.FileTarget;
import dev.drrunbooks.backup.RestoreFilesCommand;
import dev.drrunbooks.backup.RevertFilesCommand;
import dev.drrunbooks.backup.ScratchRestore;
import dev.drrunbooks.backup.ScratchRestoreCommand;
import dev.drrunbooks.backup.SetCheck;
import dev.drrunbooks.backup.SetQuery;
import dev.drrunbooks.backup.TakeBackupCommand;
import dev.drrunbooks.profile.ServiceProfile.Target;
import dev.drrunbooks.service.RestoredFile;
import dev.drrunbooks.service.ServiceRef;
import io.temporal.failure.ApplicationFailure;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * Backup sets through the real S3 SDK against S3Proxy (in-process, versioned transient store): what
 * lands in the buckets, object by object and version by version.
 */
class BackupActivitiesS3Test {

  private static final String BACKUPS = "backup-bucket";
  private static final String CONFIG = "service-config";
  private static final ServiceRef SERVICE = new ServiceRef(Target.AWS, "us-east-1", "c", "s");
  private static final BackupLocation LOCATION =
      new BackupLocation(Target.AWS, "us-east-1", BACKUPS);

  private S3Proxy proxy;
  private S3Client s3;
  private BackupActivitiesImpl backups;

  @BeforeEach
  void start() throws Exception {
    proxy =
        S3Proxy.builder()
            .blobStore(new TransientNio2BlobStore())
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "access", "secret")
            .build();
    proxy.start();
    while (!proxy.getState().equals("STARTED")) {
      Thread.sleep(10);
    }
    AwsClients clients =
        new AwsClients(
            "us-east-1",
            StaticCredentialsProvider.create(AwsBasicCredentials.create("access", "secret")),
            URI.create("http://127.0.0.1:" + proxy.getPort()));
    s3 = clients.s3();
    for (String bucket : List.of(BACKUPS, CONFIG)) {
      s3.createBucket(r -> r.bucket(bucket));
      s3.putBucketVersioning(
          r ->
              r.bucket(bucket)
                  .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
    }
    s3.putObject(r -> r.bucket(CONFIG).key("config"), RequestBody.fromString("interval: 60s\n"));
    s3.putObject(
        r -> r.bucket(CONFIG).key("app.env"),
        RequestBody.fromString("DB_HOST=db\nDB_PASSWORD=s3cret\n"));
    Capabilities.Set aws =
        new Capabilities.Set(null, null, null, null, null, null, new S3ObjectStore(s3), null, null);
    backups = new BackupActivitiesImpl(new Capabilities(aws, region -> aws), name -> "");
  }

  @AfterEach
  void stop() throws Exception {
    proxy.stop();
  }

  private static final List<BackupSource> SOURCES =
      List.of(
          new BackupSource(BackupSource.CONFIG, "s3://" + CONFIG + "/config"),
          new BackupSource(BackupSource.ENV, "s3://" + CONFIG + "/app.env"));

  private BackupManifest take(String setId, String kind, String previous) {
    return backups.takeSet(
        new TakeBackupCommand(
            LOCATION,
            SERVICE,
            setId,
            kind,
            Instant.parse("2026-11-21T03:00:00Z"),
            SOURCES,
            previous,
            null,
            List.of(),
            "test"));
  }

  @Test
  void fullSet_writesObjectsAndManifest_andTakingItAgainWritesNothing() {
    BackupManifest first = take("20261121T030000Z", BackupManifest.FULL, null);
    // Counted after the first take, which is what the second must leave unchanged.
    int written = versions(BACKUPS, "20261121T030000Z/manifest.json");
    BackupManifest again = take("20261121T030000Z", BackupManifest.FULL, null);

    assertThat(again).isEqualTo(first);
    assertThat(keys(BACKUPS, "20261121T030000Z/"))
        .containsExactlyInAnyOrder(
            "20261121T030000Z/config",
            "20261121T030000Z/env_vars/.env",
            "20261121T030000Z/manifest.json");
    assertThat(written).isPositive();
    assertThat(versions(BACKUPS, "20261121T030000Z/manifest.json")).isEqualTo(written);
    // The env file was copied as bytes, its values never written anywhere else.
    String manifest =
        s3.getObjectAsBytes(r -> r.bucket(BACKUPS).key("20261121T030000Z/manifest.json"))
            .asUtf8String();
    assertThat(manifest).doesNotContain("s3cret").contains("\"sha256\"");
    assertThat(backups.verifySet(new SetQuery(LOCATION, "20261121T030000Z")).intact()).isTrue();

    List<String> latest = backups.pointLatest(new SetQuery(LOCATION, "20261121T030000Z"));
    assertThat(latest).contains("latest/config", "latest/env_vars/.env", "latest/manifest.json");
    assertThat(s3.getObjectAsBytes(r -> r.bucket(BACKUPS).key("latest/config")).asUtf8String())
        .isEqualTo("interval: 60s\n");
  }

  @Test
  void incrementalSet_copiesOnlyWhatChanged() {
    take("20261121T030000Z", BackupManifest.FULL, null);
    s3.putObject(r -> r.bucket(CONFIG).key("config"), RequestBody.fromString("interval: 30s\n"));

    BackupManifest inc = take("20261121T040000Z", BackupManifest.INCREMENTAL, "20261121T030000Z");

    assertThat(keys(BACKUPS, "20261121T040000Z/"))
        .containsExactlyInAnyOrder("20261121T040000Z/config", "20261121T040000Z/manifest.json");
    assertThat(inc.object(BackupSource.ENV).storedIn()).isEqualTo("20261121T030000Z");
    assertThat(backups.verifySet(new SetQuery(LOCATION, "20261121T040000Z")).intact()).isTrue();
    assertThat(backups.listSets(LOCATION))
        .extracting(s -> s.setId())
        .containsExactly("20261121T040000Z", "20261121T030000Z");
  }

  @Test
  void corruptedObject_isNamed_andARestoreFromItOverwritesNothing() {
    take("20261121T030000Z", BackupManifest.FULL, null);
    s3.putObject(
        r -> r.bucket(BACKUPS).key("20261121T030000Z/env_vars/.env"),
        RequestBody.fromString("garbage"));
    s3.putObject(
        r -> r.bucket(CONFIG).key("app.env"),
        RequestBody.fromString("DB_HOST=db\nDB_PASSWORD=broken\n"));

    int before = versions(CONFIG, "app.env");
    SetCheck check = backups.verifySet(new SetQuery(LOCATION, "20261121T030000Z"));
    assertThat(check.intact()).isFalse();
    assertThat(check.problems()).singleElement().asString().startsWith("env: SHA-256");
    assertThatThrownBy(
            () ->
                backups.restoreFiles(
                    new RestoreFilesCommand(
                        new SetQuery(LOCATION, "20261121T030000Z"),
                        List.of(
                            new FileTarget(BackupSource.CONFIG, "s3://" + CONFIG + "/config"),
                            new FileTarget(BackupSource.ENV, "s3://" + CONFIG + "/app.env")))))
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("nothing was restored");
    assertThat(versions(CONFIG, "app.env")).isEqualTo(before);
    assertThat(text(CONFIG, "app.env")).isEqualTo("DB_HOST=db\nDB_PASSWORD=broken\n");
  }

  @Test
  void restoreWritesOnlyWhatDiffers_andTheUndoPutsThePreviousVersionBack() {
    take("20261121T030000Z", BackupManifest.FULL, null);
    s3.putObject(
        r -> r.bucket(CONFIG).key("app.env"),
        RequestBody.fromString("DB_HOST=db\nDB_PASSWORD=broken\n"));
    int configVersions = versions(CONFIG, "config");
    List<FileTarget> targets =
        List.of(
            new FileTarget(BackupSource.CONFIG, "s3://" + CONFIG + "/config"),
            new FileTarget(BackupSource.ENV, "s3://" + CONFIG + "/app.env"));

    List<RestoredFile> restored =
        backups.restoreFiles(
            new RestoreFilesCommand(new SetQuery(LOCATION, "20261121T030000Z"), targets));

    assertThat(restored).extracting(RestoredFile::changed).containsExactly(false, true);
    assertThat(versions(CONFIG, "config")).isEqualTo(configVersions);
    assertThat(text(CONFIG, "app.env")).contains("DB_PASSWORD=s3cret");
    assertThat(
            backups.compareLive(
                new dev.drrunbooks.backup.LiveCompare(
                    new SetQuery(LOCATION, "20261121T030000Z"), targets)))
        .isEmpty();

    backups.revertFiles(new RevertFilesCommand(Target.AWS, "us-east-1", restored));
    assertThat(text(CONFIG, "app.env")).contains("DB_PASSWORD=broken");
  }

  @Test
  void testRestore_matchesByteForByte_andLeavesTheScratchPrefixEmpty() {
    take("20261121T030000Z", BackupManifest.FULL, null);
    ScratchRestore r =
        backups.testRestore(
            new ScratchRestoreCommand(
                new SetQuery(LOCATION, "20261121T030000Z"), "scratch/run-1/"));
    assertThat(r.matches()).as(r.oneLine()).isTrue();
    assertThat(r.objects()).isEqualTo(2);
    assertThat(keys(BACKUPS, "scratch/")).isEmpty();
  }

  @Test
  void badInput_bucketWithoutVersioning_missingSet_unparsableManifest() {
    s3.createBucket(r -> r.bucket("plain"));
    assertThatThrownBy(
            () -> backups.checkBucket(new BackupLocation(Target.AWS, "us-east-1", "plain")))
        .isInstanceOf(ApplicationFailure.class)
        .satisfies(
            e ->
                assertThat(((ApplicationFailure) e).getType())
                    .isEqualTo(BackupStore.VERSIONING_OFF));
    assertThatThrownBy(() -> backups.verifySet(new SetQuery(LOCATION, "20990101T000000Z")))
        .satisfies(
            e ->
                assertThat(((ApplicationFailure) e).getType())
                    .isEqualTo(BackupStore.SET_NOT_FOUND));
    s3.putObject(
        r -> r.bucket(BACKUPS).key("20261121T050000Z/manifest.json"),
        RequestBody.fromString("{not json"));
    assertThatThrownBy(() -> backups.verifySet(new SetQuery(LOCATION, "20261121T050000Z")))
        .satisfies(
            e ->
                assertThat(((ApplicationFailure) e).getType())
                    .isEqualTo(BackupStore.MANIFEST_UNREADABLE));
  }

  private List<String> keys(String bucket, String prefix) {
    return s3.listObjectsV2(r -> r.bucket(bucket).prefix(prefix)).contents().stream()
        .map(o -> o.key())
        .toList();
  }

  private int versions(String bucket, String key) {
    return (int)
        s3.listObjectVersions(r -> r.bucket(bucket).prefix(key)).versions().stream()
            .filter(v -> v.key().equals(key))
            .count();
  }

  private String text(String bucket, String key) {
    return s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asUtf8String();
  }
}
