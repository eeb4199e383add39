package dev.drrunbooks.activities.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.drrunbooks.activities.aws.AwsStubs.xml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.temporal.failure.ApplicationFailure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Deleting from a versioned bucket at the wire: a plain DeleteObject only puts a delete marker in
 * front of the bytes (a verification's scratch copy of the env file, with the database password,
 * would stay readable by version id). A purge lists every version and marker under the prefix, page
 * by page, and deletes each by its version id.
 */
class S3PurgeWireTest {

  private WireMockServer wire;
  private S3ObjectStore store;

  @BeforeEach
  void setUp() {
    wire = new WireMockServer(wireMockConfig().dynamicPort());
    wire.start();
    store = new S3ObjectStore(AwsStubs.clients(wire.baseUrl(), "ap-southeast-1").s3());
  }

  @AfterEach
  void tearDown() {
    wire.stop();
  }

  @Test
  void purge_deletesEveryVersionAndDeleteMarker_acrossPages_byVersionId() {
    wire.stubFor(
        get(urlPathEqualTo("/backups"))
            .withQueryParam("versions", WireMock.absent().or(WireMock.equalTo("")))
            .withQueryParam("key-marker", WireMock.absent())
            .willReturn(
                xml(
                    versions(
                        true,
                        "scratch/run-1/app.env",
                        "v-env-2",
                        version("scratch/run-1/app.env", "v-env-2")
                            + version("scratch/run-1/app.env", "v-env-1")
                            + marker("scratch/run-1/app.env", "m-env-3")))));
    wire.stubFor(
        get(urlPathEqualTo("/backups"))
            .withQueryParam("key-marker", WireMock.equalTo("scratch/run-1/app.env"))
            .willReturn(
                xml(versions(false, null, null, version("scratch/run-1/config", "v-cfg-1")))));
    wire.stubFor(
        post(urlPathEqualTo("/backups"))
            .willReturn(xml("<DeleteResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"/>")));

    int deleted = store.purge("backups", "scratch/run-1/");

    assertThat(deleted).isEqualTo(4);
    wire.verify(
        2,
        getRequestedFor(urlPathEqualTo("/backups"))
            .withQueryParam("prefix", WireMock.equalTo("scratch/run-1/")));
    wire.verify(
        postRequestedFor(urlPathEqualTo("/backups"))
            .withQueryParam("delete", WireMock.matching(".*"))
            .withRequestBody(containing("<VersionId>v-env-2</VersionId>"))
            .withRequestBody(containing("<VersionId>v-env-1</VersionId>"))
            .withRequestBody(containing("<VersionId>m-env-3</VersionId>"))
            .withRequestBody(containing("<Quiet>true</Quiet>")));
    wire.verify(
        postRequestedFor(urlPathEqualTo("/backups"))
            .withRequestBody(containing("<VersionId>v-cfg-1</VersionId>")));
  }

  /** A version S3 would not delete (object lock, say) is an error naming it, not a silent keep. */
  @Test
  void purge_aVersionS3KeepsIsAnError_namingIt() {
    wire.stubFor(
        get(urlPathEqualTo("/backups"))
            .willReturn(xml(versions(false, null, null, version("set-1/app.env", "v1")))));
    wire.stubFor(
        post(urlPathEqualTo("/backups"))
            .willReturn(
                xml(
                    "<DeleteResult><Error><Key>set-1/app.env</Key><VersionId>v1</VersionId>"
                        + "<Code>AccessDenied</Code><Message>Access Denied</Message></Error>"
                        + "</DeleteResult>")));

    assertThatThrownBy(() -> store.purge("backups", "set-1/"))
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("1 version(s) not deleted, first set-1/app.env v1: AccessDenied");
  }

  private static String versions(
      boolean truncated, String nextKey, String nextVersion, String entries) {
    return "<ListVersionsResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
        + "<Name>backups</Name><Prefix>scratch/run-1/</Prefix>"
        + "<IsTruncated>"
        + truncated
        + "</IsTruncated>"
        + (nextKey == null
            ? ""
            : "<NextKeyMarker>"
                + nextKey
                + "</NextKeyMarker><NextVersionIdMarker>"
                + nextVersion
                + "</NextVersionIdMarker>")
        + entries
        + "</ListVersionsResult>";
  }

  private static String version(String key, String id) {
    return "<Version><Key>" + key + "</Key><VersionId>" + id + "</VersionId></Version>";
  }

  private static String marker(String key, String id) {
    return "<DeleteMarker><Key>" + key + "</Key><VersionId>" + id + "</VersionId></DeleteMarker>";
  }
}
