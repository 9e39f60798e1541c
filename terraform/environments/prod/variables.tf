# What differs per account and deployment (terraform.tfvars, see terraform.tfvars.example). This file is
# the same in every environment (tools/infra-check keeps it so); the environment's own values are in main.tf.

variable "project_name" {
  type        = string
  description = "Project name; prefixes every resource, the SAM stack and the function names."
  default     = "pipeline-guard"
}

variable "aws_region" {
  type        = string
  description = "Region of every resource (and of the SAM stack bin/deploy creates)."
  default     = "us-east-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]$", var.aws_region))
    error_message = "aws_region must be a region name such as us-east-1."
  }
}

variable "allowed_account_ids" {
  type        = list(string)
  description = "Account IDs this environment may be applied to; empty allows any. Set it."
  default     = []

  validation {
    condition     = alltrue([for id in var.allowed_account_ids : can(regex("^[0-9]{12}$", id))])
    error_message = "allowed_account_ids must be 12-digit account IDs."
  }
}

variable "tags" {
  type        = map(string)
  description = "Extra tags on every resource (default_tags)."
  default     = {}
}

variable "github_repository" {
  type        = string
  description = "Application repository the pipeline builds, as owner/name."
}

variable "codestar_connection_arn" {
  type        = string
  description = "Existing GitHub connection to reuse; null creates one (activate it in the console)."
  default     = null
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

variable "image_tag" {
  type        = string
  description = "Tag of the image Terraform registers in the task definition (push it before the full apply: docs/deploy.md). The pipeline owns the image afterwards."
  default     = "bootstrap"
}

variable "alarm_email_addresses" {
  type        = list(string)
  description = "E-mail subscribers of the alarms topic."
  default     = []
}
