locals {
  environment = "prod"
}

module "environment" {
  source = "../../modules/environment"

  project_name = var.project_name
  environment  = local.environment

  vpc_cidr           = "10.30.0.0/16"
  az_count           = 3
  single_nat_gateway = false # one NAT gateway per AZ (article Mistake 1)

  github_repository       = var.github_repository
  branch_name             = "main"
  codestar_connection_arn = var.codestar_connection_arn

  image_tag         = var.image_tag
  task_cpu          = 512
  task_memory       = 1024
  desired_count     = 2
  certificate_arn   = var.certificate_arn
  domain_name       = var.domain_name
  route53_zone_id   = var.route53_zone_id
  container_secrets = { DATABASE_URL = "database-url" }

  log_retention_days      = 90
  image_scan_max_critical = 0
  image_scan_max_high     = 0
  alarm_email_addresses   = var.alarm_email_addresses

  force_delete                      = false
  secret_recovery_window_days       = 30
  load_balancer_deletion_protection = true
  require_manual_approval           = true
}
