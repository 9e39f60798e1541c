package dev.pipelineguard.validator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pipelineguard.validator.Moto;
import dev.pipelineguard.validator.check.AwsCallException;
import dev.pipelineguard.validator.model.TargetHealth;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ELBv2 target health from moto. */
class ElbTargetHealthReaderTest {
  private static ElbTargetHealthReader reader;

  @BeforeAll
  static void start() {
    Moto.start();
    reader = new ElbTargetHealthReader(Moto::elb);
  }

  @Test
  void readsHealthyTargets() {
    String tg = Moto.targetGroup(Moto.unique("tg"), "10.7.1.10", "10.7.2.11");

    assertThat(reader.describeTargetHealth(tg))
        .extracting(TargetHealth::label, TargetHealth::state)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("10.7.1.10:8080", "healthy"),
            org.assertj.core.groups.Tuple.tuple("10.7.2.11:8080", "healthy"));
  }

  @Test
  void readsTheReasonOfATargetThatIsNotHealthy() {
    String tg = Moto.targetGroupWithStoppedInstance(Moto.unique("tg"));

    assertThat(reader.describeTargetHealth(tg))
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.state()).isEqualTo("unused");
              assertThat(t.reason()).isEqualTo("Target.InvalidState");
              assertThat(t.description()).contains("stopped");
            });
  }

  @Test
  void aMissingTargetGroupIsNotFound() {
    String missing =
        "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/"
            + Moto.unique("gone")
            + "/0123456789abcdef";

    AwsCallException e =
        catchThrowableOfType(AwsCallException.class, () -> reader.describeTargetHealth(missing));

    assertThat(e.kind()).isEqualTo(AwsCallException.Kind.NOT_FOUND);
  }
}
