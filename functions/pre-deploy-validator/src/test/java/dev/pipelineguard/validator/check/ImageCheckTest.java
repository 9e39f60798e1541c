package dev.pipelineguard.validator.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipelineguard.validator.job.ValidatorParameters;
import dev.pipelineguard.validator.model.ImageInfo;
import dev.pipelineguard.validator.model.ImageUri;
import dev.pipelineguard.validator.model.ScanFindings;
import dev.pipelineguard.validator.result.CheckResult;
import dev.pipelineguard.validator.result.CheckStatus;
import dev.pipelineguard.validator.result.FailureType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageCheckTest {
  private static final String URI = "123456789012.dkr.ecr.us-east-1.amazonaws.com/orders:abc1234";
  private static final ValidatorParameters.ScanThresholds LIMITS =
      new ValidatorParameters.ScanThresholds(0, 5);
  private static final Fetched<ImageInfo> FOUND =
      Fetched.of(new ImageInfo("sha256:" + "ab".repeat(32), Instant.EPOCH));

  private static ImageCheck.Probe probe(Fetched<ImageInfo> info, Fetched<ScanFindings> scan) {
    return new ImageCheck.Probe("app", URI, ImageUri.parse(URI).image(), info, scan);
  }

  private static Fetched<ScanFindings> scan(String status, Map<String, Integer> counts) {
    return Fetched.of(new ScanFindings(status, null, counts));
  }

  @Test
  void anExistingImageWithinTheScanLimitsPasses() {
    CheckResult r =
        ImageCheck.evaluate(
            List.of(probe(FOUND, scan("COMPLETE", Map.of("HIGH", 5, "LOW", 9)))), LIMITS);

    assertThat(r.status()).isEqualTo(CheckStatus.PASSED);
    assertThat(r.details().get(0)).contains("exists").contains("scan HIGH 5, LOW 9");
  }

  @Test
  void aMissingTagFailsWithTheCommandToListTags() {
    CheckResult r =
        ImageCheck.evaluate(
            List.of(
                probe(
                    Fetched.failed(
                        new AwsCallException(
                            AwsCallException.Kind.NOT_FOUND,
                            "ecr:DescribeImages",
                            "ImageNotFoundException",
                            "The image does not exist",
                            null)),
                    null)),
            null);

    assertThat(r.status()).isEqualTo(CheckStatus.FAILED);
    assertThat(r.failureType()).isEqualTo(FailureType.JOB_FAILED);
    assertThat(r.details().get(0))
        .contains("image :abc1234 is not in repository 'orders'")
        .contains("aws ecr describe-images --repository-name orders --region us-east-1");
  }

  @Test
  void aMissingRepositoryIsNamed() {
    CheckResult r =
        ImageCheck.evaluate(
            List.of(
                probe(
                    Fetched.failed(
                        new AwsCallException(
                            AwsCallException.Kind.NOT_FOUND,
                            "ecr:DescribeImages",
                            "RepositoryNotFoundException",
                            "x",
                            null)),
                    null)),
            null);

    assertThat(r.details().get(0))
        .contains("repository 'orders' does not exist in account 123456789012 (us-east-1)");
  }

  @Test
  void tooManyFindingsFailListingTheCounts() {
    CheckResult r =
        ImageCheck.evaluate(
            List.of(probe(FOUND, scan("COMPLETE", Map.of("CRITICAL", 1, "HIGH", 7)))), LIMITS);

    assertThat(r.status()).isEqualTo(CheckStatus.FAILED);
    assertThat(r.details().get(0))
        .contains("scan found CRITICAL 1, HIGH 7; allowed: CRITICAL <= 0, HIGH <= 5");
  }

  @Test
  void aScanInProgressIsPending() {
    CheckResult r =
        ImageCheck.evaluate(List.of(probe(FOUND, scan("IN_PROGRESS", Map.of()))), LIMITS);

    assertThat(r.status()).isEqualTo(CheckStatus.PENDING);
    assertThat(r.details().get(0)).contains("scan IN_PROGRESS");
  }

  @Test
  void anUnscannedImageIsAConfigurationError() {
    CheckResult r =
        ImageCheck.evaluate(List.of(probe(FOUND, scan(ScanFindings.NO_SCAN, Map.of()))), LIMITS);

    assertThat(r.failureType()).isEqualTo(FailureType.CONFIGURATION_ERROR);
    assertThat(r.details().get(0)).contains("never been scanned").contains("scanOnPush=true");
  }

  @Test
  void aFailedOrUnsupportedScanFails() {
    CheckResult r =
        ImageCheck.evaluate(
            List.of(
                probe(
                    FOUND,
                    Fetched.of(
                        new ScanFindings(
                            "UNSUPPORTED_IMAGE",
                            "The operating system is not supported",
                            Map.of())))),
            LIMITS);

    assertThat(r.status()).isEqualTo(CheckStatus.FAILED);
    assertThat(r.details().get(0))
        .contains("scan status UNSUPPORTED_IMAGE (The operating system is not supported)");
  }

  @Test
  void nonEcrImagesAreNotedButNotChecked() {
    CheckResult r =
        ImageCheck.evaluate(
            List.of(
                new ImageCheck.Probe(
                    "proxy", "nginx:1.27", ImageUri.parse("nginx:1.27").image(), null, null)),
            null);

    assertThat(r.status()).isEqualTo(CheckStatus.SKIPPED);
    assertThat(r.details()).singleElement().asString().contains("not in a private ECR registry");
  }

  @Test
  void accessDeniedIsAPermissionError() {
    CheckResult r =
        ImageCheck.evaluate(
            List.of(
                probe(
                    Fetched.failed(
                        new AwsCallException(
                            AwsCallException.Kind.ACCESS_DENIED,
                            "ecr:DescribeImages",
                            "AccessDeniedException",
                            "no",
                            null)),
                    null)),
            null);

    assertThat(r.failureType()).isEqualTo(FailureType.PERMISSION_ERROR);
  }
}
