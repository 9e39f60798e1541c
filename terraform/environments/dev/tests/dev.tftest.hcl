# dev's own values, planned with a mocked provider (the wiring is tested in modules/environment).
# terraform init -backend=false && terraform test

mock_provider "aws" {
  mock_data "aws_caller_identity" {
    defaults = { account_id = "123456789012" }
  }
  mock_data "aws_partition" {
    defaults = { partition = "aws", reverse_dns_prefix = "com.amazonaws" }
  }
  mock_data "aws_region" {
    defaults = { name = "us-east-1" }
  }
  mock_data "aws_availability_zones" {
    defaults = { names = ["us-east-1a", "us-east-1b", "us-east-1c"] }
  }
  mock_data "aws_vpc_endpoint_service" {
    defaults = { service_name = "com.amazonaws.us-east-1.mocked" }
  }
}

variables {
  github_repository = "example/shop"
  certificate_arn   = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"
  domain_name       = "dev.shop.example.com"
}

run "dev_is_cheap_and_deploys_without_approval" {
  command = plan

  assert {
    condition     = output.pipeline_stages == ["Source", "Build", "Validate", "Deploy"]
    error_message = "dev goes Source, Build, Validate, Deploy."
  }

  assert {
    condition     = length(output.nat_public_ips) == 1
    error_message = "dev shares one NAT gateway."
  }

  assert {
    condition     = output.sam_parameters.Environment == "dev" && output.sam_stack_name == "pipeline-guard-dev-functions"
    error_message = "dev's names carry dev."
  }

  assert {
    condition     = output.sam_parameters.LogRetentionDays == "30" && jsondecode(output.validator_user_parameters).imageScan == { maxCritical = 0, maxHigh = 5 }
    error_message = "dev keeps logs 30 days and tolerates 5 high findings."
  }

  assert {
    condition     = output.task_secret_names == ["pipeline-guard/dev/app/database-url"]
    error_message = "The task reads DATABASE_URL from pipeline-guard/dev/app/database-url."
  }
}
