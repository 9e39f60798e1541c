provider "aws" {
  region = var.aws_region

  # Refuses to run against any other account: a plan cannot touch another environment's account by a wrong profile.
  allowed_account_ids = length(var.allowed_account_ids) > 0 ? var.allowed_account_ids : null

  default_tags {
    tags = merge(var.tags, {
      project     = var.project_name
      environment = local.environment
      managed-by  = "terraform"
    })
  }
}
