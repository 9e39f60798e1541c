package dev.pipelineguard.validator.aws;

import dev.pipelineguard.common.AwsSdk;
import dev.pipelineguard.validator.check.AwsCallException;
import dev.pipelineguard.validator.check.ImageRegistry;
import dev.pipelineguard.validator.model.ImageInfo;
import dev.pipelineguard.validator.model.ImageUri;
import dev.pipelineguard.validator.model.ScanFindings;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.DescribeImageScanFindingsResponse;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ScanNotFoundException;

/** {@link ImageRegistry} over the SDK's ECR client, in the image's own region and account. */
public final class EcrImageRegistry implements ImageRegistry {
  private final RegionalClients<EcrClient> ecr;

  public EcrImageRegistry(AwsSdk.Settings settings) {
    this(Clients.regional(EcrClient::builder, settings));
  }

  EcrImageRegistry(RegionalClients<EcrClient> ecr) {
    this.ecr = ecr;
  }

  @Override
  public ImageInfo describeImage(ImageUri.EcrImage image) {
    try {
      var response =
          ecr.forRegion(image.region())
              .describeImages(
                  b ->
                      b.registryId(image.account())
                          .repositoryName(image.repository())
                          .imageIds(id(image)));
      if (!response.hasImageDetails() || response.imageDetails().isEmpty()) {
        throw new AwsCallException(
            AwsCallException.Kind.NOT_FOUND,
            "ecr:DescribeImages",
            "ImageNotFoundException",
            "no image details returned",
            null);
      }
      ImageDetail detail = response.imageDetails().get(0);
      return new ImageInfo(detail.imageDigest(), detail.imagePushedAt());
    } catch (SdkException | UncheckedIOException e) {
      throw AwsCallException.of("ecr:DescribeImages", e);
    }
  }

  @Override
  public ScanFindings scanFindings(ImageUri.EcrImage image) {
    DescribeImageScanFindingsResponse response;
    try {
      response =
          ecr.forRegion(image.region())
              .describeImageScanFindings(
                  b ->
                      b.registryId(image.account())
                          .repositoryName(image.repository())
                          .imageId(id(image))
                          .maxResults(1));
    } catch (ScanNotFoundException e) {
      return new ScanFindings(ScanFindings.NO_SCAN, null, Map.of());
    } catch (SdkException | UncheckedIOException e) {
      throw AwsCallException.of("ecr:DescribeImageScanFindings", e);
    }
    String status =
        response.imageScanStatus() == null ? null : response.imageScanStatus().statusAsString();
    String description =
        response.imageScanStatus() == null ? null : response.imageScanStatus().description();
    Map<String, Integer> counts = new LinkedHashMap<>();
    if (response.imageScanFindings() != null) {
      response
          .imageScanFindings()
          .findingSeverityCountsAsStrings()
          .forEach((k, v) -> counts.put(k, v == null ? 0 : v));
    }
    return new ScanFindings(status, description, counts);
  }

  private static ImageIdentifier id(ImageUri.EcrImage image) {
    return image.digest() != null
        ? ImageIdentifier.builder().imageDigest(image.digest()).build()
        : ImageIdentifier.builder().imageTag(image.tag()).build();
  }
}
