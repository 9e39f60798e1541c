package dev.pipelineguard.watcher.diagnosis;

/**
 * Why the tasks of a deployment stopped: the {@code cause.code} values of {@code
 * pipeline-guard.rollback-report/v1}. Each has a default title and one-line hint; the classifier
 * refines both when the reason text says more (which secret, which endpoint).
 */
public enum Cause {
  IMAGE_NOT_FOUND(
      "Image not found",
      "Push the image (or fix the tag in the task definition): the tag the deployment asked for does not exist in the registry."),
  REGISTRY_UNREACHABLE(
      "No network path to the container registry",
      "Give the task subnets a route to ECR: interface VPC endpoints ecr.api and ecr.dkr plus the S3 gateway endpoint (image layers are in S3), or a NAT gateway; and allow security-group egress on TCP 443."),
  REGISTRY_AUTH(
      "Registry refused the image pull",
      "Let the task execution role pull: ecr:GetAuthorizationToken, ecr:BatchGetImage and ecr:GetDownloadUrlForLayer, and check the repository policy (or the repositoryCredentials of a private registry)."),
  SECRETS_UNAVAILABLE(
      "Secrets could not be retrieved",
      "Check that each secret in the task definition exists and that the task execution role may read it (secretsmanager:GetSecretValue / ssm:GetParameters, kms:Decrypt for a customer managed key)."),
  LOG_CONFIGURATION(
      "Log configuration is broken",
      "Create the awslogs log group (or set awslogs-create-group with logs:CreateLogGroup), check awslogs-region, and give the tasks a path to the CloudWatch Logs endpoint."),
  LB_HEALTH_CHECK(
      "Load balancer health checks failed",
      "Check the target group's health check path, port and success codes, the security group from the load balancer to the task port, and the service's healthCheckGracePeriodSeconds."),
  CONTAINER_HEALTH_CHECK(
      "Container health checks failed",
      "Check the container healthCheck command (it runs inside the image, so its tools must exist) and give slow starters a longer startPeriod."),
  OUT_OF_MEMORY(
      "Container ran out of memory",
      "Raise the task or container memory, or lower the application's heap/memory use (e.g. -XX:MaxRAMPercentage for the JVM)."),
  ESSENTIAL_CONTAINER_EXITED(
      "Essential container exited",
      "Read the container's logs for why the process exited; run the image locally with the task's environment and command."),
  CANNOT_START_CONTAINER(
      "Container could not be started",
      "Check the image's entrypoint and command, the task definition's volumes and mounts, and that the binary exists in the image."),
  PLATFORM_MISMATCH(
      "Image built for another CPU architecture",
      "Build the image for the task's platform (docker buildx --platform linux/amd64 or linux/arm64) or set runtimePlatform.cpuArchitecture to match the image."),
  NO_DISK_SPACE(
      "No disk space left to pull the image",
      "Free disk space where the image is extracted: on EC2 instances cap json-file logs (max-size) and prune images; on Fargate raise the task's ephemeralStorage or shrink the image."),
  NETWORK_INTERFACE(
      "Task network interface could not be set up",
      "Check that the task subnets have free IP addresses (add subnets if not), the account's network interface quota, and for awsvpc tasks on EC2 the instance type's ENI limit; ECS retries a task whose ENI timed out."),
  TASK_DEFINITION_INCOMPATIBLE(
      "Task definition does not fit the service's compute",
      "Make the task definition's requiresCompatibilities (FARGATE or EC2), CPU and memory match the service's launch type or capacity provider."),
  CONTAINER_RUNTIME(
      "Container runtime or ECS agent error",
      "Usually transient: ECS replaces the task. If it repeats on EC2 instances, check the ECS agent's connection and the Docker or containerd daemon; on Fargate, redeploy."),
  UNKNOWN(
      "Cause not recognised",
      "Open the stopped tasks in the ECS console (they are kept for about an hour) and the service events for the full reason.");

  private final String title;
  private final String hint;

  Cause(String title, String hint) {
    this.title = title;
    this.hint = hint;
  }

  String title() {
    return title;
  }

  String hint() {
    return hint;
  }
}
