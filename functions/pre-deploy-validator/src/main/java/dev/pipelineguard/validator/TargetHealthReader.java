package dev.pipelineguard.validator;

import java.util.List;

/** Reads ELBv2 target health. */
public interface TargetHealthReader {
  List<TargetHealth> describeTargetHealth(String targetGroupArn);
}
