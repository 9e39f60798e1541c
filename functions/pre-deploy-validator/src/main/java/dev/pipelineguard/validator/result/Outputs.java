package dev.pipelineguard.validator.result;

import dev.pipelineguard.validator.job.ValidatorParameters;
import dev.pipelineguard.validator.model.TextSanitizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a successful validation tells later pipeline actions as output variables ({@code
 * #{<namespace>.ImageUri}}): the images and task definition it validated.
 *
 * @param taskDefinitionArn the service's current task definition (the base of the new revision), or
 *     null
 * @param images (container, image) pairs being deployed, in imagedefinitions.json order
 */
public record Outputs(String taskDefinitionArn, List<Image> images) {
  /** Output variable names must match this (PutJobSuccessResult). */
  static final Pattern KEY = Pattern.compile("[A-Za-z0-9@\\-_]+");

  static final int MAX_VALUE = 1000;

  public Outputs {
    images = List.copyOf(images);
  }

  public record Image(String container, String uri) {}

  public Map<String, String> variables(ValidatorParameters params, List<CheckId> passed) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("Cluster", params.clusterName());
    out.put("Service", params.serviceName());
    put(out, "TaskDefinitionArn", taskDefinitionArn);
    if (!images.isEmpty()) {
      put(out, "ContainerName", images.get(0).container());
      put(out, "ImageUri", images.get(0).uri());
      put(
          out,
          "Images",
          String.join(",", images.stream().map(i -> i.container() + "=" + i.uri()).toList()));
    }
    out.put("ChecksPassed", String.join(",", passed.stream().map(CheckId::id).toList()));
    out.values().removeIf(v -> v == null || v.isEmpty());
    return out;
  }

  private static void put(Map<String, String> out, String key, String value) {
    if (value != null && !value.isBlank()) {
      out.put(key, TextSanitizer.clean(value, MAX_VALUE));
    }
  }
}
