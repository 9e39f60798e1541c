package dev.pipelineguard.validator.aws;

import dev.pipelineguard.common.AwsSdk;
import dev.pipelineguard.validator.check.AwsCallException;
import dev.pipelineguard.validator.check.TargetHealthReader;
import dev.pipelineguard.validator.model.TargetHealth;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

/** {@link TargetHealthReader} over the SDK's ELBv2 client. */
public final class ElbTargetHealthReader implements TargetHealthReader {
  private final Supplier<ElasticLoadBalancingV2Client> elb;

  public ElbTargetHealthReader(AwsSdk.Settings settings) {
    this(Clients.lazy(ElasticLoadBalancingV2Client::builder, settings));
  }

  ElbTargetHealthReader(Supplier<ElasticLoadBalancingV2Client> elb) {
    this.elb = elb;
  }

  @Override
  public List<TargetHealth> describeTargetHealth(String targetGroupArn) {
    try {
      List<TargetHealth> out = new ArrayList<>();
      for (TargetHealthDescription d :
          elb.get()
              .describeTargetHealth(b -> b.targetGroupArn(targetGroupArn))
              .targetHealthDescriptions()) {
        var health = d.targetHealth();
        out.add(
            new TargetHealth(
                d.target().id(),
                d.target().port(),
                health == null ? null : health.stateAsString(),
                health == null ? null : health.reasonAsString(),
                health == null ? null : health.description()));
      }
      return out;
    } catch (SdkException | UncheckedIOException e) {
      throw AwsCallException.of("elasticloadbalancing:DescribeTargetHealth", e);
    }
  }
}
