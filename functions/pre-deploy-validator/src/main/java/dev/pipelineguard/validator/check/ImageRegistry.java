package dev.pipelineguard.validator.check;

import dev.pipelineguard.validator.model.ImageInfo;
import dev.pipelineguard.validator.model.ImageUri;
import dev.pipelineguard.validator.model.ScanFindings;

/**
 * Reads ECR. Failures are {@link AwsCallException}s (NOT_FOUND for a missing image or repository).
 */
public interface ImageRegistry {
  ImageInfo describeImage(ImageUri.EcrImage image);

  ScanFindings scanFindings(ImageUri.EcrImage image);
}
