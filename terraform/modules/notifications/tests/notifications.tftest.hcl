# Plan-only with a mocked provider. terraform init -backend=false && terraform test

mock_provider "aws" {
  override_during = plan

  mock_data "aws_caller_identity" {
    defaults = { account_id = "123456789012" }
  }
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
}

override_resource {
  target          = aws_sns_topic.reports
  override_during = plan
  values          = { arn = "arn:aws:sns:eu-west-1:123456789012:shop-dev-reports" }
}

variables {
  project_name          = "shop"
  environment           = "dev"
  alarm_email_addresses = ["oncall@example.com"]
}

run "reports_topic_is_encrypted_and_publishable_by_account_roles" {
  command = plan

  assert {
    condition     = aws_sns_topic.reports.name == "shop-dev-reports" && aws_sns_topic.reports.kms_master_key_id == "alias/aws/sns"
    error_message = "The reports topic is <project>-<env>-reports, encrypted."
  }

  assert {
    condition = alltrue([
      for s in jsondecode(aws_sns_topic_policy.reports.policy).Statement : s.Resource == "arn:aws:sns:eu-west-1:123456789012:shop-dev-reports"
    ])
    error_message = "The topic policy applies to the reports topic only."
  }

  assert {
    condition = one([
      for s in jsondecode(aws_sns_topic_policy.reports.policy).Statement : try(s.Condition, null)
      if s.Effect == "Deny" && try(s.Condition, null) == { Bool = { "aws:SecureTransport" = "false" } }
    ]) != null
    error_message = "Publishing without TLS is denied."
  }
}

# Issue 13, item 6: whoever can publish to the reports topic controls what the notifier posts.
run "only_the_reporting_functions_roles_may_publish" {
  command = plan

  # Every Allow of Publish names the SAM roles' path (template.yaml RolePath of the validator and the
  # watcher), never the account as a whole; no service principal is admitted.
  assert {
    condition = alltrue([
      for s in jsondecode(aws_sns_topic_policy.reports.policy).Statement :
      try(s.Condition, null) == { ArnLike = { "aws:PrincipalArn" = "arn:aws:iam::123456789012:role/shop/dev/report-publishers/*" } }
      if s.Effect == "Allow" && contains(flatten([s.Action]), "sns:Publish")
      ]) && length([
      for s in jsondecode(aws_sns_topic_policy.reports.policy).Statement : s
      if s.Effect == "Allow" && contains(flatten([s.Action]), "sns:Publish")
    ]) == 1
    error_message = "sns:Publish is allowed once, for principals under role/<project>/<env>/report-publishers/ only."
  }

  # An explicit Deny for every other principal: an Allow alone would not stop account principals whose
  # own IAM policy grants sns:Publish on "*".
  assert {
    condition = length([
      for s in jsondecode(aws_sns_topic_policy.reports.policy).Statement : s
      if s.Effect == "Deny" && s.Principal == "*" && s.Action == "sns:Publish"
      && try(s.Condition, null) == { ArnNotLike = { "aws:PrincipalArn" = "arn:aws:iam::123456789012:role/shop/dev/report-publishers/*" } }
    ]) == 1
    error_message = "Publishing by any principal outside role/<project>/<env>/report-publishers/ is denied."
  }

  assert {
    condition = alltrue([
      for s in jsondecode(aws_sns_topic_policy.reports.policy).Statement : s.Principal == "*" || s.Principal == { AWS = "arn:aws:iam::123456789012:root" }
    ])
    error_message = "No service principal may use the reports topic (EventBridge targets the notifier directly)."
  }
}

run "slack_webhook_is_a_secret_without_a_value" {
  command = plan

  assert {
    condition     = aws_secretsmanager_secret.slack_webhook.name == "shop/dev/slack-webhook"
    error_message = "The Slack webhook secret is <project>/<env>/slack-webhook, outside the tasks' app/ prefix."
  }
}

run "slack_app_is_a_secret_without_a_value" {
  command = plan

  assert {
    condition     = aws_secretsmanager_secret.slack_app.name == "shop/dev/slack-app"
    error_message = "The Slack app secret (app mode) is <project>/<env>/slack-app, next to the webhook's."
  }

  assert {
    condition     = aws_secretsmanager_secret.slack_app.recovery_window_in_days == aws_secretsmanager_secret.slack_webhook.recovery_window_in_days
    error_message = "Both Slack secrets share the recovery window."
  }
}

run "alarms_go_to_their_own_topic_with_email_subscribers" {
  command = plan

  assert {
    condition     = aws_sns_topic.alarms[0].name == "shop-dev-alarms"
    error_message = "The alarms topic is <project>-<env>-alarms."
  }

  assert {
    condition     = [for s in aws_sns_topic_subscription.alarm_email : s.protocol] == ["email"]
    error_message = "Alarm subscribers are e-mail addresses; nothing is subscribed over HTTPS to Slack."
  }
}

run "alarms_topic_is_optional" {
  command = plan

  variables {
    create_alarms_topic = false
  }

  assert {
    condition     = output.alarms_topic_arn == null && length(aws_sns_topic_subscription.alarm_email) == 0
    error_message = "Without the alarms topic there is no topic, no subscription and a null output."
  }
}

run "refuses_a_malformed_email" {
  command = plan

  variables {
    alarm_email_addresses = ["not-an-address"]
  }

  expect_failures = [var.alarm_email_addresses]
}
