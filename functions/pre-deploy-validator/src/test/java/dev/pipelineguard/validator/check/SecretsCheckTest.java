package dev.pipelineguard.validator.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipelineguard.validator.model.SecretReference;
import dev.pipelineguard.validator.model.SecretShape;
import dev.pipelineguard.validator.model.ServiceState;
import dev.pipelineguard.validator.model.TaskDefinition;
import dev.pipelineguard.validator.result.CheckResult;
import dev.pipelineguard.validator.result.CheckStatus;
import dev.pipelineguard.validator.result.FailureType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecretsCheckTest {
  private static final String ARN =
      "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf";
  private static final String TD = "arn:aws:ecs:us-east-1:123456789012:task-definition/orders:7";
  private static final Fetched<Optional<ServiceState>> SERVICE =
      Fetched.of(
          Optional.of(
              new ServiceState("arn:svc", "ACTIVE", 1, 1, 0, TD, List.of(), List.of(), List.of())));
  private static final List<SecretReference> REQUIRED =
      List.of(SecretReference.parse("app/db", SecretReference.Origin.REQUIRED_SECRETS).reference());

  private static SecretsCheck.Usage usage(String text) {
    return new SecretsCheck.Usage(
        SecretReference.parse(text, SecretReference.Origin.TASK_DEFINITION).reference(),
        List.of("container 'app' secrets DB"));
  }

  private static CheckResult check(String text, Fetched<SecretShape> shape) {
    SecretsCheck.Usage usage = usage(text);
    Map<String, Fetched<SecretShape>> shapes = new LinkedHashMap<>();
    shapes.put(usage.reference().versionKey(), shape);
    return SecretsCheck.evaluate(List.of(usage), List.of(), shapes, null);
  }

  @Test
  void aReadableSecretWithItsKeyPasses() {
    CheckResult r =
        check(
            ARN + ":password::",
            Fetched.of(SecretShape.readable(false, List.of("username", "password"))));

    assertThat(r.status()).isEqualTo(CheckStatus.PASSED);
    assertThat(r.summary()).isEqualTo("1 secret reference(s) readable");
  }

  @Test
  void failsJobWhenSecretIsScheduledForDeletion() {
    CheckResult r =
        check(
            ARN,
            Fetched.of(SecretShape.scheduledForDeletion(Instant.parse("2025-04-01T12:30:00Z"))));

    assertThat(r.status()).isEqualTo(CheckStatus.FAILED);
    assertThat(r.failureType()).isEqualTo(FailureType.JOB_FAILED);
    assertThat(r.details().get(0))
        .isEqualTo(
            "container 'app' secrets DB: "
                + ARN
                + " is scheduled for deletion on "
                + "2025-04-01 12:30 UTC -> restore it: aws secretsmanager restore-secret --secret-id "
                + ARN);
  }

  @Test
  void aMissingJsonKeyListsTheKeysThatExist() {
    CheckResult r =
        check(
            ARN + ":pasword::",
            Fetched.of(SecretShape.readable(false, List.of("username", "password"))));

    assertThat(r.details().get(0))
        .contains("has no JSON key 'pasword' (its keys: username, password)");
  }

  @Test
  void keyNamesThatLookLikeValuesAreNotListed() {
    CheckResult r =
        check(
            ARN + ":x::",
            Fetched.of(SecretShape.readable(false, List.of("a b c d: looks like a value!"))));

    assertThat(r.details().get(0))
        .contains("its keys: none listed and 1 more")
        .doesNotContain("looks like a value");
  }

  @Test
  void aJsonKeyOfANonJsonOrBinarySecretFails() {
    assertThat(
            check(ARN + ":password::", Fetched.of(SecretShape.readable(false, null)))
                .details()
                .get(0))
        .contains("is not a JSON object");
    assertThat(
            check(ARN + ":password::", Fetched.of(SecretShape.readable(true, null)))
                .details()
                .get(0))
        .contains("is a binary secret");
  }

  @Test
  void aMissingVersionListsTheStagingLabels() {
    CheckResult r =
        check(
            ARN + "::AWSPENDING:",
            Fetched.of(SecretShape.versionNotFound(List.of("AWSCURRENT", "AWSPREVIOUS"))));

    assertThat(r.details().get(0))
        .contains(
            "has no version with staging label 'AWSPENDING' (staging labels: AWSCURRENT, AWSPREVIOUS)");
  }

  @Test
  void aMissingSsmNameExplainsHowEcsReadsPlainNames() {
    CheckResult r = check("prod/db", Fetched.of(SecretShape.notFound()));

    assertThat(r.details().get(0))
        .contains("does not exist")
        .contains("a plain name is an SSM parameter");
  }

  @Test
  void aMissingPartialArnWarnsAboutTheAmbiguousSuffix() {
    CheckResult r =
        check(
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db",
            Fetched.of(SecretShape.notFound()));

    assertThat(r.details().get(0)).contains("partial ARN is ambiguous");
  }

  @Test
  void accessDeniedIsAPermissionErrorNamingWhatToGrant() {
    CheckResult r =
        check(
            ARN,
            Fetched.failed(
                new AwsCallException(
                    AwsCallException.Kind.ACCESS_DENIED,
                    "secretsmanager:GetSecretValue",
                    "AccessDeniedException",
                    "not authorized",
                    null)));

    assertThat(r.failureType()).isEqualTo(FailureType.PERMISSION_ERROR);
    assertThat(r.details().get(0))
        .contains("access denied")
        .contains("allow secretsmanager:GetSecretValue");
  }

  @Test
  void throttlingIsPending() {
    CheckResult r =
        check(
            ARN,
            Fetched.failed(
                new AwsCallException(
                    AwsCallException.Kind.THROTTLED,
                    "secretsmanager:GetSecretValue",
                    "ThrottlingException",
                    "Rate exceeded",
                    null)));

    assertThat(r.status()).isEqualTo(CheckStatus.PENDING);
  }

  @Test
  void malformedTaskDefinitionReferencesFail() {
    CheckResult r =
        SecretsCheck.evaluate(
            List.of(),
            List.of("container 'app' secrets X: 'arn:aws:s3:::b' is bad"),
            Map.of(),
            null);

    assertThat(r.status()).isEqualTo(CheckStatus.FAILED);
  }

  @Test
  void nothingToCheckIsSkipped() {
    assertThat(SecretsCheck.evaluate(List.of(), List.of(), Map.of(), null).status())
        .isEqualTo(CheckStatus.SKIPPED);
  }

  @Test
  void plansEveryReferenceOnceWithEveryPlaceThatUsesIt() {
    TaskDefinition td =
        new TaskDefinition(
            TD,
            List.of(
                new TaskDefinition.Container(
                    "app",
                    "nginx",
                    List.of(),
                    List.of(
                        new TaskDefinition.SecretUse("secrets DB", ARN + ":password::"),
                        new TaskDefinition.SecretUse("secrets DB_AGAIN", ARN + ":password::"),
                        new TaskDefinition.SecretUse("secrets BAD", "arn:aws:s3:::bucket")))));

    SecretsCheck.Plan plan =
        SecretsCheck.plan(new TaskDefinitionRead(SERVICE, Fetched.of(td)), REQUIRED);

    assertThat(plan.result()).isNull();
    assertThat(plan.usages())
        .extracting(SecretsCheck.Usage::label)
        .containsExactly(
            "container 'app' secrets DB, container 'app' secrets DB_AGAIN", "requiredSecrets");
    assertThat(plan.malformed())
        .singleElement()
        .asString()
        .startsWith("container 'app' secrets BAD: 'arn:aws:s3:::bucket' ");
    assertThat(plan.note()).isNull();
  }

  @Test
  void aTaskDefinitionThatCannotBeReadIsThisChecksToReportWhenTheServiceExists() {
    Fetched<TaskDefinition> missing =
        Fetched.failed(
            new AwsCallException(
                AwsCallException.Kind.NOT_FOUND,
                "ecs:DescribeTaskDefinition",
                "ClientException",
                "Unable to describe task definition.",
                null));

    SecretsCheck.Plan plan = SecretsCheck.plan(new TaskDefinitionRead(SERVICE, missing), REQUIRED);

    assertThat(plan.result().status()).isEqualTo(CheckStatus.FAILED);
    assertThat(plan.result().summary())
        .isEqualTo("the service's task definition '" + TD + "' does not exist");
    assertThat(plan.usages()).isEmpty();
  }

  @Test
  void withoutTheServiceOnlyTheRequiredSecretsArePlannedWithANote() {
    TaskDefinitionRead noService =
        new TaskDefinitionRead(
            Fetched.of(Optional.empty()), Fetched.notRead("the service does not exist"));

    SecretsCheck.Plan plan = SecretsCheck.plan(noService, REQUIRED);

    assertThat(plan.result()).isNull();
    assertThat(plan.usages())
        .extracting(SecretsCheck.Usage::label)
        .containsExactly("requiredSecrets");
    assertThat(plan.note())
        .isEqualTo(
            "the task definition's secrets were not checked: the task definition could not be read (see health)");
  }
}
