package dev.pipelineguard.validator;

/** Reads ECR. Failures are {@link AwsCallException}s (NOT_FOUND for a missing image or repository). */
public interface ImageRegistry {
  ImageInfo describeImage(ImageUri.EcrImage image);

  ScanFindings scanFindings(ImageUri.EcrImage image);
}
