provider "aws" {
  region = var.aws_region

  allowed_account_ids = length(var.allowed_account_ids) > 0 ? var.allowed_account_ids : null

  default_tags {
    tags = merge(var.tags, {
      project    = var.project_name
      managed-by = "terraform"
      purpose    = "terraform-state"
    })
  }
}
