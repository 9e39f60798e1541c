variable "project_name" {
  type        = string
  description = "Project name; prefixes the state bucket name."
  default     = "pipeline-guard"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}$", var.project_name))
    error_message = "project_name must be 2-31 characters of lowercase letters, digits and hyphens, starting with a letter."
  }
}

variable "aws_region" {
  type        = string
  description = "Region of the state bucket."
  default     = "us-east-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]$", var.aws_region))
    error_message = "aws_region must be a region name such as us-east-1."
  }
}

variable "allowed_account_ids" {
  type        = list(string)
  description = "Account IDs this root may be applied to; empty allows any."
  default     = []

  validation {
    condition     = alltrue([for id in var.allowed_account_ids : can(regex("^[0-9]{12}$", id))])
    error_message = "allowed_account_ids must be 12-digit account IDs."
  }
}

variable "state_bucket_name" {
  type        = string
  description = "Name of the state bucket; null uses <project_name>-tfstate-<account id>-<region> (the project name shortened to fit S3's 63 characters)."
  default     = null

  validation {
    condition     = var.state_bucket_name == null || can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", coalesce(var.state_bucket_name, "ok")))
    error_message = "state_bucket_name must be a valid S3 bucket name."
  }
}

variable "noncurrent_version_retention_days" {
  type        = number
  description = "Days old state versions are kept (they are how a botched apply is undone)."
  default     = 90

  validation {
    condition     = var.noncurrent_version_retention_days >= 7
    error_message = "noncurrent_version_retention_days must be at least 7: old state versions are the undo button."
  }
}

variable "create_dynamodb_lock_table" {
  type        = bool
  description = "Also create a DynamoDB lock table, for Terraform older than 1.11 or tools without S3 native locking. The environments use S3 native locking (use_lockfile) and do not need it."
  default     = false
}

variable "tags" {
  type        = map(string)
  description = "Extra tags on every resource."
  default     = {}
}
