# prod's own values, planned with a mocked provider (the wiring is tested in modules/environment).
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
  domain_name       = "shop.example.com"
}

run "prod_has_a_nat_gateway_per_zone_and_approves_before_validating" {
  command = plan

  assert {
    condition     = length(output.nat_public_ips) == 3
    error_message = "prod spreads over 3 zones with one NAT gateway each (article Mistake 1)."
  }

  assert {
    condition     = output.pipeline_stages == ["Source", "Build", "Approve", "Validate", "Deploy"]
    error_message = "prod approves manually, then validates right before Deploy."
  }

  assert {
    condition     = output.sam_parameters.Environment == "prod" && output.sam_stack_name == "pipeline-guard-prod-functions"
    error_message = "prod's names carry prod."
  }

  assert {
    condition     = output.sam_parameters.LogRetentionDays == "90" && jsondecode(output.validator_user_parameters).imageScan == { maxCritical = 0, maxHigh = 0 }
    error_message = "prod keeps logs 90 days and tolerates no high finding."
  }

  assert {
    condition     = jsondecode(output.validator_user_parameters).healthUrl == "https://shop.example.com/health"
    error_message = "The validator probes prod's domain."
  }
}
