# One environment of the pipeline: the six modules wired together. Each root in environments/ is a
# backend, a provider and one call of this module with its own values.

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

data "aws_availability_zones" "available" {
  state = "available"

  filter {
    name   = "opt-in-status"
    values = ["opt-in-not-required"]
  }
}

locals {
  name       = "${var.project_name}-${var.environment}"
  account_id = data.aws_caller_identity.current.account_id

  availability_zones = slice(data.aws_availability_zones.available.names, 0, var.az_count)

  # Naming contracts shared with the SAM stack (template.yaml) and the functions.
  secrets_prefix          = "${var.project_name}/${var.environment}/app/"
  parameter_prefix        = "/${var.project_name}/${var.environment}/app/"
  build_secrets_prefix    = "${var.project_name}/${var.environment}/build/"
  validator_function_name = "${var.project_name}-${var.environment}-pre-deploy-validator"
  artifact_bucket_name    = "${local.name}-artifacts-${local.account_id}"
  sam_stack_name          = "${local.name}-functions"
}

module "networking" {
  source = "../networking"

  project_name        = var.project_name
  environment         = var.environment
  vpc_cidr            = var.vpc_cidr
  availability_zones  = local.availability_zones
  single_nat_gateway  = var.single_nat_gateway
  interface_endpoints = var.interface_endpoints
}

module "ecr" {
  source = "../ecr"

  project_name = var.project_name
  environment  = var.environment
  force_delete = var.force_delete
}

module "notifications" {
  source = "../notifications"

  project_name                = var.project_name
  environment                 = var.environment
  alarm_email_addresses       = var.alarm_email_addresses
  secret_recovery_window_days = var.secret_recovery_window_days
}

module "iam" {
  source = "../iam"

  project_name            = var.project_name
  environment             = var.environment
  artifact_bucket_arn     = module.codepipeline.artifact_bucket_arn
  codestar_connection_arn = module.codepipeline.codestar_connection_arn
  codebuild_project_arn   = module.codepipeline.codebuild_project_arn
  codebuild_log_group_arn = module.codepipeline.build_log_group_arn
  ecr_repository_arns     = module.ecr.repository_arns
  ecs_cluster_arn         = module.ecs.cluster_arn
  ecs_service_arn         = module.ecs.service_arn
  task_definition_family  = module.ecs.task_definition_family
  task_log_group_arn      = module.ecs.log_group_arn
  secrets_prefix          = local.secrets_prefix
  parameter_prefix        = local.parameter_prefix
  build_secrets_prefix    = local.build_secrets_prefix
  validator_function_name = local.validator_function_name
  task_role_policy_json   = var.task_role_policy_json
}

module "ecs" {
  source = "../ecs"

  project_name                      = var.project_name
  environment                       = var.environment
  vpc_id                            = module.networking.vpc_id
  public_subnet_ids                 = module.networking.public_subnet_ids
  private_subnet_ids                = module.networking.private_subnet_ids
  container_name                    = var.container_name
  container_port                    = var.container_port
  image                             = "${module.ecr.repository_url}:${var.image_tag}"
  cpu_architecture                  = var.cpu_architecture
  task_cpu                          = var.task_cpu
  task_memory                       = var.task_memory
  desired_count                     = var.desired_count
  execution_role_arn                = module.iam.task_execution_role_arn
  task_role_arn                     = module.iam.task_role_arn
  certificate_arn                   = var.certificate_arn
  domain_name                       = var.domain_name
  route53_zone_id                   = var.route53_zone_id
  health_check_path                 = var.health_check_path
  container_environment             = var.container_environment
  secrets_prefix                    = local.secrets_prefix
  container_secrets                 = var.container_secrets
  secret_recovery_window_days       = var.secret_recovery_window_days
  load_balancer_deletion_protection = var.load_balancer_deletion_protection
  task_egress_rules                 = var.task_egress_rules
  log_retention_days                = var.log_retention_days
}

module "codepipeline" {
  source = "../codepipeline"

  project_name               = var.project_name
  environment                = var.environment
  artifact_bucket_name       = local.artifact_bucket_name
  force_destroy_artifacts    = var.force_delete
  codepipeline_role_arn      = module.iam.codepipeline_role_arn
  codebuild_role_arn         = module.iam.codebuild_role_arn
  codestar_connection_arn    = var.codestar_connection_arn
  github_repository          = var.github_repository
  branch_name                = var.branch_name
  buildspec                  = var.buildspec
  build_environment_type     = var.cpu_architecture == "ARM64" ? "ARM_CONTAINER" : "LINUX_CONTAINER"
  build_image                = var.cpu_architecture == "ARM64" ? "aws/codebuild/amazonlinux2-aarch64-standard:3.0" : "aws/codebuild/amazonlinux2-x86_64-standard:5.0"
  log_retention_days         = var.log_retention_days
  ecr_repository_url         = module.ecr.repository_url
  build_cache_repository_url = module.ecr.build_cache_repository_url
  container_name             = module.ecs.container_name
  ecs_cluster_name           = module.ecs.cluster_name
  ecs_service_name           = module.ecs.service_name
  require_manual_approval    = var.require_manual_approval

  validator = {
    function_name = local.validator_function_name
    cluster       = module.ecs.cluster_name
    service       = module.ecs.service_name
    # Names, not ARNs: the validator resolves them, and names keep UserParameters under 1000 characters.
    required_secrets = concat(module.ecs.task_secret_names, var.validator_required_secrets)
    health_url       = module.ecs.health_url
    expected_status  = 200
    timeout_seconds  = var.validator_timeout_seconds
    image_scan       = var.image_scan_max_critical == null ? null : { max_critical = var.image_scan_max_critical, max_high = var.image_scan_max_high }
  }
}
