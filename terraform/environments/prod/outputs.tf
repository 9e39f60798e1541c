# Every output of modules/environment, passed through. This file is the same in every environment
# (tools/infra-check keeps it so): bin/deploy and docs/deploy.md read these names.

output "sam_stack_name" {
  description = "CloudFormation stack bin/deploy deploys the functions to."
  value       = module.environment.sam_stack_name
}

output "aws_region" {
  description = "Region of this environment (and of its SAM stack)."
  value       = module.environment.aws_region
}

output "sam_parameters" {
  description = "The SAM template's parameters, by name, as this environment fills them."
  value       = module.environment.sam_parameters
}

output "sam_parameter_overrides" {
  description = "sam deploy --parameter-overrides argument: Key=Value pairs separated by spaces (empty values left out, so the template default applies)."
  value       = module.environment.sam_parameter_overrides
}

output "validator_function_name" {
  description = "Name the SAM stack gives the pre-deploy validator; the Validate stage invokes it."
  value       = module.environment.validator_function_name
}

output "validator_user_parameters" {
  description = "UserParameters JSON of the Validate stage."
  value       = module.environment.validator_user_parameters
}

output "codestar_connection_arn" {
  description = "GitHub connection: activate it in the console, then check it with aws codestar-connections get-connection --connection-arn <this>."
  value       = module.environment.codestar_connection_arn
}

output "ecr_repository_url" {
  description = "Application image repository (push the bootstrap image here)."
  value       = module.environment.ecr_repository_url
}

output "ecs_cluster_name" {
  description = "ECS cluster."
  value       = module.environment.ecs_cluster_name
}

output "ecs_service_name" {
  description = "ECS service the pipeline deploys."
  value       = module.environment.ecs_service_name
}

output "pipeline_name" {
  description = "CodePipeline pipeline."
  value       = module.environment.pipeline_name
}

output "pipeline_stages" {
  description = "Stage names of the pipeline, in order."
  value       = module.environment.pipeline_stages
}

output "load_balancer_dns_name" {
  description = "DNS name of the load balancer (CNAME/alias your domain_name to it)."
  value       = module.environment.load_balancer_dns_name
}

output "health_url" {
  description = "Health URL the validator probes, or null without a domain_name."
  value       = module.environment.health_url
}

output "task_secret_names" {
  description = "Secrets to fill with aws secretsmanager put-secret-value before the first deployment."
  value       = module.environment.task_secret_names
}

output "slack_webhook_secret_name" {
  description = "Secret to fill with the Slack webhook URL."
  value       = module.environment.slack_webhook_secret_name
}

output "slack_app_secret_name" {
  description = "Secret to fill with the Slack app's bot token and channel (app mode)."
  value       = module.environment.slack_app_secret_name
}

output "build_secrets_prefix" {
  description = "Secrets Manager prefix CodeBuild may read (buildspec env.secrets-manager)."
  value       = module.environment.build_secrets_prefix
}

output "nat_public_ips" {
  description = "Egress IPs of the private subnets."
  value       = module.environment.nat_public_ips
}
