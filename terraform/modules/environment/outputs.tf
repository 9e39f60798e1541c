# The environments pass every output through (bin/deploy reads sam_stack_name, aws_region and
# sam_parameter_overrides; the rest is for people).

locals {
  # Exactly the SAM template's Parameters (tools/infra-check compares the two lists).
  sam_parameters = {
    ProjectName           = var.project_name
    Environment           = var.environment
    ClusterName           = module.ecs.cluster_name
    PipelineName          = module.codepipeline.pipeline_name
    BuildProjectName      = module.codepipeline.codebuild_project_name
    ReportTopicArn        = module.notifications.reports_topic_arn
    AlarmTopicArn         = module.notifications.alarms_topic_arn == null ? "" : module.notifications.alarms_topic_arn
    SlackWebhookSecretArn = module.notifications.slack_webhook_secret_arn
    SlackAppSecretArn     = module.notifications.slack_app_secret_arn
    SecretsPrefix         = local.secrets_prefix
    ParameterPrefix       = local.parameter_prefix
    ArtifactBucketName    = module.codepipeline.artifact_bucket_name
    LogRetentionDays      = tostring(var.log_retention_days)
  }
}

output "sam_stack_name" {
  description = "CloudFormation stack bin/deploy deploys the functions to."
  value       = local.sam_stack_name
}

output "aws_region" {
  description = "Region of this environment (and of its SAM stack)."
  value       = data.aws_region.current.name
}

output "sam_parameters" {
  description = "The SAM template's parameters, by name, as this environment fills them."
  value       = local.sam_parameters
}

output "sam_parameter_overrides" {
  description = "sam deploy --parameter-overrides argument: Key=Value pairs separated by spaces (empty values left out, so the template default applies)."
  value       = join(" ", [for key in sort(keys(local.sam_parameters)) : "${key}=${local.sam_parameters[key]}" if local.sam_parameters[key] != ""])

  precondition {
    condition     = alltrue([for value in values(local.sam_parameters) : !can(regex("[\\s'\"]", value))])
    error_message = "A SAM parameter value contains whitespace or quotes, which bin/deploy cannot pass through --parameter-overrides."
  }
}

output "validator_function_name" {
  description = "Name the SAM stack gives the pre-deploy validator; the Validate stage invokes it."
  value       = local.validator_function_name
}

output "validator_user_parameters" {
  description = "UserParameters JSON of the Validate stage."
  value       = module.codepipeline.validator_user_parameters
}

output "codestar_connection_arn" {
  description = "GitHub connection: activate it in the console, then check it with aws codestar-connections get-connection --connection-arn <this>."
  value       = module.codepipeline.codestar_connection_arn
}

output "ecr_repository_url" {
  description = "Application image repository (push the bootstrap image here)."
  value       = module.ecr.repository_url
}

output "ecs_cluster_name" {
  description = "ECS cluster."
  value       = module.ecs.cluster_name
}

output "ecs_service_name" {
  description = "ECS service the pipeline deploys."
  value       = module.ecs.service_name
}

output "pipeline_name" {
  description = "CodePipeline pipeline."
  value       = module.codepipeline.pipeline_name
}

output "pipeline_stages" {
  description = "Stage names of the pipeline, in order."
  value       = module.codepipeline.stage_names
}

output "load_balancer_dns_name" {
  description = "DNS name of the load balancer (CNAME/alias your domain_name to it)."
  value       = module.ecs.load_balancer_dns_name
}

output "health_url" {
  description = "Health URL the validator probes, or null without a domain_name."
  value       = module.ecs.health_url
}

output "task_secret_names" {
  description = "Secrets to fill with aws secretsmanager put-secret-value before the first deployment."
  value       = module.ecs.task_secret_names
}

output "slack_webhook_secret_name" {
  description = "Secret to fill with the Slack webhook URL."
  value       = module.notifications.slack_webhook_secret_name
}

output "slack_app_secret_name" {
  description = "Secret to fill with the Slack app's bot token and channel (app mode)."
  value       = module.notifications.slack_app_secret_name
}

output "build_secrets_prefix" {
  description = "Secrets Manager prefix CodeBuild may read (buildspec env.secrets-manager)."
  value       = local.build_secrets_prefix
}

output "nat_public_ips" {
  description = "Egress IPs of the private subnets."
  value       = module.networking.nat_public_ips
}
