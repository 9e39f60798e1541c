output "reports_topic_arn" {
  description = "ARN of the reports topic (SAM parameter ReportTopicArn)."
  value       = aws_sns_topic.reports.arn
}

output "reports_topic_name" {
  description = "Name of the reports topic."
  value       = aws_sns_topic.reports.name
}

output "alarms_topic_arn" {
  description = "ARN of the alarms topic (SAM parameter AlarmTopicArn), or null when not created."
  value       = try(aws_sns_topic.alarms[0].arn, null)
}

output "slack_webhook_secret_arn" {
  description = "ARN of the Slack webhook secret (SAM parameter SlackWebhookSecretArn)."
  value       = aws_secretsmanager_secret.slack_webhook.arn
}

output "slack_app_secret_arn" {
  description = "ARN of the Slack app secret, bot token and channel (SAM parameter SlackAppSecretArn)."
  value       = aws_secretsmanager_secret.slack_app.arn
}

output "slack_app_secret_name" {
  description = "Name of the Slack app secret: put {\"botToken\": \"xoxb-...\", \"channel\": \"C0123...\"} with aws secretsmanager put-secret-value --secret-id <this>."
  value       = aws_secretsmanager_secret.slack_app.name
}

output "slack_webhook_secret_name" {
  description = "Name of the Slack webhook secret: put the URL with aws secretsmanager put-secret-value --secret-id <this>."
  value       = aws_secretsmanager_secret.slack_webhook.name
}
