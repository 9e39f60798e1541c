package dev.pipelineguard.validator.aws;

import static dev.pipelineguard.emulation.AwsJsonStubs.ok;
import static dev.pipelineguard.emulation.AwsJsonStubs.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.pipelineguard.emulation.AwsJsonStubs;
import dev.pipelineguard.emulation.MotoServer;
import dev.pipelineguard.emulation.TestAws;
import dev.pipelineguard.validator.Moto;
import dev.pipelineguard.validator.check.AwsCallException;
import dev.pipelineguard.validator.model.ImageInfo;
import dev.pipelineguard.validator.model.ImageUri;
import dev.pipelineguard.validator.model.ScanFindings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * ECR lookups against moto; scan states moto cannot produce come from WireMock, the rest is
 * proxied.
 */
class EcrImageRegistryTest {
  private static WireMockServer wiremock;
  private static EcrImageRegistry registry;
  private static String repository;
  private static ImageUri.EcrImage pushed;

  @BeforeAll
  static void pushImage() {
    MotoServer moto = Moto.start();
    repository = Moto.unique("orders");
    pushed = ImageUri.parse(Moto.image(repository, "abc1234")).image().ecr().orElseThrow();
    wiremock = AwsJsonStubs.start();
    AwsJsonStubs.proxyUnmatchedTo(wiremock, moto.endpoint());
    TestAws.route("Ecr", wiremock);
    registry = new EcrImageRegistry(Clients.regional(EcrClient::builder, TestAws.settings()));
  }

  @AfterAll
  static void stop() {
    TestAws.unroute("Ecr");
    wiremock.stop();
  }

  @Test
  void findsAPushedImageByTagAndByDigest() {
    ImageInfo byTag = registry.describeImage(pushed);
    ImageInfo byDigest =
        registry.describeImage(
            new ImageUri.EcrImage(
                pushed.account(), pushed.region(), repository, null, byTag.digest()));

    assertThat(byTag.digest()).startsWith("sha256:");
    assertThat(byDigest.digest()).isEqualTo(byTag.digest());
  }

  @Test
  void aMissingTagIsNotFound() {
    AwsCallException e =
        catchThrowableOfType(
            AwsCallException.class,
            () ->
                registry.describeImage(
                    new ImageUri.EcrImage(
                        pushed.account(), pushed.region(), repository, "not-pushed", null)));

    assertThat(e.kind()).isEqualTo(AwsCallException.Kind.NOT_FOUND);
    assertThat(e.errorCode()).isEqualTo("ImageNotFoundException");
  }

  @Test
  void aMissingRepositoryIsNotFound() {
    AwsCallException e =
        catchThrowableOfType(
            AwsCallException.class,
            () ->
                registry.describeImage(
                    new ImageUri.EcrImage(
                        pushed.account(),
                        pushed.region(),
                        Moto.unique("nothing-here"),
                        "1",
                        null)));

    assertThat(e.errorCode()).isEqualTo("RepositoryNotFoundException");
  }

  @Test
  void anUnscannedImageHasNoScanAndAScannedOneHasCounts() {
    String repo = Moto.unique("scanned");
    ImageUri.EcrImage image = ImageUri.parse(Moto.image(repo, "v1")).image().ecr().orElseThrow();

    assertThat(registry.scanFindings(image).status()).isEqualTo(ScanFindings.NO_SCAN);

    Moto.ecr().startImageScan(b -> b.repositoryName(repo).imageId(i -> i.imageTag("v1")));
    ScanFindings findings = registry.scanFindings(image);

    assertThat(findings.status()).isEqualTo("COMPLETE");
    assertThat(findings.count("HIGH")).isEqualTo(1); // moto's fixed sample finding
  }

  @Test
  void aScanInProgressIsReportedAsSuch() {
    String repo = Moto.unique("scanning");
    wiremock.stubFor(
        target("AmazonEC2ContainerRegistry_V20150921.DescribeImageScanFindings")
            .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing(repo))
            .willReturn(
                ok(
                    "{\"registryId\":\"123456789012\",\"repositoryName\":\""
                        + repo
                        + "\","
                        + "\"imageScanStatus\":{\"status\":\"IN_PROGRESS\",\"description\":\"Scan in progress\"}}")));

    ScanFindings findings =
        registry.scanFindings(new ImageUri.EcrImage("123456789012", "us-east-1", repo, "v1", null));

    assertThat(findings.status()).isEqualTo("IN_PROGRESS");
    assertThat(findings.severityCounts()).isEmpty();
  }
}
