# The whole environment, planned with a mocked provider: naming contracts with the SAM stack and the
# wiring between modules. terraform init -backend=false && terraform test

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
  environment         = "dev"
  vpc_cidr            = "10.20.0.0/16"
  github_repository   = "example/shop"
  branch_name         = "develop"
  certificate_arn     = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"
  domain_name         = "dev.shop.example.com"
  container_secrets   = { DATABASE_URL = "database-url" }
  image_scan_max_high = 5
}

run "outputs_fill_exactly_the_sam_template_parameters" {
  command = plan

  assert {
    condition = toset(keys(output.sam_parameters)) == toset([
      "ProjectName", "Environment", "ClusterName", "PipelineName", "BuildProjectName", "ReportTopicArn",
      "AlarmTopicArn", "SlackWebhookSecretArn", "SlackAppSecretArn", "SecretsPrefix", "ParameterPrefix",
      "ArtifactBucketName", "LogRetentionDays",
    ])
    error_message = "sam_parameters must name exactly the template's Parameters."
  }

  assert {
    condition = (
      output.sam_parameters.ProjectName == "pipeline-guard" &&
      output.sam_parameters.Environment == "dev" &&
      output.sam_parameters.ClusterName == "pipeline-guard-dev" &&
      output.sam_parameters.PipelineName == "pipeline-guard-dev-pipeline" &&
      output.sam_parameters.BuildProjectName == "pipeline-guard-dev-build" &&
      output.sam_parameters.SecretsPrefix == "pipeline-guard/dev/app/" &&
      output.sam_parameters.ParameterPrefix == "/pipeline-guard/dev/app/" &&
      output.sam_parameters.ArtifactBucketName == "pipeline-guard-dev-artifacts-123456789012" &&
      output.sam_parameters.LogRetentionDays == "30"
    )
    error_message = "The SAM parameters carry this environment's names."
  }

  assert {
    condition     = output.sam_stack_name == "pipeline-guard-dev-functions" && output.aws_region == "us-east-1"
    error_message = "bin/deploy deploys the stack <project>-<env>-functions in the environment's region."
  }
}

run "validate_stage_invokes_the_sam_validator_with_this_service" {
  command = plan

  assert {
    condition     = output.validator_function_name == "pipeline-guard-dev-pre-deploy-validator"
    error_message = "The validator name is the SAM template's $${ProjectName}-$${Environment}-pre-deploy-validator."
  }

  assert {
    condition = jsondecode(output.validator_user_parameters) == {
      cluster         = "pipeline-guard-dev"
      service         = "pipeline-guard-dev"
      requiredSecrets = ["pipeline-guard/dev/app/database-url"]
      healthUrl       = "https://dev.shop.example.com/health"
      expectedStatus  = 200
      timeoutSeconds  = 600
      imageScan       = { maxCritical = 0, maxHigh = 5 }
      pipeline        = "pipeline-guard-dev-pipeline"
    }
    error_message = "UserParameters are built from the ECS and pipeline outputs."
  }

  assert {
    condition     = length(output.validator_user_parameters) <= 1000
    error_message = "UserParameters fit CodePipeline's 1000 characters."
  }
}

run "defaults_are_the_safe_ones" {
  command = plan

  assert {
    condition     = output.pipeline_stages == ["Source", "Build", "Approve", "Validate", "Deploy"]
    error_message = "Without require_manual_approval = false, a person approves before Validate and Deploy."
  }

  assert {
    condition     = length(output.nat_public_ips) == 2
    error_message = "Without single_nat_gateway = true, each of the az_count (2) zones has its own NAT gateway."
  }
}

run "dev_may_relax_them" {
  command = plan

  variables {
    single_nat_gateway      = true
    require_manual_approval = false
  }

  assert {
    condition     = output.pipeline_stages == ["Source", "Build", "Validate", "Deploy"] && length(output.nat_public_ips) == 1
    error_message = "dev can deploy without approval through one shared NAT gateway."
  }
}

run "refuses_a_retention_the_sam_template_does_not_allow" {
  command = plan

  variables {
    log_retention_days = 1096
  }

  expect_failures = [var.log_retention_days]
}

run "refuses_an_unknown_environment" {
  command = plan

  variables {
    environment = "qa"
  }

  expect_failures = [var.environment]
}
