data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  name         = "${var.project_name}-${var.environment}"
  account_id   = data.aws_caller_identity.current.account_id
  account_root = "arn:${data.aws_partition.current.partition}:iam::${local.account_id}:root"

  # Only the validator's and the watcher's roles may publish: the notifier posts what a report says,
  # so whoever can publish decides what the team reads in Slack. SAM creates those roles
  # with generated names but under a fixed path (template.yaml RolePath), which Terraform knows before
  # SAM runs: no dependency on the SAM stack, and the documented order (Terraform, then bin/deploy)
  # holds. The Allow documents the intent (same-account IAM permission would suffice); the Deny is
  # what excludes every other principal of the account, however broad its IAM permissions. No service
  # principal publishes here: EventBridge rules target the Slack notifier directly (SAM) and no
  # CodeStar notification rule uses this topic.
  report_publishers = "arn:${data.aws_partition.current.partition}:iam::${local.account_id}:role/${var.project_name}/${var.environment}/report-publishers/*"

  reports_topic_policy = {
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AccountPrincipalsReadAndSubscribe"
        Effect    = "Allow"
        Principal = { AWS = local.account_root }
        Action = [
          "sns:Subscribe",
          "sns:GetTopicAttributes",
          "sns:ListSubscriptionsByTopic",
        ]
        Resource = aws_sns_topic.reports.arn
      },
      {
        Sid       = "PublishFromTheReportingFunctions"
        Effect    = "Allow"
        Principal = { AWS = local.account_root }
        Action    = "sns:Publish"
        Resource  = aws_sns_topic.reports.arn
        Condition = { ArnLike = { "aws:PrincipalArn" = local.report_publishers } }
      },
      {
        Sid       = "DenyPublishFromAnyoneElse"
        Effect    = "Deny"
        Principal = "*"
        Action    = "sns:Publish"
        Resource  = aws_sns_topic.reports.arn
        Condition = { ArnNotLike = { "aws:PrincipalArn" = local.report_publishers } }
      },
      {
        Sid       = "DenyPublishWithoutTls"
        Effect    = "Deny"
        Principal = "*"
        Action    = "sns:Publish"
        Resource  = aws_sns_topic.reports.arn
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
    ]
  }

  alarms_topic_policy = {
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AccountPrincipalsWithIamPermission"
        Effect    = "Allow"
        Principal = { AWS = local.account_root }
        Action    = ["sns:Publish", "sns:Subscribe", "sns:GetTopicAttributes", "sns:ListSubscriptionsByTopic"]
        Resource  = try(aws_sns_topic.alarms[0].arn, "")
      },
      {
        Sid       = "CloudWatchAlarmsOfThisAccount"
        Effect    = "Allow"
        Principal = { Service = "cloudwatch.amazonaws.com" }
        Action    = "sns:Publish"
        Resource  = try(aws_sns_topic.alarms[0].arn, "")
        Condition = { StringEquals = { "aws:SourceAccount" = local.account_id } }
      },
    ]
  }
}

# --- Reports topic: the deployment watcher's and the validator's reports --------------------------

resource "aws_sns_topic" "reports" {
  name              = "${local.name}-reports"
  kms_master_key_id = var.reports_topic_kms_key_id

  tags = var.tags
}

resource "aws_sns_topic_policy" "reports" {
  arn    = aws_sns_topic.reports.arn
  policy = jsonencode(local.reports_topic_policy)
}

# --- Alarms topic: the SAM stack's CloudWatch alarms ----------------------------------------------

# Not encrypted with alias/aws/sns on purpose: CloudWatch alarms cannot publish to a topic under the
# AWS managed SNS key (its key policy cannot be changed to admit cloudwatch.amazonaws.com).
resource "aws_sns_topic" "alarms" {
  count = var.create_alarms_topic ? 1 : 0

  name = "${local.name}-alarms"

  tags = var.tags
}

resource "aws_sns_topic_policy" "alarms" {
  count = var.create_alarms_topic ? 1 : 0

  arn    = aws_sns_topic.alarms[0].arn
  policy = jsonencode(local.alarms_topic_policy)
}

resource "aws_sns_topic_subscription" "alarm_email" {
  for_each = var.create_alarms_topic ? toset(var.alarm_email_addresses) : toset([])

  topic_arn = aws_sns_topic.alarms[0].arn
  protocol  = "email"
  endpoint  = each.key
}

# --- Slack webhook secret: the container only -----------------------------------------------------

# No aws_secretsmanager_secret_version here: a value set by Terraform would be stored in plain text in
# the state. The operator puts the URL once:
#   aws secretsmanager put-secret-value --secret-id <name> --secret-string 'https://hooks.slack.com/services/...'
# The article subscribed the Slack webhook to SNS over HTTPS instead, which cannot work: Slack never
# confirms the subscription and cannot read SNS's envelope. The Slack notifier function reads this
# secret and posts properly formatted messages.
resource "aws_secretsmanager_secret" "slack_webhook" {
  name                    = "${var.project_name}/${var.environment}/slack-webhook"
  description             = "Slack incoming webhook URL (or {\"webhookUrl\": \"...\"}) for the ${local.name} Slack notifier. Value set outside Terraform."
  kms_key_id              = var.slack_webhook_secret_kms_key_id
  recovery_window_in_days = var.secret_recovery_window_days

  tags = var.tags
}

# --- Slack app secret (app mode): the container only ---------------------------------------------

# The notifier's app mode (SAM parameter SlackMode=app) reads the bot token and the channel from here;
# like the webhook secret it gets its value outside Terraform:
#   aws secretsmanager put-secret-value --secret-id <name> --secret-string '{"botToken":"xoxb-...","channel":"C0123..."}'
resource "aws_secretsmanager_secret" "slack_app" {
  name                    = "${var.project_name}/${var.environment}/slack-app"
  description             = "Slack app bot token and channel ({\"botToken\": \"xoxb-...\", \"channel\": \"C0123...\"}) for the ${local.name} Slack notifier in app mode. Value set outside Terraform."
  kms_key_id              = var.slack_webhook_secret_kms_key_id
  recovery_window_in_days = var.secret_recovery_window_days

  tags = var.tags
}
