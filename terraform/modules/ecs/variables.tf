variable "project_name" {
  type        = string
  description = "Project name; the cluster, service and task family are named <project_name>-<environment>."

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

variable "vpc_id" {
  type        = string
  description = "VPC of the load balancer, target group and security groups."
}

variable "public_subnet_ids" {
  type        = list(string)
  description = "Public subnets for the internet-facing load balancer (at least two AZs)."

  validation {
    condition     = length(var.public_subnet_ids) >= 2
    error_message = "public_subnet_ids needs at least two subnets: an ALB spans two or more AZs."
  }
}

variable "private_subnet_ids" {
  type        = list(string)
  description = "Private subnets the Fargate tasks run in (no public IPs)."

  validation {
    condition     = length(var.private_subnet_ids) >= 1
    error_message = "private_subnet_ids needs at least one subnet."
  }
}

variable "container_name" {
  type        = string
  description = "Name of the application container. CodeBuild receives the same value as CONTAINER_NAME, so imagedefinitions.json names this container (the pre-deploy validator enforces the match)."

  validation {
    condition     = can(regex("^[a-zA-Z0-9_-]{1,255}$", var.container_name))
    error_message = "container_name must be 1-255 letters, digits, hyphens or underscores."
  }
}

variable "container_port" {
  type        = number
  description = "Port the container listens on (target group port)."

  validation {
    condition     = var.container_port >= 1 && var.container_port <= 65535 && floor(var.container_port) == var.container_port
    error_message = "container_port must be a whole number from 1 to 65535."
  }
}

variable "image" {
  type        = string
  description = "Image Terraform registers in the task definition it creates, e.g. <repository_url>:bootstrap. After the first deployment the pipeline owns the image: the service ignores task definition changes (see README)."

  validation {
    condition     = can(regex("^[^\\s:]+(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[a-f0-9]{64})$", var.image))
    error_message = "image must be an image reference with an explicit tag or digest (no implicit :latest)."
  }
}

variable "cpu_architecture" {
  type        = string
  description = "CPU architecture of the task (X86_64 or ARM64); must match the image CodeBuild builds."
  default     = "X86_64"

  validation {
    condition     = contains(["X86_64", "ARM64"], var.cpu_architecture)
    error_message = "cpu_architecture must be X86_64 or ARM64."
  }
}

variable "task_cpu" {
  type        = number
  description = "Task CPU units (Fargate: 256, 512, 1024, 2048, 4096, 8192 or 16384)."
  default     = 256

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096, 8192, 16384], var.task_cpu)
    error_message = "task_cpu must be a Fargate CPU size: 256, 512, 1024, 2048, 4096, 8192 or 16384."
  }
}

variable "task_memory" {
  type        = number
  description = "Task memory in MiB; must be a valid Fargate combination with task_cpu."
  default     = 512

  validation {
    condition = (
      (var.task_cpu == 256 && contains([512, 1024, 2048], var.task_memory)) ||
      (var.task_cpu == 512 && var.task_memory >= 1024 && var.task_memory <= 4096 && var.task_memory % 1024 == 0) ||
      (var.task_cpu == 1024 && var.task_memory >= 2048 && var.task_memory <= 8192 && var.task_memory % 1024 == 0) ||
      (var.task_cpu == 2048 && var.task_memory >= 4096 && var.task_memory <= 16384 && var.task_memory % 1024 == 0) ||
      (var.task_cpu == 4096 && var.task_memory >= 8192 && var.task_memory <= 30720 && var.task_memory % 1024 == 0) ||
      (var.task_cpu == 8192 && var.task_memory >= 16384 && var.task_memory <= 61440 && var.task_memory % 4096 == 0) ||
      (var.task_cpu == 16384 && var.task_memory >= 32768 && var.task_memory <= 122880 && var.task_memory % 8192 == 0)
    )
    error_message = "task_memory is not a valid Fargate memory size for task_cpu (for example 256 CPU takes 512, 1024 or 2048 MiB)."
  }
}

variable "desired_count" {
  type        = number
  description = "Number of tasks when the service is created. Terraform ignores later changes (autoscaling or operators own it)."
  default     = 2

  validation {
    condition     = var.desired_count >= 1 && floor(var.desired_count) == var.desired_count
    error_message = "desired_count must be a whole number of at least 1."
  }
}

variable "deployment_minimum_healthy_percent" {
  type        = number
  description = "Lower bound of running tasks during a deployment, in percent of desired_count."
  default     = 100

  validation {
    condition     = var.deployment_minimum_healthy_percent >= 0 && var.deployment_minimum_healthy_percent <= 100
    error_message = "deployment_minimum_healthy_percent must be between 0 and 100."
  }
}

variable "deployment_maximum_percent" {
  type        = number
  description = "Upper bound of running tasks during a deployment, in percent of desired_count."
  default     = 200

  validation {
    condition     = var.deployment_maximum_percent >= 100 && var.deployment_maximum_percent <= 400
    error_message = "deployment_maximum_percent must be between 100 and 400."
  }
}

variable "health_check_grace_period_seconds" {
  type        = number
  description = "Seconds ECS ignores load balancer health checks after a task starts (application warm-up)."
  default     = 60

  validation {
    condition     = var.health_check_grace_period_seconds >= 0 && var.health_check_grace_period_seconds <= 2147483647
    error_message = "health_check_grace_period_seconds must not be negative."
  }
}

variable "execution_role_arn" {
  type        = string
  description = "Task execution role (iam module output task_execution_role_arn)."
}

variable "task_role_arn" {
  type        = string
  description = "Task role the application runs as (iam module output task_role_arn)."
}

variable "certificate_arn" {
  type        = string
  description = "ACM certificate for the HTTPS listener; it must cover domain_name when one is set."

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/", var.certificate_arn))
    error_message = "certificate_arn must be an ACM certificate ARN."
  }
}

variable "ssl_policy" {
  type        = string
  description = "TLS policy of the HTTPS listener."
  default     = "ELBSecurityPolicy-TLS13-1-2-2021-06"
}

variable "domain_name" {
  type        = string
  description = "DNS name clients (and the validator's health probe) use for the service, covered by certificate_arn. null: no health URL is published, because the ALB's own DNS name does not match the certificate."
  default     = null

  validation {
    condition     = var.domain_name == null || can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.domain_name))
    error_message = "domain_name must be a lowercase DNS name such as app.example.com, or null."
  }
}

variable "route53_zone_id" {
  type        = string
  description = "Route 53 hosted zone in which to create an alias record domain_name -> load balancer; null creates none."
  default     = null

  validation {
    condition     = var.route53_zone_id == null || var.domain_name != null
    error_message = "route53_zone_id needs domain_name: the record is created for domain_name."
  }
}

variable "health_check_path" {
  type        = string
  description = "HTTP path the target group health check (and the validator's health URL) requests."
  default     = "/health"

  validation {
    condition     = startswith(var.health_check_path, "/") && length(var.health_check_path) <= 1024
    error_message = "health_check_path must start with '/' and be at most 1024 characters."
  }
}

variable "health_check_matcher" {
  type        = string
  description = "HTTP codes the target group health check accepts, e.g. 200 or 200-299."
  default     = "200"

  validation {
    condition     = can(regex("^[0-9]{3}(-[0-9]{3})?(,[0-9]{3}(-[0-9]{3})?)*$", var.health_check_matcher))
    error_message = "health_check_matcher must be HTTP codes such as 200, 200-299 or 200,204."
  }
}

variable "container_health_check_command" {
  type        = list(string)
  description = "Optional container health check, e.g. [\"CMD-SHELL\", \"curl -f http://localhost:8080/health || exit 1\"]. null: none (the article's curl check fails in images without curl; the ALB health check already gates deployments)."
  default     = null

  validation {
    condition     = var.container_health_check_command == null || try(contains(["CMD", "CMD-SHELL"], var.container_health_check_command[0]), false)
    error_message = "container_health_check_command must start with CMD or CMD-SHELL, or be null."
  }
}

variable "container_environment" {
  type        = map(string)
  description = "Plain environment variables of the container. Never put credentials here: use container_secrets (article Mistake 7)."
  default     = {}

  validation {
    condition     = alltrue([for name in keys(var.container_environment) : !can(regex("(?i)(password|passwd|secret|token|api_?key|private_?key|credential)", name))])
    error_message = "container_environment has a variable whose name looks like a credential: put it in container_secrets so it comes from Secrets Manager."
  }
}

variable "secrets_prefix" {
  type        = string
  description = "Secrets Manager name prefix for the task's secrets, e.g. pipeline-guard/dev/app/ (the execution role reads exactly this prefix)."

  validation {
    condition     = can(regex("^[A-Za-z0-9/_+=.@-]+/$", var.secrets_prefix)) && !startswith(var.secrets_prefix, "/")
    error_message = "secrets_prefix must end with '/' and have no leading '/'."
  }
}

variable "container_secrets" {
  type        = map(string)
  description = "Secrets injected as environment variables: variable name => secret name under secrets_prefix, e.g. { DATABASE_URL = \"database-url\" }. Terraform creates each secret without a value; put the value with aws secretsmanager put-secret-value."
  default     = {}

  validation {
    condition = alltrue([
      for name, secret in var.container_secrets :
      can(regex("^[A-Za-z_][A-Za-z0-9_]*$", name)) && can(regex("^[A-Za-z0-9/_+=.@-]+$", secret)) && !startswith(secret, "/")
    ])
    error_message = "container_secrets keys must be environment variable names and values secret names relative to secrets_prefix (letters, digits, /_+=.@-)."
  }
}

variable "secret_recovery_window_days" {
  type        = number
  description = "Days a deleted task secret can still be restored (0 deletes at once; otherwise 7-30)."
  default     = 7

  validation {
    condition     = var.secret_recovery_window_days == 0 || (var.secret_recovery_window_days >= 7 && var.secret_recovery_window_days <= 30)
    error_message = "secret_recovery_window_days must be 0 or between 7 and 30."
  }
}

variable "alb_ingress_cidr_blocks" {
  type        = list(string)
  description = "IPv4 CIDR blocks allowed to reach the load balancer on 80 and 443."
  default     = ["0.0.0.0/0"]

  validation {
    condition     = alltrue([for cidr in var.alb_ingress_cidr_blocks : can(cidrhost(cidr, 0))])
    error_message = "alb_ingress_cidr_blocks must be IPv4 CIDR blocks."
  }
}

variable "task_egress_rules" {
  type = map(object({
    description = string
    protocol    = string
    from_port   = number
    to_port     = number
    cidr_ipv4   = string
  }))
  description = "Egress of the tasks' security group. The default, HTTPS anywhere, covers ECR, logs and Secrets Manager (endpoints or NAT) and S3 through its gateway; add your database port."
  default = {
    https = { description = "HTTPS (AWS APIs through endpoints or NAT)", protocol = "tcp", from_port = 443, to_port = 443, cidr_ipv4 = "0.0.0.0/0" }
  }

  validation {
    condition     = alltrue([for rule in values(var.task_egress_rules) : contains(["tcp", "udp"], rule.protocol) && rule.from_port <= rule.to_port && can(cidrhost(rule.cidr_ipv4, 0))])
    error_message = "task_egress_rules entries need protocol tcp or udp, from_port <= to_port and an IPv4 CIDR."
  }
}

variable "log_retention_days" {
  type        = number
  description = "Retention of the container log group."
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a CloudWatch Logs retention value (1, 3, 5, 7, 14, 30, 60, 90, ...)."
  }
}

variable "container_insights" {
  type        = string
  description = "Container Insights on the cluster: enabled, enhanced or disabled."
  default     = "enabled"

  validation {
    condition     = contains(["enabled", "enhanced", "disabled"], var.container_insights)
    error_message = "container_insights must be enabled, enhanced or disabled."
  }
}

variable "enable_execute_command" {
  type        = bool
  description = "Enable ECS Exec on the service (the task role needs the iam module's enable_execute_command too)."
  default     = false
}

variable "load_balancer_deletion_protection" {
  type        = bool
  description = "Protect the load balancer from deletion (recommended in prod)."
  default     = false
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource of this module."
  default     = {}
}
