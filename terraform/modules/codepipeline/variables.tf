variable "project_name" {
  type        = string
  description = "Project name; the pipeline is <project_name>-<environment>-pipeline and the build project <project_name>-<environment>-build."

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

variable "artifact_bucket_name" {
  type        = string
  description = "Name of the artifact bucket (globally unique; the environments append the account id)."

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.artifact_bucket_name)) && !can(regex("\\.\\.", var.artifact_bucket_name))
    error_message = "artifact_bucket_name must be a valid S3 bucket name (3-63 lowercase letters, digits, dots, hyphens)."
  }
}

variable "artifact_retention_days" {
  type        = number
  description = "Days after which pipeline artifacts expire."
  default     = 30

  validation {
    condition     = var.artifact_retention_days >= 1 && floor(var.artifact_retention_days) == var.artifact_retention_days
    error_message = "artifact_retention_days must be a whole number of at least 1."
  }
}

variable "artifact_kms_key_arn" {
  type        = string
  description = "Customer managed KMS key for the artifact bucket and store; null uses SSE-S3 on the bucket and the AWS managed key for the store."
  default     = null

  validation {
    condition     = var.artifact_kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:", var.artifact_kms_key_arn))
    error_message = "artifact_kms_key_arn must be a KMS key ARN or null."
  }
}

variable "force_destroy_artifacts" {
  type        = bool
  description = "Let terraform destroy empty the artifact bucket (dev convenience)."
  default     = false
}

variable "codepipeline_role_arn" {
  type        = string
  description = "CodePipeline service role (iam module output codepipeline_role_arn)."
}

variable "codebuild_role_arn" {
  type        = string
  description = "CodeBuild service role (iam module output codebuild_role_arn)."
}

variable "codestar_connection_arn" {
  type        = string
  description = "Existing CodeStar/CodeConnections connection to reuse; null creates one (PENDING until activated in the console)."
  default     = null

  validation {
    condition     = var.codestar_connection_arn == null || can(regex("^arn:aws[a-z-]*:(codestar-connections|codeconnections):", var.codestar_connection_arn))
    error_message = "codestar_connection_arn must be a connection ARN or null."
  }
}

variable "github_repository" {
  type        = string
  description = "GitHub repository the pipeline builds, as owner/name."

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", var.github_repository))
    error_message = "github_repository must be owner/name."
  }
}

variable "branch_name" {
  type        = string
  description = "Branch whose pushes start the pipeline."

  validation {
    condition     = length(var.branch_name) > 0 && !can(regex("[\\s~^:?*\\[\\\\]", var.branch_name))
    error_message = "branch_name must be a valid git branch name."
  }
}

variable "buildspec" {
  type        = string
  description = "Buildspec path in the repository or inline YAML; null uses buildspec.yml at the repository root."
  default     = null
}

variable "build_image" {
  type        = string
  description = "CodeBuild image."
  default     = "aws/codebuild/amazonlinux2-x86_64-standard:5.0"
}

variable "build_compute_type" {
  type        = string
  description = "CodeBuild compute type."
  default     = "BUILD_GENERAL1_SMALL"

  validation {
    condition     = can(regex("^BUILD_GENERAL1_(SMALL|MEDIUM|LARGE|XLARGE|2XLARGE)$", var.build_compute_type))
    error_message = "build_compute_type must be BUILD_GENERAL1_SMALL, MEDIUM, LARGE, XLARGE or 2XLARGE."
  }
}

variable "build_environment_type" {
  type        = string
  description = "LINUX_CONTAINER (x86_64) or ARM_CONTAINER; must match the task's cpu_architecture."
  default     = "LINUX_CONTAINER"

  validation {
    condition     = contains(["LINUX_CONTAINER", "ARM_CONTAINER"], var.build_environment_type)
    error_message = "build_environment_type must be LINUX_CONTAINER or ARM_CONTAINER."
  }
}

variable "build_timeout_minutes" {
  type        = number
  description = "Minutes before a build is stopped."
  default     = 20

  validation {
    condition     = var.build_timeout_minutes >= 5 && var.build_timeout_minutes <= 2160
    error_message = "build_timeout_minutes must be between 5 and 2160."
  }
}

variable "log_retention_days" {
  type        = number
  description = "Retention of the build log group."
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a CloudWatch Logs retention value."
  }
}

variable "ecr_repository_url" {
  type        = string
  description = "Repository the build pushes the application image to (ecr module output repository_url)."
}

variable "build_cache_repository_url" {
  type        = string
  description = "Mutable repository for Docker layer cache (ecr module output build_cache_repository_url), or null."
  default     = null
}

variable "container_name" {
  type        = string
  description = "Container name written into imagedefinitions.json (CONTAINER_NAME); must equal the ecs module's container_name."

  validation {
    condition     = can(regex("^[a-zA-Z0-9_-]{1,255}$", var.container_name))
    error_message = "container_name must be 1-255 letters, digits, hyphens or underscores."
  }
}

variable "build_environment_variables" {
  type        = map(string)
  description = "Extra plain environment variables for the build (never credentials: use build secrets)."
  default     = {}
}

variable "ecs_cluster_name" {
  type        = string
  description = "Cluster of the Deploy action."
}

variable "ecs_service_name" {
  type        = string
  description = "Service of the Deploy action."
}

variable "deploy_timeout_minutes" {
  type        = number
  description = "Minutes the ECS Deploy action waits for the service to stabilise (1-60). Shorter than the 60-minute default so a rolled-back deployment does not hold the pipeline for an hour."
  default     = 30

  validation {
    condition     = var.deploy_timeout_minutes >= 1 && var.deploy_timeout_minutes <= 60 && floor(var.deploy_timeout_minutes) == var.deploy_timeout_minutes
    error_message = "deploy_timeout_minutes must be a whole number from 1 to 60."
  }
}

variable "require_manual_approval" {
  type        = bool
  description = "Add an Approve stage before Validate and Deploy (prod)."
  default     = false
}

variable "validator" {
  type = object({
    function_name    = string
    cluster          = string
    service          = string
    required_secrets = optional(list(string), [])
    health_url       = optional(string)
    expected_status  = optional(number, 200)
    timeout_seconds  = optional(number, 600)
    image_scan = optional(object({
      max_critical = number
      max_high     = number
    }))
  })
  description = "The Validate stage: the pre-deploy validator function (deployed by SAM) and what it checks. Becomes the action's UserParameters JSON."

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,64}$", var.validator.function_name))
    error_message = "validator.function_name must be a Lambda function name, not an ARN."
  }

  validation {
    condition     = length(var.validator.cluster) > 0 && length(var.validator.service) > 0
    error_message = "validator.cluster and validator.service are required."
  }

  validation {
    condition     = var.validator.health_url == null || startswith(coalesce(var.validator.health_url, "-"), "https://")
    error_message = "validator.health_url must be an https:// URL or null."
  }

  validation {
    condition     = var.validator.expected_status >= 100 && var.validator.expected_status <= 599
    error_message = "validator.expected_status must be an HTTP status code."
  }

  validation {
    condition     = var.validator.timeout_seconds >= 30 && var.validator.timeout_seconds <= 3600
    error_message = "validator.timeout_seconds must be between 30 and 3600 (CodePipeline re-invokes the validator at most every 20 minutes per continuation)."
  }

  validation {
    condition     = var.validator.image_scan == null || try(var.validator.image_scan.max_critical >= 0 && var.validator.image_scan.max_high >= 0, false)
    error_message = "validator.image_scan thresholds must not be negative."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource of this module."
  default     = {}
}
