package dev.pipelineguard.validator.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipelineguard.validator.job.JobEvent;
import dev.pipelineguard.validator.model.ArtifactFile;
import dev.pipelineguard.validator.model.ImageDefinitions;
import dev.pipelineguard.validator.model.TaskDefinition;
import dev.pipelineguard.validator.result.CheckResult;
import dev.pipelineguard.validator.result.CheckStatus;
import dev.pipelineguard.validator.result.FailureType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArtifactCheckTest {
  private static final List<JobEvent.InputArtifact> ARTIFACTS =
      List.of(new JobEvent.InputArtifact("BuildOutput", "bucket", "key"));
  private static final String IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/orders:abc1234";
  private static final Fetched<TaskDefinition> TASK_DEFINITION =
      Fetched.of(
          new TaskDefinition(
              "td:7",
              List.of(
                  new TaskDefinition.Container("app", IMAGE, List.of(), List.of()),
                  new TaskDefinition.Container("log-router", "fluent-bit", List.of(), List.of()))));

  private static CheckResult check(String json, Fetched<TaskDefinition> td) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    return ArtifactCheck.evaluate(
        ARTIFACTS,
        Fetched.of(new ArtifactFile("BuildOutput", bytes, null, List.of())),
        Fetched.of(ImageDefinitions.parse(bytes)),
        td);
  }

  @Test
  void passesWhenEveryNameIsAContainerOfTheTaskDefinition() {
    CheckResult r = check("[{\"name\":\"app\",\"imageUri\":\"" + IMAGE + "\"}]", TASK_DEFINITION);

    assertThat(r.status()).isEqualTo(CheckStatus.PASSED);
    assertThat(r.details()).containsExactly("'app' -> " + IMAGE);
  }

  @Test
  void aWrongContainerNameIsAConfigurationErrorListingTheRealNames() {
    CheckResult r =
        check("[{\"name\":\"orders\",\"imageUri\":\"" + IMAGE + "\"}]", TASK_DEFINITION);

    assertThat(r.failureType()).isEqualTo(FailureType.CONFIGURATION_ERROR);
    assertThat(r.details())
        .singleElement()
        .asString()
        .contains("'orders' is not in the task definition")
        .contains("'app', 'log-router'");
  }

  @Test
  void withoutATaskDefinitionTheFormatIsStillChecked() {
    CheckResult ok =
        check(
            "[{\"name\":\"app\",\"imageUri\":\"" + IMAGE + "\"}]",
            Fetched.notRead("the service does not exist"));
    CheckResult bad =
        check(
            "[{\"name\":\"app\",\"imageUri\":\"\"}]",
            Fetched.notRead("the service does not exist"));

    assertThat(ok.status()).isEqualTo(CheckStatus.PASSED);
    assertThat(ok.details())
        .contains("container names not compared: the task definition could not be read");
    assertThat(bad.status()).isEqualTo(CheckStatus.FAILED);
  }

  @Test
  void theProblemCountCountsProblemsNotNotes() {
    CheckResult r =
        check(
            "[{\"name\":\"app\",\"imageUri\":\"\"}]",
            Fetched.notRead("the service does not exist"));

    assertThat(r.summary()).endsWith("would fail the deploy action (1 problem)");
    assertThat(r.details())
        .hasSize(2)
        .last()
        .isEqualTo("container names not compared: the task definition could not be read");
  }

  @Test
  void aMissingFileNamesWhatTheArtifactHoldsAndWhereTheFileWas() {
    CheckResult r =
        ArtifactCheck.evaluate(
            ARTIFACTS,
            Fetched.of(
                new ArtifactFile(
                    "BuildOutput",
                    null,
                    null,
                    List.of("build/imagedefinitions.json", "target/app.jar"))),
            Fetched.notRead("no file"),
            TASK_DEFINITION);

    assertThat(r.failureType()).isEqualTo(FailureType.CONFIGURATION_ERROR);
    assertThat(r.summary())
        .isEqualTo("imagedefinitions.json is not in the input artifact 'BuildOutput'");
    assertThat(r.details().get(0))
        .contains("found 'build/imagedefinitions.json'")
        .contains("artifact's root");
    assertThat(r.fix()).contains("printf");
  }

  @Test
  void anUnreadableZipIsAConfigurationError() {
    CheckResult r =
        ArtifactCheck.evaluate(
            ARTIFACTS,
            Fetched.of(new ArtifactFile("BuildOutput", null, "it is not a zip file", List.of())),
            Fetched.notRead("x"),
            TASK_DEFINITION);

    assertThat(r.failureType()).isEqualTo(FailureType.CONFIGURATION_ERROR);
    assertThat(r.summary()).isEqualTo("the input artifact 'BuildOutput' cannot be read");
    assertThat(r.details()).containsExactly("it is not a zip file");
  }

  @Test
  void aDeniedReadIsAPermissionErrorAndAMissingObjectAConfigurationError() {
    CheckResult denied =
        ArtifactCheck.evaluate(
            ARTIFACTS,
            Fetched.failed(
                new AwsCallException(
                    AwsCallException.Kind.ACCESS_DENIED,
                    "s3:GetObject",
                    "AccessDenied",
                    "Access Denied",
                    null)),
            Fetched.notRead("x"),
            TASK_DEFINITION);
    CheckResult missing =
        ArtifactCheck.evaluate(
            ARTIFACTS,
            Fetched.failed(
                new AwsCallException(
                    AwsCallException.Kind.NOT_FOUND, "s3:GetObject", "NoSuchKey", "gone", null)),
            Fetched.notRead("x"),
            TASK_DEFINITION);

    assertThat(denied.failureType()).isEqualTo(FailureType.PERMISSION_ERROR);
    assertThat(missing.failureType()).isEqualTo(FailureType.CONFIGURATION_ERROR);
  }

  @Test
  void noInputArtifactIsSkipped() {
    assertThat(
            ArtifactCheck.evaluate(
                    List.of(), Fetched.notRead("none"), Fetched.notRead("none"), TASK_DEFINITION)
                .status())
        .isEqualTo(CheckStatus.SKIPPED);
  }
}
