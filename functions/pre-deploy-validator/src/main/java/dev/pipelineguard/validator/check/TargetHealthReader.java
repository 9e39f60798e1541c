package dev.pipelineguard.validator.check;

import dev.pipelineguard.validator.model.TargetHealth;
import java.util.List;

/** Reads ELBv2 target health. */
public interface TargetHealthReader {
  List<TargetHealth> describeTargetHealth(String targetGroupArn);
}
