variable "project_name" {
  type        = string
  description = "Project name; prefixes the topic and secret names."

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

variable "reports_topic_kms_key_id" {
  type        = string
  description = "KMS key (ID, ARN or alias) encrypting the reports topic. The AWS managed alias/aws/sns works for same-account publishers with IAM permissions; use a customer managed key to add cross-account publishers."
  default     = "alias/aws/sns"

  validation {
    condition     = length(var.reports_topic_kms_key_id) > 0
    error_message = "reports_topic_kms_key_id must not be empty (use alias/aws/sns for the AWS managed key)."
  }
}

variable "create_alarms_topic" {
  type        = bool
  description = "Create the alarms topic the SAM stack's CloudWatch alarms notify (SAM parameter AlarmTopicArn)."
  default     = true
}

variable "alarm_email_addresses" {
  type        = list(string)
  description = "E-mail addresses subscribed to the alarms topic (each must confirm the subscription mail)."
  default     = []

  validation {
    condition     = alltrue([for address in var.alarm_email_addresses : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", address))])
    error_message = "alarm_email_addresses must be e-mail addresses."
  }
}

variable "slack_webhook_secret_kms_key_id" {
  type        = string
  description = "KMS key for the Slack webhook and Slack app secrets; null uses the AWS managed aws/secretsmanager key."
  default     = null
}

variable "secret_recovery_window_days" {
  type        = number
  description = "Days a deleted Slack secret can still be restored (0 deletes at once; otherwise 7-30)."
  default     = 7

  validation {
    condition     = var.secret_recovery_window_days == 0 || (var.secret_recovery_window_days >= 7 && var.secret_recovery_window_days <= 30)
    error_message = "secret_recovery_window_days must be 0 or between 7 and 30."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource of this module."
  default     = {}
}
