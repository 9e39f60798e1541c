package dev.pipelineguard.validator.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipelineguard.validator.job.JobEvent;
import dev.pipelineguard.validator.job.ValidatorParameters;
import dev.pipelineguard.validator.model.ArtifactFile;
import dev.pipelineguard.validator.model.HttpAnswer;
import dev.pipelineguard.validator.model.SecretShape;
import dev.pipelineguard.validator.model.ServiceState;
import dev.pipelineguard.validator.model.TaskDefinition;
import dev.pipelineguard.validator.result.CheckId;
import dev.pipelineguard.validator.result.CheckResult;
import dev.pipelineguard.validator.result.CheckStatus;
import dev.pipelineguard.validator.result.FailureType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What each check makes of a service or task definition that cannot be read: exactly one check says
 * why (secrets for the task definition, health for the service), the others say where to look, and
 * a failure that may pass makes every check that needs the task definition wait.
 */
class CheckRunnerTaskDefinitionTest {
  private static final String TD = "arn:aws:ecs:us-east-1:123456789012:task-definition/orders:7";
  private static final ValidatorParameters PARAMS =
      ValidatorParameters.parse(
          "{\"cluster\":\"prod\",\"service\":\"orders-api\",\"requiredSecrets\":[\"app/db\"]}");
  private static final ValidatorParameters NO_SECRETS =
      ValidatorParameters.parse("{\"cluster\":\"prod\",\"service\":\"orders-api\"}");
  private static final ServiceState SERVICE =
      new ServiceState(
          "arn:svc",
          "ACTIVE",
          1,
          1,
          0,
          TD,
          List.of(
              new ServiceState.Deployment(
                  "ecs-svc/1", "PRIMARY", TD, "COMPLETED", null, 1, 1, 0, 0)),
          List.of(),
          List.of());
  private static final JobEvent WITHOUT_ARTIFACT =
      new JobEvent("job-1", "123456789012", null, List.of(), null, null);
  private static final JobEvent WITH_ARTIFACT =
      new JobEvent(
          "job-1",
          "123456789012",
          null,
          List.of(new JobEvent.InputArtifact("BuildOutput", "bucket", "key")),
          null,
          null);
  private static final ArtifactReader ARTIFACT =
      (artifact, credentials, fileName, deadline) ->
          new ArtifactFile(
              "BuildOutput",
              "[{\"name\":\"app\",\"imageUri\":\"nginx:1.27\"}]".getBytes(StandardCharsets.UTF_8),
              null,
              List.of());

  private final ExecutorService executor = Executors.newFixedThreadPool(4);

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  private static AwsCallException error(AwsCallException.Kind kind, String operation, String code) {
    return new AwsCallException(kind, operation, code, "detail", null);
  }

  /**
   * An ECS whose service read gives {@code service} (or throws {@code serviceError}) and whose task
   * definition read throws {@code tdError}.
   */
  private static ServiceReader ecs(
      Optional<ServiceState> service, AwsCallException serviceError, AwsCallException tdError) {
    return new ServiceReader() {
      @Override
      public Optional<ServiceState> describeService(String cluster, String name) {
        if (serviceError != null) {
          throw serviceError;
        }
        return service;
      }

      @Override
      public TaskDefinition describeTaskDefinition(String arn) {
        throw tdError;
      }
    };
  }

  private Map<CheckId, CheckResult> run(
      ServiceReader ecs, JobEvent job, ValidatorParameters params) {
    SecretStore secrets = ref -> SecretShape.readable(false, null);
    CheckRunner runner =
        new CheckRunner(
            ecs,
            null,
            secrets,
            tg -> List.of(),
            (url, deadline) -> HttpAnswer.status(200, 1),
            ARTIFACT,
            executor);
    Map<CheckId, CheckResult> out = new EnumMap<>(CheckId.class);
    runner.run(job, params, Duration.ofSeconds(30)).results().forEach(r -> out.put(r.check(), r));
    return out;
  }

  @Test
  void aMissingTaskDefinitionFailsTheSecretsCheckOnlyAndTheOthersReferToIt() {
    ServiceReader ecs =
        ecs(
            Optional.of(SERVICE),
            null,
            error(
                AwsCallException.Kind.NOT_FOUND, "ecs:DescribeTaskDefinition", "ClientException"));

    Map<CheckId, CheckResult> r = run(ecs, WITHOUT_ARTIFACT, PARAMS);

    assertThat(r.get(CheckId.SECRETS).status()).isEqualTo(CheckStatus.FAILED);
    assertThat(r.get(CheckId.SECRETS).failureType()).isEqualTo(FailureType.JOB_FAILED);
    assertThat(r.get(CheckId.SECRETS).summary())
        .isEqualTo("the service's task definition '" + TD + "' does not exist");
    assertThat(r.get(CheckId.SECRETS).details())
        .containsExactly("ecs:DescribeTaskDefinition failed: ClientException: detail");
    assertThat(r.get(CheckId.SECRETS).fix())
        .isEqualTo(
            "Re-register the task definition or update the service; the deploy action builds on it.");
    assertThat(r.get(CheckId.PLAINTEXT_SECRETS).status()).isEqualTo(CheckStatus.SKIPPED);
    assertThat(r.get(CheckId.PLAINTEXT_SECRETS).summary())
        .isEqualTo("the task definition could not be read (see secrets)");
    assertThat(r.get(CheckId.IMAGE).status()).isEqualTo(CheckStatus.SKIPPED);
    assertThat(r.get(CheckId.IMAGE).summary())
        .isEqualTo("the task definition could not be read (see secrets)");
    assertThat(r.get(CheckId.ARTIFACT).status()).isEqualTo(CheckStatus.SKIPPED);
    assertThat(r.get(CheckId.HEALTH).status()).isEqualTo(CheckStatus.PASSED);
  }

  @Test
  void withAnArtifactTheImagesAndFileAreStillCheckedWithoutTheTaskDefinition() {
    ServiceReader ecs =
        ecs(
            Optional.of(SERVICE),
            null,
            error(
                AwsCallException.Kind.NOT_FOUND, "ecs:DescribeTaskDefinition", "ClientException"));

    Map<CheckId, CheckResult> r = run(ecs, WITH_ARTIFACT, PARAMS);

    assertThat(r.get(CheckId.ARTIFACT).status()).isEqualTo(CheckStatus.PASSED);
    assertThat(r.get(CheckId.ARTIFACT).details())
        .contains("container names not compared: the task definition could not be read");
    assertThat(r.get(CheckId.IMAGE).status()).isEqualTo(CheckStatus.SKIPPED);
    assertThat(r.get(CheckId.IMAGE).summary()).isEqualTo("no private ECR image to check");
    assertThat(r.get(CheckId.SECRETS).status()).isEqualTo(CheckStatus.FAILED);
    assertThat(r.get(CheckId.PLAINTEXT_SECRETS).summary())
        .isEqualTo("the task definition could not be read (see secrets)");
  }

  @Test
  void aTaskDefinitionTheValidatorMayNotReadIsAPermissionErrorOfTheSecretsCheck() {
    ServiceReader ecs =
        ecs(
            Optional.of(SERVICE),
            null,
            error(
                AwsCallException.Kind.ACCESS_DENIED,
                "ecs:DescribeTaskDefinition",
                "AccessDeniedException"));

    Map<CheckId, CheckResult> r = run(ecs, WITHOUT_ARTIFACT, PARAMS);

    assertThat(r.get(CheckId.SECRETS).failureType()).isEqualTo(FailureType.PERMISSION_ERROR);
    assertThat(r.get(CheckId.SECRETS).summary())
        .isEqualTo("access denied reading the service's task definition '" + TD + "'");
    assertThat(r.get(CheckId.SECRETS).fix())
        .isEqualTo("Allow the validator ecs:DescribeTaskDefinition.");
    assertThat(r.get(CheckId.PLAINTEXT_SECRETS).summary())
        .isEqualTo("the task definition could not be read (see secrets)");
  }

  @Test
  void aThrottledTaskDefinitionReadMakesEveryCheckThatNeedsItWait() {
    ServiceReader ecs =
        ecs(
            Optional.of(SERVICE),
            null,
            error(
                AwsCallException.Kind.THROTTLED,
                "ecs:DescribeTaskDefinition",
                "ThrottlingException"));

    Map<CheckId, CheckResult> r = run(ecs, WITH_ARTIFACT, PARAMS);

    for (CheckId check :
        List.of(CheckId.ARTIFACT, CheckId.IMAGE, CheckId.SECRETS, CheckId.PLAINTEXT_SECRETS)) {
      assertThat(r.get(check).status()).as(check.id()).isEqualTo(CheckStatus.PENDING);
      assertThat(r.get(check).summary())
          .as(check.id())
          .isEqualTo("waiting for the service and its task definition");
      assertThat(r.get(check).details())
          .as(check.id())
          .containsExactly("ecs:DescribeTaskDefinition failed: ThrottlingException: detail");
    }
    assertThat(r.get(CheckId.HEALTH).status()).isEqualTo(CheckStatus.PASSED);
  }

  @Test
  void aMissingServiceIsTheHealthChecksToReportAndTheOthersReferToIt() {
    Map<CheckId, CheckResult> r =
        run(ecs(Optional.empty(), null, null), WITHOUT_ARTIFACT, NO_SECRETS);

    assertThat(r.get(CheckId.HEALTH).status()).isEqualTo(CheckStatus.FAILED);
    assertThat(r.get(CheckId.HEALTH).failureType()).isEqualTo(FailureType.CONFIGURATION_ERROR);
    assertThat(r.get(CheckId.SECRETS).status()).isEqualTo(CheckStatus.SKIPPED);
    assertThat(r.get(CheckId.SECRETS).summary())
        .isEqualTo(
            "the task definition's secrets were not checked: the task definition could not be read (see health)");
    assertThat(r.get(CheckId.PLAINTEXT_SECRETS).status()).isEqualTo(CheckStatus.SKIPPED);
    assertThat(r.get(CheckId.PLAINTEXT_SECRETS).summary())
        .isEqualTo("the task definition could not be read (see health)");
    assertThat(r.get(CheckId.IMAGE).summary())
        .isEqualTo("the task definition could not be read (see health)");
  }

  @Test
  void withAMissingServiceTheRequiredSecretsAreStillCheckedWithANote() {
    Map<CheckId, CheckResult> r = run(ecs(Optional.empty(), null, null), WITHOUT_ARTIFACT, PARAMS);

    assertThat(r.get(CheckId.SECRETS).status()).isEqualTo(CheckStatus.PASSED);
    assertThat(r.get(CheckId.SECRETS).details())
        .containsExactly(
            "1 reference(s) exist and are readable (values were read and discarded)",
            "the task definition's secrets were not checked: the task definition could not be read (see health)");
  }

  @Test
  void aServiceTheValidatorMayNotReadIsAPermissionErrorOfTheHealthCheck() {
    ServiceReader ecs =
        ecs(
            Optional.empty(),
            error(
                AwsCallException.Kind.ACCESS_DENIED,
                "ecs:DescribeServices",
                "AccessDeniedException"),
            null);

    Map<CheckId, CheckResult> r = run(ecs, WITHOUT_ARTIFACT, NO_SECRETS);

    assertThat(r.get(CheckId.HEALTH).failureType()).isEqualTo(FailureType.PERMISSION_ERROR);
    assertThat(r.get(CheckId.PLAINTEXT_SECRETS).summary())
        .isEqualTo("the task definition could not be read (see health)");
    assertThat(r.get(CheckId.SECRETS).status()).isEqualTo(CheckStatus.SKIPPED);
  }

  @Test
  void aThrottledServiceReadMakesEveryCheckWait() {
    ServiceReader ecs =
        ecs(
            Optional.empty(),
            error(AwsCallException.Kind.THROTTLED, "ecs:DescribeServices", "ThrottlingException"),
            null);

    Map<CheckId, CheckResult> r = run(ecs, WITHOUT_ARTIFACT, PARAMS);

    for (CheckId check : List.of(CheckId.IMAGE, CheckId.SECRETS, CheckId.PLAINTEXT_SECRETS)) {
      assertThat(r.get(check).summary())
          .as(check.id())
          .isEqualTo("waiting for the service and its task definition");
    }
    assertThat(r.get(CheckId.HEALTH).status()).isEqualTo(CheckStatus.PENDING);
    assertThat(r.get(CheckId.ARTIFACT).status()).isEqualTo(CheckStatus.SKIPPED);
  }
}
