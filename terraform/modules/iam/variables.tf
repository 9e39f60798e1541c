variable "project_name" {
  type        = string
  description = "Project name; prefixes every role name."

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

variable "artifact_bucket_arn" {
  type        = string
  description = "ARN of the pipeline's artifact bucket (codepipeline module output artifact_bucket_arn)."

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.artifact_bucket_arn))
    error_message = "artifact_bucket_arn must be an S3 bucket ARN (arn:aws:s3:::<bucket>)."
  }
}

variable "artifact_kms_key_arn" {
  type        = string
  description = "Customer managed KMS key encrypting the artifacts, or null when the bucket uses SSE-S3 / the AWS managed key."
  default     = null

  validation {
    condition     = var.artifact_kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:", var.artifact_kms_key_arn))
    error_message = "artifact_kms_key_arn must be a KMS key ARN or null."
  }
}

variable "codestar_connection_arn" {
  type        = string
  description = "ARN of the CodeStar (CodeConnections) connection to GitHub the Source action uses."

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:(codestar-connections|codeconnections):[a-z0-9-]+:[0-9]{12}:connection/", var.codestar_connection_arn))
    error_message = "codestar_connection_arn must be a codestar-connections or codeconnections connection ARN."
  }
}

variable "codebuild_project_arn" {
  type        = string
  description = "ARN of the CodeBuild project the pipeline starts."

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:codebuild:", var.codebuild_project_arn))
    error_message = "codebuild_project_arn must be a CodeBuild project ARN."
  }
}

variable "codebuild_log_group_arn" {
  type        = string
  description = "ARN of the CloudWatch log group CodeBuild writes to (without the trailing :*)."

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:logs:.*:log-group:[^*]+$", var.codebuild_log_group_arn))
    error_message = "codebuild_log_group_arn must be a log group ARN without a trailing :*."
  }
}

variable "ecr_repository_arns" {
  type        = list(string)
  description = "ECR repositories CodeBuild pushes to and pulls from (the application repository first)."

  validation {
    condition     = length(var.ecr_repository_arns) >= 1 && alltrue([for arn in var.ecr_repository_arns : can(regex("^arn:aws[a-z-]*:ecr:[a-z0-9-]+:[0-9]{12}:repository/", arn))])
    error_message = "ecr_repository_arns must hold at least one ECR repository ARN, and only repository ARNs."
  }
}

variable "ecs_cluster_arn" {
  type        = string
  description = "ARN of the ECS cluster the Deploy action updates."

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:ecs:[a-z0-9-]+:[0-9]{12}:cluster/", var.ecs_cluster_arn))
    error_message = "ecs_cluster_arn must be an ECS cluster ARN."
  }
}

variable "ecs_service_arn" {
  type        = string
  description = "ARN of the ECS service the Deploy action updates (arn:...:service/<cluster>/<service>)."

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:ecs:[a-z0-9-]+:[0-9]{12}:service/", var.ecs_service_arn))
    error_message = "ecs_service_arn must be an ECS service ARN."
  }
}

variable "task_definition_family" {
  type        = string
  description = "Task definition family; the Deploy action registers revisions of it and may tag them."

  validation {
    condition     = can(regex("^[a-zA-Z0-9_-]{1,255}$", var.task_definition_family))
    error_message = "task_definition_family must be 1-255 letters, digits, hyphens or underscores."
  }
}

variable "task_log_group_arn" {
  type        = string
  description = "ARN of the tasks' CloudWatch log group (without the trailing :*); the execution role writes container logs there."

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:logs:.*:log-group:[^*]+$", var.task_log_group_arn))
    error_message = "task_log_group_arn must be a log group ARN without a trailing :*."
  }
}

variable "secrets_prefix" {
  type        = string
  description = "Secrets Manager name prefix of the task's secrets, e.g. pipeline-guard/dev/app/. The execution role may read exactly the secrets under it."

  validation {
    condition     = can(regex("^[A-Za-z0-9/_+=.@-]+/$", var.secrets_prefix)) && !startswith(var.secrets_prefix, "/")
    error_message = "secrets_prefix must be a Secrets Manager name prefix ending with '/' (for example pipeline-guard/dev/app/), without a leading '/' and without wildcards."
  }
}

variable "parameter_prefix" {
  type        = string
  description = "SSM parameter path prefix of the task's parameters, with leading and trailing slash, e.g. /pipeline-guard/dev/app/."

  validation {
    condition     = can(regex("^/[A-Za-z0-9/_.-]+/$", var.parameter_prefix))
    error_message = "parameter_prefix must start and end with '/' (for example /pipeline-guard/dev/app/) and contain no wildcards."
  }
}

variable "build_secrets_prefix" {
  type        = string
  description = "Secrets Manager name prefix CodeBuild may read (buildspec env.secrets-manager), e.g. pipeline-guard/dev/build/. Kept apart from the task's secrets."

  validation {
    condition     = can(regex("^[A-Za-z0-9/_+=.@-]+/$", var.build_secrets_prefix)) && !startswith(var.build_secrets_prefix, "/")
    error_message = "build_secrets_prefix must be a Secrets Manager name prefix ending with '/', without a leading '/' and without wildcards."
  }
}

variable "validator_function_name" {
  type        = string
  description = "Name of the pre-deploy validator Lambda (deployed by SAM); the pipeline role may invoke exactly this function."

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,64}$", var.validator_function_name))
    error_message = "validator_function_name must be a Lambda function name (1-64 letters, digits, hyphens, underscores), not an ARN."
  }
}

variable "task_role_policy_json" {
  type        = string
  description = "IAM policy JSON for what the application itself calls (the task role). null gives the task role no permissions."
  default     = null

  validation {
    condition     = var.task_role_policy_json == null || can(jsondecode(var.task_role_policy_json).Statement)
    error_message = "task_role_policy_json must be an IAM policy document JSON with a Statement, or null."
  }
}

variable "enable_execute_command" {
  type        = bool
  description = "Grant the task role the SSM Session Manager channels ECS Exec needs."
  default     = false
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every role."
  default     = {}
}
