package dev.pipelineguard.validator.check;

import dev.pipelineguard.validator.job.JobEvent;
import dev.pipelineguard.validator.model.ArtifactFile;
import dev.pipelineguard.validator.model.ImageDefinitions;
import dev.pipelineguard.validator.model.TaskDefinition;
import dev.pipelineguard.validator.model.TextSanitizer;
import dev.pipelineguard.validator.result.CheckId;
import dev.pipelineguard.validator.result.CheckResult;
import dev.pipelineguard.validator.result.CheckStatus;
import dev.pipelineguard.validator.result.FailureType;
import java.util.ArrayList;
import java.util.List;

/**
 * Check 1: the build artifact carries an {@code imagedefinitions.json} the ECS deploy action
 * accepts.
 */
final class ArtifactCheck {
  static final String WRITE_IT =
      "Write it in the buildspec's post_build, e.g. printf "
          + "'[{\"name\":\"%s\",\"imageUri\":\"%s\"}]' \"$CONTAINER_NAME\" \"$IMAGE_URI\" > imagedefinitions.json, "
          + "and list it under artifacts.files.";

  private ArtifactCheck() {}

  /**
   * A broken artifact fails at once, whatever the task definition; otherwise comparing the names
   * needs the task definition, so a read of it that may pass later makes this check wait. One that
   * cannot pass is another check's to report: the names are then not compared (said in the
   * details).
   */
  static CheckResult evaluate(
      List<JobEvent.InputArtifact> artifacts,
      Fetched<ArtifactFile> file,
      Fetched<ImageDefinitions> definitions,
      Fetched<TaskDefinition> taskDefinition) {
    CheckResult result = evaluateFile(artifacts, file, definitions, taskDefinition);
    if (taskDefinition.retryable()
        && !result.is(CheckStatus.FAILED)
        && !result.is(CheckStatus.SKIPPED)) {
      return TaskDefinitionRead.waiting(CheckId.ARTIFACT, taskDefinition);
    }
    return result;
  }

  private static CheckResult evaluateFile(
      List<JobEvent.InputArtifact> artifacts,
      Fetched<ArtifactFile> file,
      Fetched<ImageDefinitions> definitions,
      Fetched<TaskDefinition> taskDefinition) {
    if (artifacts.isEmpty()) {
      return CheckResult.skipped(
          CheckId.ARTIFACT,
          "the action has no input artifact; give it the build output to check imagedefinitions.json");
    }
    String where = describe(artifacts);
    if (file.error() != null) {
      AwsCallException error = file.error();
      if (error.kind() == AwsCallException.Kind.NOT_FOUND) {
        return CheckResult.failed(
            CheckId.ARTIFACT,
            FailureType.CONFIGURATION_ERROR,
            "the input artifact " + where + " does not exist",
            List.of(error.evidence()),
            "Re-run the pipeline from the build stage; artifacts expire with the artifact bucket's lifecycle rules.");
      }
      return CallFailures.result(
          CheckId.ARTIFACT,
          error,
          "the input artifact " + where + " with the job's credentials",
          "CodePipeline's service role must be able to read its artifact bucket (s3:GetObject) and decrypt it "
              + "(kms:Decrypt on the artifact store's key).");
    }
    ArtifactFile found = file.value();
    if (found.problem() != null) {
      return CheckResult.failed(
          CheckId.ARTIFACT,
          FailureType.CONFIGURATION_ERROR,
          "the input artifact " + where + " cannot be read",
          List.of(TextSanitizer.clean(found.problem())),
          "Make sure the build stage's output artifact is the one passed to this action, a zip with "
              + ImageDefinitions.FILE_NAME
              + " at its root.");
    }
    if (!found.found()) {
      List<String> details = new ArrayList<>();
      List<String> nested =
          found.entries().stream()
              .filter(e -> e.endsWith("/" + ImageDefinitions.FILE_NAME))
              .toList();
      if (!nested.isEmpty()) {
        details.add(
            "found "
                + TextSanitizer.quote(nested.get(0))
                + ", but the ECS deploy action reads "
                + ImageDefinitions.FILE_NAME
                + " at the artifact's root (use discard-paths: yes or move it)");
      }
      if (found.entries().contains("imageDetail.json")) {
        details.add(
            "found imageDetail.json, the ECS blue/green (CodeDeploy) format; the ECS deploy action needs "
                + ImageDefinitions.FILE_NAME);
      }
      details.add(
          "the artifact contains: "
              + (found.entries().isEmpty()
                  ? "(nothing)"
                  : TextSanitizer.clean(String.join(", ", found.entries()), 600)));
      return CheckResult.failed(
          CheckId.ARTIFACT,
          FailureType.CONFIGURATION_ERROR,
          ImageDefinitions.FILE_NAME + " is not in the input artifact " + where,
          details,
          WRITE_IT);
    }
    ImageDefinitions defs = definitions.value();
    List<String> problems = new ArrayList<>(defs.problems());
    List<String> notes = new ArrayList<>();
    if (taskDefinition.ok()) {
      problems.addAll(defs.mismatches(taskDefinition.value().containerNames()));
    } else {
      notes.add("container names not compared: the task definition could not be read");
    }
    if (!problems.isEmpty()) {
      // The count is of problems; the notes follow them in the list.
      int count = problems.size();
      problems.addAll(notes);
      return CheckResult.failed(
          CheckId.ARTIFACT,
          FailureType.CONFIGURATION_ERROR,
          ImageDefinitions.FILE_NAME
              + " in "
              + TextSanitizer.quote(found.artifactName())
              + " would fail the deploy action ("
              + count
              + (count == 1 ? " problem)" : " problems)"),
          problems,
          WRITE_IT
              + " Each name must be exactly a container name of the service's task definition.");
    }
    List<String> details = new ArrayList<>();
    for (ImageDefinitions.Entry entry : defs.entries()) {
      details.add(
          TextSanitizer.quote(entry.name())
              + " -> "
              + TextSanitizer.clean(entry.imageUri())
              + (entry.image() != null && entry.image().implicitLatest()
                  ? " (no tag or digest: ECS pulls :latest, which no rollback can pin)"
                  : ""));
    }
    details.addAll(notes);
    int n = defs.entries().size();
    return CheckResult.passed(
        CheckId.ARTIFACT,
        ImageDefinitions.FILE_NAME
            + " names "
            + n
            + (n == 1 ? " container" : " containers")
            + " of the task definition",
        details);
  }

  private static String describe(List<JobEvent.InputArtifact> artifacts) {
    JobEvent.InputArtifact first = artifacts.get(0);
    return TextSanitizer.quote(first.name() == null ? "(unnamed)" : first.name())
        + (artifacts.size() > 1 ? " (and " + (artifacts.size() - 1) + " more)" : "");
  }
}
