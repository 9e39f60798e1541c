package dev.pipelineguard.validator.check;

import dev.pipelineguard.validator.job.ValidatorParameters;
import dev.pipelineguard.validator.model.ArtifactFile;
import dev.pipelineguard.validator.model.ImageDefinitions;
import dev.pipelineguard.validator.model.ImageInfo;
import dev.pipelineguard.validator.model.ImageUri;
import dev.pipelineguard.validator.model.ScanFindings;
import dev.pipelineguard.validator.model.TextSanitizer;
import dev.pipelineguard.validator.result.CheckId;
import dev.pipelineguard.validator.result.CheckResult;
import dev.pipelineguard.validator.result.CheckStatus;
import dev.pipelineguard.validator.result.FailureType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Check 2: every image the deployment will pull exists in ECR, and its scan is within the limits.
 */
final class ImageCheck {
  private static final Set<String> SCAN_DONE = Set.of("COMPLETE", "ACTIVE");
  private static final Set<String> SCAN_RUNNING = Set.of("IN_PROGRESS", "PENDING");

  private ImageCheck() {}

  /**
   * One image of the deployment and what ECR said about it.
   *
   * @param image null when the reference is malformed
   * @param info null when not a private ECR image
   * @param scan null when scans are not checked (or not an ECR image)
   */
  record Probe(
      String container,
      String uri,
      ImageUri image,
      Fetched<ImageInfo> info,
      Fetched<ScanFindings> scan) {}

  /**
   * The images to deploy are imagedefinitions.json's when the action has an input artifact, so
   * until it is read and usable they are unknown; without an artifact they are the task
   * definition's. A read that may pass later makes this check wait; one that cannot is another
   * check's to report.
   *
   * @param probes the images of the artifact and of the task definition, looked up
   */
  static CheckResult evaluate(
      boolean hasInputArtifact,
      Fetched<ArtifactFile> artifact,
      Fetched<ImageDefinitions> definitions,
      TaskDefinitionRead taskDefinition,
      List<Probe> probes,
      ValidatorParameters.ScanThresholds thresholds) {
    if (artifact.retryable()) {
      return CheckResult.pending(
          CheckId.IMAGE, "waiting for the artifact", List.of(artifact.error().evidence()));
    }
    if (hasInputArtifact && (!definitions.ok() || definitions.value().entries().isEmpty())) {
      return CheckResult.skipped(
          CheckId.IMAGE,
          "the images to deploy are unknown: imagedefinitions.json could not be "
              + "used (see artifact)");
    }
    if (!taskDefinition.ok() && taskDefinition.mayPassLater()) {
      return taskDefinition.waiting(CheckId.IMAGE);
    }
    if (!taskDefinition.ok() && !hasInputArtifact) {
      return taskDefinition.skipped(CheckId.IMAGE);
    }
    return evaluate(probes, thresholds);
  }

  /** The verdict on images that were looked up (what ECR said about each). */
  static CheckResult evaluate(List<Probe> probes, ValidatorParameters.ScanThresholds thresholds) {
    List<String> failures = new ArrayList<>();
    List<String> waiting = new ArrayList<>();
    List<String> passes = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    FailureType type = null;
    int checked = 0;
    for (Probe probe : probes) {
      String where =
          "container "
              + TextSanitizer.quote(probe.container())
              + ": "
              + TextSanitizer.clean(probe.uri(), 200);
      if (probe.image() == null) {
        notes.add(where + " is malformed (see the artifact check)");
        continue;
      }
      if (probe.info() == null) {
        notes.add(where + " is not in a private ECR registry; its existence is not checked");
        continue;
      }
      checked++;
      ImageUri.EcrImage ecr = probe.image().ecr().orElseThrow();
      Fetched<ImageInfo> info = probe.info();
      if (info.error() != null) {
        AwsCallException error = info.error();
        if (error.kind() == AwsCallException.Kind.NOT_FOUND) {
          type = FailureType.worst(type, FailureType.JOB_FAILED);
          boolean noRepository = "RepositoryNotFoundException".equals(error.errorCode());
          failures.add(
              where
                  + (noRepository
                      ? " -> repository "
                          + TextSanitizer.quote(ecr.repository())
                          + " does not exist in account "
                          + ecr.account()
                          + " ("
                          + ecr.region()
                          + ")"
                      : " -> image "
                          + ecr.reference()
                          + " is not in repository "
                          + TextSanitizer.quote(ecr.repository())
                          + "; did the build push it? (aws ecr describe-images --repository-name "
                          + ecr.repository()
                          + " --region "
                          + ecr.region()
                          + ")"));
        } else if (error.transientFailure()) {
          waiting.add(CallFailures.detail(where, error));
        } else {
          type =
              FailureType.worst(
                  type,
                  error.kind() == AwsCallException.Kind.ACCESS_DENIED
                      ? FailureType.PERMISSION_ERROR
                      : FailureType.JOB_FAILED);
          failures.add(
              CallFailures.detail(where, error)
                  + (error.kind() == AwsCallException.Kind.ACCESS_DENIED
                      ? " -> allow the validator ecr:DescribeImages and ecr:DescribeImageScanFindings on the repository"
                      : ""));
        }
        continue;
      }
      String found = where + " exists (" + TextSanitizer.clean(info.value().digest(), 80) + ")";
      if (probe.scan() == null) {
        passes.add(found);
        continue;
      }
      Fetched<ScanFindings> scan = probe.scan();
      if (scan.error() != null) {
        if (scan.error().transientFailure()) {
          waiting.add(CallFailures.detail(where + " scan", scan.error()));
        } else {
          FailureType t =
              scan.error().kind() == AwsCallException.Kind.ACCESS_DENIED
                  ? FailureType.PERMISSION_ERROR
                  : FailureType.JOB_FAILED;
          type = FailureType.worst(type, t);
          failures.add(CallFailures.detail(where + " scan", scan.error()));
        }
        continue;
      }
      ScanFindings findings = scan.value();
      String status = findings.status() == null ? "" : findings.status();
      if (SCAN_RUNNING.contains(status)) {
        waiting.add(where + ": scan " + status);
      } else if (ScanFindings.NO_SCAN.equals(status)) {
        type = FailureType.worst(type, FailureType.CONFIGURATION_ERROR);
        failures.add(
            where
                + " has never been scanned -> turn on scan on push (aws ecr put-image-scanning-configuration "
                + "--repository-name "
                + ecr.repository()
                + " --image-scanning-configuration scanOnPush=true) or start one "
                + "(aws ecr start-image-scan), or remove imageScan from UserParameters");
      } else if (SCAN_DONE.contains(status)) {
        int critical = findings.count("CRITICAL");
        int high = findings.count("HIGH");
        String counts = counts(findings);
        boolean tooManyCritical = critical > thresholds.maxCritical();
        boolean tooManyHigh = thresholds.maxHigh() != null && high > thresholds.maxHigh();
        if (tooManyCritical || tooManyHigh) {
          type = FailureType.worst(type, FailureType.JOB_FAILED);
          failures.add(
              where
                  + " scan found "
                  + counts
                  + "; allowed: CRITICAL <= "
                  + thresholds.maxCritical()
                  + (thresholds.maxHigh() == null ? "" : ", HIGH <= " + thresholds.maxHigh())
                  + " -> update the base image and dependencies and rebuild (aws ecr describe-image-scan-findings "
                  + "--repository-name "
                  + ecr.repository()
                  + " --image-id "
                  + imageId(ecr)
                  + ")");
        } else {
          passes.add(found + ", scan " + counts);
        }
      } else {
        type = FailureType.worst(type, FailureType.JOB_FAILED);
        failures.add(
            where
                + ": scan status "
                + TextSanitizer.clean(status, 60)
                + (findings.description() == null
                    ? ""
                    : " (" + TextSanitizer.clean(findings.description(), 200) + ")")
                + " -> rescan (aws ecr start-image-scan) or remove imageScan from UserParameters");
      }
    }
    if (!failures.isEmpty()) {
      List<String> details = new ArrayList<>(failures);
      details.addAll(waiting);
      if (!passes.isEmpty()) {
        details.add(passes.size() + " other image(s) passed");
      }
      details.addAll(notes);
      return CheckResult.failed(
          CheckId.IMAGE,
          type,
          failures.size() + " of " + checked + " image(s) cannot be deployed",
          details,
          "Deploy only images that were pushed and pass the scan thresholds.");
    }
    if (!waiting.isEmpty()) {
      List<String> details = new ArrayList<>(waiting);
      details.addAll(notes);
      return CheckResult.pending(
          CheckId.IMAGE, "waiting for " + waiting.size() + " image(s)", details);
    }
    if (checked == 0) {
      return new CheckResult(
          CheckId.IMAGE,
          CheckStatus.SKIPPED,
          null,
          probes.isEmpty() ? "no image to check" : "no private ECR image to check",
          notes,
          "");
    }
    List<String> details = new ArrayList<>(passes);
    details.addAll(notes);
    return CheckResult.passed(
        CheckId.IMAGE,
        checked
            + " image(s) exist in ECR"
            + (thresholds == null ? "" : " and pass the scan thresholds"),
        details);
  }

  private static String counts(ScanFindings findings) {
    List<String> parts = new ArrayList<>();
    for (String severity :
        List.of("CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL", "UNDEFINED")) {
      int n = findings.count(severity);
      if (n > 0) {
        parts.add(severity + " " + n);
      }
    }
    return parts.isEmpty() ? "no findings" : String.join(", ", parts);
  }

  private static String imageId(ImageUri.EcrImage ecr) {
    return ecr.digest() != null ? "imageDigest=" + ecr.digest() : "imageTag=" + ecr.tag();
  }
}
