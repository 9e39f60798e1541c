package dev.pipelineguard.validator;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static dev.pipelineguard.emulation.AwsJsonStubs.error;
import static dev.pipelineguard.emulation.AwsJsonStubs.target;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pipelineguard.common.Json;
import dev.pipelineguard.emulation.CapturedOutput;
import dev.pipelineguard.emulation.SnsInbox;
import dev.pipelineguard.emulation.TestAws;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Secrets pasted into a task definition's valueFrom (the value where its name belongs): the failure
 * message, every log line, the SNS report and the handler's answer describe them by length and
 * kind, never quote them; a real parameter name that is missing is still quoted, to spot a typo.
 */
class PastedSecretTest {
  /** High-entropy, valid SSM characters: GetParameter is called with it and finds nothing. */
  static final String RANDOM = "Xk9mP2vL5nQ8wR3tY6zAb1";

  /** Not a valid parameter name at all ('!' and '$'): never sent anywhere. */
  static final String PUNCTUATED = "s3cr3t!Pa$$w0rd";

  /** An access key id: the plain-text rules know its shape. */
  static final String ACCESS_KEY = "AKIAZ7QW3ERTY8UIOP4A";

  /** One word: could be a name, could be a password, so not quoted. */
  static final String ONE_WORD = "Summer2024";

  /**
   * Outside the validator's ParameterPrefix on AWS: AccessDeniedException, whose message quotes the
   * ARN.
   */
  static final String DENIED = "Tr0ub4dor3xyz";

  static final List<String> PASTED = List.of(RANDOM, PUNCTUATED, ACCESS_KEY, ONE_WORD, DENIED);

  private static Harness harness;

  @BeforeAll
  static void start() {
    harness = new Harness();
    // SSM through WireMock (unmatched calls go on to moto), built on the validator's first SSM
    // read.
    TestAws.route("Ssm", harness.aws);
    harness.aws.stubFor(
        target("AmazonSSM.GetParameter")
            .withRequestBody(containing(DENIED))
            .willReturn(
                error(
                    400,
                    "AccessDeniedException",
                    "User: arn:aws:sts::123456789012:assumed-role/validator/fn "
                        + "is not authorized to perform: ssm:GetParameter on resource: arn:aws:ssm:us-east-1:123456789012:parameter/"
                        + DENIED
                        + " because no identity-based policy allows the ssm:GetParameter action")));
  }

  @AfterAll
  static void stop() {
    TestAws.unroute("Ssm");
    harness.close();
  }

  @Test
  void pastedValuesAreDescribedNeverQuotedAndARealNameIsStillQuoted() {
    String topic = Moto.sns().createTopic(b -> b.name(Moto.unique("pasted-reports"))).topicArn();
    SnsInbox inbox = SnsInbox.subscribe(Moto.sns(), Moto.sqs(), topic);
    Map<String, String> secrets = new LinkedHashMap<>();
    secrets.put("DB_PASSWORD", RANDOM);
    secrets.put("API_SECRET", PUNCTUATED);
    secrets.put("AWS_KEY", ACCESS_KEY);
    secrets.put("ADMIN_PASSWORD", ONE_WORD);
    secrets.put("SIGNING_KEY", DENIED);
    secrets.put("FLAGS", "orders-feature-flags"); // a real name that does not exist
    DeploymentFixture d = DeploymentFixture.withSecrets(harness.aws, secrets);
    DeploymentFixture.Job job = d.job(d.parameters(""));

    String response;
    String logs;
    try (CapturedOutput output = new CapturedOutput()) {
      response =
          Harness.invoke(Harness.handler(harness.publishingTo(topic)), job.bytes()).toString();
      logs = output.text();
    }

    String message = harness.reports(job.id()).message();
    List<Json> reports = inbox.receive(1, Duration.ofSeconds(10));
    assertThat(reports).hasSize(1);
    String report = reports.get(0).get("Message").text();
    for (String pasted : PASTED) {
      assertThat(message).as("the job result").doesNotContain(pasted);
      assertThat(logs).as("the logs").doesNotContain(pasted);
      assertThat(report).as("the SNS report").doesNotContain(pasted);
      assertThat(response).as("the handler's answer").doesNotContain(pasted);
    }
    assertThat(message)
        .contains(
            "container 'app' secrets DB_PASSWORD: its valueFrom (22 characters, not shown) is not an ARN and "
                + "looks like a random secret (long and high-entropy), and no SSM parameter has that name -> put the value "
                + "in Secrets Manager, set valueFrom to the secret's ARN and rotate the value")
        .contains(
            "container 'app' secrets API_SECRET: its valueFrom (15 characters, not shown) is neither an ARN nor "
                + "a valid parameter name: it looks like a value pasted in")
        .contains(
            "container 'app' secrets AWS_KEY: its valueFrom (20 characters, not shown) is not an ARN and "
                + "looks like an AWS access key id")
        .contains(
            "container 'app' secrets ADMIN_PASSWORD: its valueFrom (10 characters, not shown) is not an ARN and "
                + "does not read like a parameter name, and no SSM parameter has that name -> if it is the secret itself")
        .contains(
            "container 'app' secrets SIGNING_KEY: its valueFrom (13 characters, not shown) is not an ARN and "
                + "does not read like a parameter name, and reading it was denied (AccessDeniedException)")
        .contains(
            "container 'app' secrets FLAGS: orders-feature-flags does not exist -> create the SSM parameter");
    assertThat(report).contains("its valueFrom (22 characters, not shown)");
    assertThat(logs).contains("its valueFrom (22 characters, not shown)");
  }
}
