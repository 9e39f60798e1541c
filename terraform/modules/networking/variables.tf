variable "project_name" {
  type        = string
  description = "Project name; prefixes every resource name."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}$", var.project_name))
    error_message = "project_name must be 2-31 characters of lowercase letters, digits and hyphens, starting with a letter."
  }
}

variable "environment" {
  type        = string
  description = "Environment name (dev, staging or prod); part of every resource name."

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be one of dev, staging, prod."
  }
}

variable "vpc_cidr" {
  type        = string
  description = "IPv4 CIDR block of the VPC. Public and private subnets are carved from it with cidrsubnet(vpc_cidr, 4, n)."

  validation {
    condition     = can(cidrhost(var.vpc_cidr, 0)) && tonumber(split("/", var.vpc_cidr)[1]) >= 16 && tonumber(split("/", var.vpc_cidr)[1]) <= 24
    error_message = "vpc_cidr must be a valid IPv4 CIDR block between /16 and /24."
  }
}

variable "availability_zones" {
  type        = list(string)
  description = "Availability zones to spread subnets over: one public and one private subnet per zone."

  validation {
    condition     = length(var.availability_zones) >= 2 && length(var.availability_zones) <= 8 && length(distinct(var.availability_zones)) == length(var.availability_zones)
    error_message = "availability_zones must list 2 to 8 distinct zones (an ALB needs at least two)."
  }
}

variable "single_nat_gateway" {
  type        = bool
  description = "Use one NAT gateway for all private subnets (cheaper, but one AZ outage cuts every task's egress). Refused in prod: the article's Mistake 1."
  default     = false

  validation {
    condition     = !(var.single_nat_gateway && var.environment == "prod")
    error_message = "single_nat_gateway cannot be true in prod: a NAT gateway per AZ keeps one AZ outage from taking all tasks offline (article Mistake 1)."
  }
}

variable "interface_endpoints" {
  type        = list(string)
  description = "AWS services reached through interface VPC endpoints from the private subnets. ecr.api and ecr.dkr are what a Fargate task needs to pull from ECR without a NAT path (article Mistake 4); logs and secretsmanager cover the awslogs driver and the task's secrets."
  default     = ["ecr.api", "ecr.dkr", "logs", "secretsmanager"]

  validation {
    condition     = alltrue([for s in var.interface_endpoints : can(regex("^[a-z0-9.-]+$", s))]) && length(distinct(var.interface_endpoints)) == length(var.interface_endpoints)
    error_message = "interface_endpoints must be distinct service suffixes such as ecr.api, ecr.dkr, logs, secretsmanager."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource of this module (on top of the provider's default_tags)."
  default     = {}
}
