package dev.pipelineguard.common;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Partition-aware AWS console deep links. Pure: region in, URL out. */
public final class AwsConsole {
  private AwsConsole() {}

  public static String partition(String region) {
    if (region == null) {
      return "aws";
    }
    if (region.startsWith("cn-")) {
      return "aws-cn";
    }
    if (region.startsWith("us-gov-")) {
      return "aws-us-gov";
    }
    return "aws";
  }

  public static String host(String region) {
    switch (partition(region)) {
      case "aws-cn":
        return "console.amazonaws.cn";
      case "aws-us-gov":
        return "console.amazonaws-us-gov.com";
      default:
        return "console.aws.amazon.com";
    }
  }

  private static String base(String region) {
    return "https://" + host(region);
  }

  public static String encode(String segment) {
    return URLEncoder.encode(segment == null ? "" : segment, StandardCharsets.UTF_8)
        .replace("+", "%20");
  }

  public static String pipeline(String region, String pipeline) {
    return base(region)
        + "/codesuite/codepipeline/pipelines/"
        + encode(pipeline)
        + "/view?region="
        + encode(region);
  }

  public static String pipelineExecution(String region, String pipeline, String executionId) {
    return base(region)
        + "/codesuite/codepipeline/pipelines/"
        + encode(pipeline)
        + "/executions/"
        + encode(executionId)
        + "/timeline?region="
        + encode(region);
  }

  /**
   * The approval review page of a pipeline (the approve / reject buttons live on the pipeline
   * view).
   */
  public static String pipelineApproval(String region, String pipeline) {
    return pipeline(region, pipeline);
  }

  public static String codeBuild(String region, String project, String buildId) {
    return base(region)
        + "/codesuite/codebuild/projects/"
        + encode(project)
        + "/build/"
        + encode(buildId)
        + "/?region="
        + encode(region);
  }

  public static String ecsService(String region, String cluster, String service) {
    return base(region)
        + "/ecs/v2/clusters/"
        + encode(cluster)
        + "/services/"
        + encode(service)
        + "/deployments?region="
        + encode(region);
  }

  public static String ecsStoppedTasks(String region, String cluster, String service) {
    return base(region)
        + "/ecs/v2/clusters/"
        + encode(cluster)
        + "/services/"
        + encode(service)
        + "/tasks?region="
        + encode(region)
        + "&status=STOPPED";
  }

  public static String ecsTask(String region, String cluster, String taskId) {
    return base(region)
        + "/ecs/v2/clusters/"
        + encode(cluster)
        + "/tasks/"
        + encode(taskId)
        + "/configuration?region="
        + encode(region);
  }

  public static String cloudWatchLogGroup(String region, String group) {
    return base(region)
        + "/cloudwatch/home?region="
        + encode(region)
        + "#logsV2:log-groups/log-group/"
        + encode(encode(group));
  }
}
