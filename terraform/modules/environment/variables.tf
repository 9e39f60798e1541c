variable "environment" {
  type        = string
  description = "Environment name (dev, staging or prod): part of every resource name and of the SAM naming contracts."

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be one of dev, staging, prod."
  }
}

variable "project_name" {
  type        = string
  description = "Project name; prefixes every resource, the SAM stack and the function names."
  default     = "pipeline-guard"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}$", var.project_name))
    error_message = "project_name must be 2-31 characters of lowercase letters, digits and hyphens, starting with a letter (the SAM template's ProjectName pattern)."
  }
}

# --- Network ---

variable "vpc_cidr" {
  type        = string
  description = "CIDR block of the VPC (/16 to /24)."
}

variable "az_count" {
  type        = number
  description = "Number of availability zones to use (the first ones of the region)."
  default     = 2

  validation {
    condition     = var.az_count >= 2 && var.az_count <= 6
    error_message = "az_count must be between 2 and 6."
  }
}

variable "single_nat_gateway" {
  type        = bool
  description = "One NAT gateway for all AZs (cheaper, dev only): refused in prod, which has one per AZ (article Mistake 1)."
  default     = false
}

variable "interface_endpoints" {
  type        = list(string)
  description = "Interface VPC endpoints of the private subnets (each costs per AZ and hour; [] relies on the NAT path alone)."
  default     = ["ecr.api", "ecr.dkr", "logs", "secretsmanager"]
}

# --- Source and build ---

variable "github_repository" {
  type        = string
  description = "Application repository the pipeline builds, as owner/name."
}

variable "branch_name" {
  type        = string
  description = "Branch whose pushes deploy to this environment."
}

variable "codestar_connection_arn" {
  type        = string
  description = "Existing GitHub connection to reuse; null creates one (activate it in the console)."
  default     = null
}

variable "buildspec" {
  type        = string
  description = "Buildspec path or inline YAML; null uses buildspec.yml of the application repository."
  default     = null
}

# --- Service ---

variable "container_name" {
  type        = string
  description = "Name of the application container; CodeBuild writes it into imagedefinitions.json."
  default     = "app"
}

variable "container_port" {
  type        = number
  description = "Port the application listens on."
  default     = 8080
}

variable "image_tag" {
  type        = string
  description = "Tag of the image Terraform registers when it creates the service (push it before the full apply: docs/deploy.md). The pipeline owns the image afterwards."
  default     = "bootstrap"
}

variable "cpu_architecture" {
  type        = string
  description = "X86_64 or ARM64; the CodeBuild environment follows it."
  default     = "X86_64"
}

variable "task_cpu" {
  type        = number
  description = "Task CPU units."
  default     = 256
}

variable "task_memory" {
  type        = number
  description = "Task memory (MiB)."
  default     = 512
}

variable "desired_count" {
  type        = number
  description = "Tasks when the service is created (ignored by Terraform afterwards)."
  default     = 1
}

variable "health_check_path" {
  type        = string
  description = "Health check path of the application."
  default     = "/health"
}

variable "certificate_arn" {
  type        = string
  description = "ACM certificate of the HTTPS listener (covering domain_name)."
}

variable "domain_name" {
  type        = string
  description = "DNS name of the service, covered by certificate_arn; enables the validator's health URL check. null: no health URL."
  default     = null
}

variable "route53_zone_id" {
  type        = string
  description = "Hosted zone for an alias record domain_name -> load balancer; null creates none."
  default     = null
}

variable "container_environment" {
  type        = map(string)
  description = "Plain environment variables of the container (no credentials)."
  default     = {}
}

variable "container_secrets" {
  type        = map(string)
  description = "Environment variable => secret name under <project>/<env>/app/. Terraform creates the secrets empty; put their values before the first deployment."
  default     = {}
}

variable "task_egress_rules" {
  type = map(object({
    description = string
    protocol    = string
    from_port   = number
    to_port     = number
    cidr_ipv4   = string
  }))
  description = "Egress of the tasks (HTTPS anywhere by default; add the database port)."
  default = {
    https = { description = "HTTPS (AWS APIs through endpoints or NAT)", protocol = "tcp", from_port = 443, to_port = 443, cidr_ipv4 = "0.0.0.0/0" }
  }
}

variable "task_role_policy_json" {
  type        = string
  description = "IAM policy JSON of what the application calls; null: no permissions."
  default     = null
}

variable "log_retention_days" {
  type        = number
  description = "Retention of the container, build and function log groups (one of the SAM template's LogRetentionDays values)."
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1827, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1827, 3653 (allowed by both CloudWatch and the SAM template)."
  }
}

# --- Validator and notifications ---

variable "validator_required_secrets" {
  type        = list(string)
  description = "Secrets (names or ARNs) the validator must find readable besides the task definition's own, e.g. ones the application reads itself."
  default     = []
}

variable "validator_timeout_seconds" {
  type        = number
  description = "How long the validator waits for a settling service or a pending image scan."
  default     = 600
}

variable "image_scan_max_critical" {
  type        = number
  description = "Critical findings of the image scan the validator tolerates; null skips the scan check."
  default     = 0
}

variable "image_scan_max_high" {
  type        = number
  description = "High findings of the image scan the validator tolerates."
  default     = 0
}

variable "alarm_email_addresses" {
  type        = list(string)
  description = "E-mail subscribers of the alarms topic."
  default     = []
}

# --- Deletion and approval (the safe values are the defaults; dev relaxes them) ---

variable "force_delete" {
  type        = bool
  description = "terraform destroy may delete the image repository with its images and the artifact bucket with its artifacts (dev)."
  default     = false
}

variable "secret_recovery_window_days" {
  type        = number
  description = "Days a destroyed secret (task secrets, Slack webhook) can still be restored; 0 deletes at once, so a destroyed dev can be re-created right away."
  default     = 30

  validation {
    condition     = var.secret_recovery_window_days == 0 || (var.secret_recovery_window_days >= 7 && var.secret_recovery_window_days <= 30)
    error_message = "secret_recovery_window_days must be 0 or between 7 and 30."
  }
}

variable "load_balancer_deletion_protection" {
  type        = bool
  description = "Protect the load balancer from deletion."
  default     = true
}

variable "require_manual_approval" {
  type        = bool
  description = "An Approve stage before Validate (the validator then checks the moment of deployment)."
  default     = true
}
