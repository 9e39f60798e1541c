locals {
  environment = "dev"
}

module "environment" {
  source = "../../modules/environment"

  project_name = var.project_name
  environment  = local.environment

  vpc_cidr           = "10.20.0.0/16"
  az_count           = 2
  single_nat_gateway = true # dev savings; refused in prod

  github_repository       = var.github_repository
  branch_name             = "develop"
  codestar_connection_arn = var.codestar_connection_arn

  image_tag         = var.image_tag
  task_cpu          = 256
  task_memory       = 512
  desired_count     = 1
  certificate_arn   = var.certificate_arn
  domain_name       = var.domain_name
  route53_zone_id   = var.route53_zone_id
  container_secrets = { DATABASE_URL = "database-url" }

  log_retention_days      = 30
  image_scan_max_critical = 0
  image_scan_max_high     = 5
  alarm_email_addresses   = var.alarm_email_addresses

  # dev is disposable: destroy drops images and artifacts, secrets go at once, no approval.
  force_delete                      = true
  secret_recovery_window_days       = 0
  load_balancer_deletion_protection = false
  require_manual_approval           = false
}
