variable "project_name" {
  type        = string
  description = "Project name; the repository is named <project_name>-<environment>."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}$", var.project_name))
    error_message = "project_name must be 2-31 characters of lowercase letters, digits and hyphens, starting with a letter."
  }
}

variable "environment" {
  type        = string
  description = "Environment name (dev, staging or prod)."

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be one of dev, staging, prod."
  }
}

variable "max_image_count" {
  type        = number
  description = "How many images to keep (newest first); older ones expire. Keep enough that the circuit breaker's rollback target and a manual rollback a few releases back still exist."
  default     = 30

  validation {
    condition     = var.max_image_count >= 10 && var.max_image_count <= 1000 && floor(var.max_image_count) == var.max_image_count
    error_message = "max_image_count must be a whole number from 10 to 1000: fewer risks expiring the image a rollback needs."
  }
}

variable "untagged_image_expiry_days" {
  type        = number
  description = "Days after which untagged images (layers of superseded pushes) expire."
  default     = 1

  validation {
    condition     = var.untagged_image_expiry_days >= 1 && floor(var.untagged_image_expiry_days) == var.untagged_image_expiry_days
    error_message = "untagged_image_expiry_days must be a whole number of at least 1."
  }
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key for image encryption; null uses AES256 (ECR-managed keys)."
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN or null."
  }
}

variable "create_build_cache_repository" {
  type        = bool
  description = "Create a second, MUTABLE repository <name>-build-cache for Docker layer cache (article Mistake 3). The application repository is IMMUTABLE, so a moving cache tag such as :latest cannot live there."
  default     = true
}

variable "force_delete" {
  type        = bool
  description = "Allow terraform destroy to delete repositories that still contain images (dev convenience; keep false in prod)."
  default     = false
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource of this module."
  default     = {}
}
