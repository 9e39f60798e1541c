package dev.pipelineguard.validator.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipelineguard.validator.model.SecretReference;
import dev.pipelineguard.validator.model.SecretShape;
import dev.pipelineguard.validator.result.CheckResult;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Which secret references a message may quote, and that the others never appear in it. */
class ShownReferenceTest {

  private static ShownReference shown(String valueFrom) {
    return ShownReference.of(
        SecretReference.parse(valueFrom, SecretReference.Origin.TASK_DEFINITION).reference());
  }

  private static CheckResult missing(String valueFrom, Fetched<SecretShape> read) {
    SecretReference ref =
        SecretReference.parse(valueFrom, SecretReference.Origin.TASK_DEFINITION).reference();
    return SecretsCheck.evaluate(
        List.of(new SecretsCheck.Usage(ref, List.of("container 'app' secrets DB_PASSWORD"))),
        List.of(),
        Map.of(ref.versionKey(), read),
        null);
  }

  @Test
  void namesThatReadLikeNamesArePathsAndArnsAreQuoted() {
    for (String name :
        List.of(
            "my-param",
            "orders_db_password",
            "prod.db.password",
            "db2-password",
            "api-key-v2",
            "release-2024-11",
            "/prod/db/Xk9mP2vL5nQ8wR3tY6zAb1",
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf:password::")) {
      assertThat(shown(name).quoted()).as(name).isEqualTo(name);
    }
  }

  @Test
  void plainNamesThatMayBeValuesAreDescribedByLengthAndKind() {
    assertThat(shown("hunter2").label()).isEqualTo("its valueFrom (7 characters, not shown)");
    assertThat(shown("hunter2").looks())
        .isEqualTo("is not an ARN and does not read like a parameter name");
    assertThat(shown("P4ssw0rd-prod").shown()).isFalse();
    assertThat(shown("AKIAZ7QW3ERTY8UIOP4A").looks())
        .isEqualTo("is not an ARN and looks like an AWS access key id");
    assertThat(shown("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefghijk").looks())
        .isEqualTo("is not an ARN and looks like a JSON Web Token");
    assertThat(shown("Xk9mP2vL5nQ8wR3tY6zAb1").looks())
        .isEqualTo("is not an ARN and looks like a random secret (long and high-entropy)");
  }

  @Test
  void aMissingParameterThatMayBeAValueSaysBothFixesAndQuotesNothing() {
    CheckResult r = missing("Summer2024", Fetched.of(SecretShape.notFound()));

    assertThat(r.details())
        .singleElement()
        .asString()
        .isEqualTo(
            "container 'app' secrets DB_PASSWORD: its valueFrom "
                + "(10 characters, not shown) is not an ARN and does not read like a parameter name, and no SSM parameter has "
                + "that name -> if it is the secret itself, put the value in Secrets Manager, set valueFrom to the secret's ARN "
                + "and rotate the value (the task definition shows it to anyone allowed to describe it); if it is a parameter "
                + "name, create the parameter");
  }

  @Test
  void anAwsErrorQuotingTheReferenceIsReducedToItsCode() {
    String pasted = "Tr0ub4dor3xyz";
    AwsCallException denied =
        new AwsCallException(
            AwsCallException.Kind.ACCESS_DENIED,
            "ssm:GetParameter",
            "AccessDeniedException",
            "not authorized to perform ssm:GetParameter on resource: "
                + "arn:aws:ssm:us-east-1:123456789012:parameter/"
                + pasted,
            null);
    AwsCallException throttled =
        new AwsCallException(
            AwsCallException.Kind.THROTTLED,
            "ssm:GetParameter",
            "ThrottlingException",
            "Rate exceeded for " + pasted,
            null);

    CheckResult failed = missing(pasted, Fetched.failed(denied));
    CheckResult waiting = missing(pasted, Fetched.failed(throttled));

    assertThat(failed.details().get(0))
        .contains("reading it was denied (AccessDeniedException)")
        .contains("if it is a parameter name, allow ssm:GetParameter")
        .doesNotContain(pasted);
    assertThat(waiting.details().get(0))
        .endsWith("not answered yet (ThrottlingException)")
        .doesNotContain(pasted);
    assertThat(waiting.summary()).doesNotContain(pasted);
  }

  @Test
  void aValueFromThatIsNoReferenceAtAllIsNotQuotedUnlessMeantAsAnArnOrAPath() {
    TaskDefinitionRead read =
        new TaskDefinitionRead(
            Fetched.of(
                java.util.Optional.of(
                    new dev.pipelineguard.validator.model.ServiceState(
                        "arn:svc", "ACTIVE", 1, 1, 0, "arn:td", List.of(), List.of(), List.of()))),
            Fetched.of(
                new dev.pipelineguard.validator.model.TaskDefinition(
                    "arn:td",
                    List.of(
                        new dev.pipelineguard.validator.model.TaskDefinition.Container(
                            "app",
                            "nginx",
                            List.of(),
                            List.of(
                                new dev.pipelineguard.validator.model.TaskDefinition.SecretUse(
                                    "secrets A", "s3cr3t!Pa$$w0rd"),
                                new dev.pipelineguard.validator.model.TaskDefinition.SecretUse(
                                    "secrets B", "-----BEGIN RSA PRIVATE KEY-----\nMIIE"),
                                new dev.pipelineguard.validator.model.TaskDefinition.SecretUse(
                                    "secrets C", "arn:aws:s3:::bucket")))))));

    SecretsCheck.Plan plan = SecretsCheck.plan(read, List.of());

    assertThat(plan.malformed())
        .containsExactly(
            "container 'app' secrets A: its valueFrom (15 characters, not shown) is neither an ARN nor a valid parameter "
                + "name: it looks like a value pasted in -> put the value in Secrets Manager, set valueFrom to the secret's "
                + "ARN and rotate the value (the task definition shows it to anyone allowed to describe it)",
            "container 'app' secrets B: its valueFrom (36 characters, not shown) is neither an ARN nor a valid parameter "
                + "name: it looks like a value pasted in -> put the value in Secrets Manager, set valueFrom to the secret's "
                + "ARN and rotate the value (the task definition shows it to anyone allowed to describe it)",
            "container 'app' secrets C: 'arn:aws:s3:::bucket' has no valid region "
                + "-> fix the valueFrom in the task definition");
  }

  /**
   * Random passwords of parameter-name characters, with a digit inside a word (as generated ones
   * have).
   */
  @Provide
  Arbitrary<String> passwords() {
    Arbitrary<String> head =
        Arbitraries.strings()
            .withCharRange('a', 'z')
            .withCharRange('A', 'Z')
            .ofMinLength(2)
            .ofMaxLength(12);
    Arbitrary<String> tail =
        Arbitraries.strings()
            .withCharRange('a', 'z')
            .withCharRange('A', 'Z')
            .withCharRange('0', '9')
            .withChars('-', '_', '.')
            .ofMinLength(0)
            .ofMaxLength(30);
    return net.jqwik.api.Combinators.combine(
            head, Arbitraries.integers().between(0, 9), Arbitraries.chars().range('a', 'z'), tail)
        .as((h, digit, letter, t) -> h + digit + letter + t);
  }

  @Property(tries = 300)
  void aPasswordPastedIntoValueFromNeverAppearsInTheCheckResult(
      @ForAll("passwords") String pasted) {
    for (Fetched<SecretShape> read :
        List.of(
            Fetched.of(SecretShape.notFound()),
            Fetched.<SecretShape>failed(
                new AwsCallException(
                    AwsCallException.Kind.ACCESS_DENIED,
                    "ssm:GetParameter",
                    "AccessDeniedException",
                    "on resource parameter/" + pasted,
                    null)))) {
      CheckResult r = missing(pasted, read);

      assertThat(r.summary() + r.details() + r.fix()).doesNotContain(pasted);
    }
  }
}
