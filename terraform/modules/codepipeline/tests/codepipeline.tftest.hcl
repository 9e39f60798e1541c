# Plan-only with a mocked provider. terraform init -backend=false && terraform test

mock_provider "aws" {}

variables {
  project_name               = "shop"
  environment                = "dev"
  artifact_bucket_name       = "shop-dev-artifacts-123456789012"
  codepipeline_role_arn      = "arn:aws:iam::123456789012:role/shop-dev-codepipeline"
  codebuild_role_arn         = "arn:aws:iam::123456789012:role/shop-dev-codebuild"
  github_repository          = "example/shop"
  branch_name                = "develop"
  ecr_repository_url         = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop-dev"
  build_cache_repository_url = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop-dev-build-cache"
  container_name             = "web"
  ecs_cluster_name           = "shop-dev"
  ecs_service_name           = "shop-dev"

  validator = {
    function_name    = "shop-dev-pre-deploy-validator"
    cluster          = "shop-dev"
    service          = "shop-dev"
    required_secrets = ["shop/dev/app/database-url"]
    health_url       = "https://dev.shop.example.com/health"
    timeout_seconds  = 600
    image_scan       = { max_critical = 0, max_high = 5 }
  }
}

run "dev_pipeline_validates_between_build_and_deploy" {
  command = plan

  assert {
    condition     = [for s in aws_codepipeline.this.stage : s.name] == ["Source", "Build", "Validate", "Deploy"]
    error_message = "Stages must be Source, Build, Validate, Deploy."
  }

  assert {
    condition     = aws_codepipeline.this.stage[2].action[0].category == "Invoke" && aws_codepipeline.this.stage[2].action[0].provider == "Lambda" && aws_codepipeline.this.stage[2].action[0].input_artifacts == tolist(["build_output"])
    error_message = "Validate is a Lambda Invoke action reading the build output (imagedefinitions.json)."
  }

  assert {
    condition     = aws_codepipeline.this.stage[2].action[0].configuration.FunctionName == "shop-dev-pre-deploy-validator"
    error_message = "Validate invokes the pre-deploy validator by its SAM name."
  }

  assert {
    condition     = aws_codepipeline.this.stage[3].action[0].provider == "ECS" && aws_codepipeline.this.stage[3].action[0].configuration.FileName == "imagedefinitions.json"
    error_message = "Deploy is the ECS action on imagedefinitions.json."
  }
}

run "validator_parameters_are_the_documented_json" {
  command = plan

  assert {
    condition = jsondecode(aws_codepipeline.this.stage[2].action[0].configuration.UserParameters) == {
      cluster         = "shop-dev"
      service         = "shop-dev"
      requiredSecrets = ["shop/dev/app/database-url"]
      healthUrl       = "https://dev.shop.example.com/health"
      expectedStatus  = 200
      timeoutSeconds  = 600
      imageScan       = { maxCritical = 0, maxHigh = 5 }
      pipeline        = "shop-dev-pipeline"
    }
    error_message = "UserParameters must carry exactly the validator's keys."
  }
}

run "absent_validator_options_are_left_out" {
  command = plan

  variables {
    validator = {
      function_name = "shop-dev-pre-deploy-validator"
      cluster       = "shop-dev"
      service       = "shop-dev"
    }
  }

  assert {
    condition     = toset(keys(jsondecode(output.validator_user_parameters))) == toset(["cluster", "service", "timeoutSeconds", "pipeline"])
    error_message = "Keys without a value (healthUrl, expectedStatus, requiredSecrets, imageScan) are omitted, not null."
  }
}

run "prod_approval_comes_before_validation" {
  command = plan

  variables {
    environment             = "prod"
    artifact_bucket_name    = "shop-prod-artifacts-123456789012"
    require_manual_approval = true
  }

  assert {
    condition     = [for s in aws_codepipeline.this.stage : s.name] == ["Source", "Build", "Approve", "Validate", "Deploy"]
    error_message = "prod approves before Validate, so the checks run right before Deploy."
  }

  assert {
    condition     = aws_codepipeline.this.stage[2].action[0].category == "Approval"
    error_message = "The Approve stage is a manual approval."
  }
}

run "build_writes_imagedefinitions_for_the_task_container" {
  command = plan

  assert {
    condition = {
      for v in one(aws_codebuild_project.this.environment).environment_variable : v.name => v.value
      } == {
      CONTAINER_NAME       = "web"
      ECR_REGISTRY         = "123456789012.dkr.ecr.eu-west-1.amazonaws.com"
      ECR_REPOSITORY_NAME  = "shop-dev"
      ECR_REPOSITORY_URI   = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop-dev"
      CACHE_REPOSITORY_URI = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop-dev-build-cache"
      ENVIRONMENT          = "dev"
    }
    error_message = "CodeBuild gets the container name and the repositories."
  }

  assert {
    condition     = one(aws_codebuild_project.this.environment).privileged_mode
    error_message = "Docker builds need privileged mode."
  }
}

run "user_variables_cannot_override_the_container_name" {
  command = plan

  variables {
    build_environment_variables = { CONTAINER_NAME = "other", EXTRA = "1" }
  }

  assert {
    condition     = { for v in one(aws_codebuild_project.this.environment).environment_variable : v.name => v.value }["CONTAINER_NAME"] == "web"
    error_message = "CONTAINER_NAME always equals the task definition's container name."
  }
}

run "artifact_bucket_is_private_and_encrypted" {
  command = plan

  assert {
    condition = (
      aws_s3_bucket_public_access_block.artifacts.block_public_acls &&
      aws_s3_bucket_public_access_block.artifacts.block_public_policy &&
      aws_s3_bucket_public_access_block.artifacts.ignore_public_acls &&
      aws_s3_bucket_public_access_block.artifacts.restrict_public_buckets
    )
    error_message = "The artifact bucket blocks every kind of public access."
  }

  assert {
    condition     = one(one(aws_s3_bucket_server_side_encryption_configuration.artifacts.rule).apply_server_side_encryption_by_default).sse_algorithm == "AES256"
    error_message = "The artifact bucket is encrypted (SSE-S3 without a customer key)."
  }
}

run "source_uses_a_new_connection_that_must_be_activated" {
  command = plan

  assert {
    condition     = length(aws_codestarconnections_connection.github) == 1 && aws_codestarconnections_connection.github[0].provider_type == "GitHub"
    error_message = "A GitHub connection is created when none is given."
  }
}

run "an_existing_connection_is_reused" {
  command = plan

  variables {
    codestar_connection_arn = "arn:aws:codeconnections:eu-west-1:123456789012:connection/0b1c2d3e-aaaa-bbbb-cccc-1234567890ab"
  }

  assert {
    condition     = length(aws_codestarconnections_connection.github) == 0 && aws_codepipeline.this.stage[0].action[0].configuration.ConnectionArn == var.codestar_connection_arn
    error_message = "A given connection is used as is."
  }
}

run "user_parameters_over_1000_characters_are_refused" {
  command = plan

  variables {
    validator = {
      function_name    = "shop-dev-pre-deploy-validator"
      cluster          = "shop-dev"
      service          = "shop-dev"
      required_secrets = [for i in range(30) : "arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/dev/app/secret-${i}-AbCdEf"]
    }
  }

  expect_failures = [aws_codepipeline.this]
}

run "refuses_a_plain_http_health_url" {
  command = plan

  variables {
    validator = {
      function_name = "shop-dev-pre-deploy-validator"
      cluster       = "shop-dev"
      service       = "shop-dev"
      health_url    = "http://dev.shop.example.com/health"
    }
  }

  expect_failures = [var.validator]
}

run "build_caches_docker_layers_but_not_a_source_clone" {
  command = plan

  assert {
    condition     = one(aws_codebuild_project.this.cache).type == "LOCAL" && one(aws_codebuild_project.this.cache).modes == tolist(["LOCAL_DOCKER_LAYER_CACHE"])
    error_message = "LOCAL_SOURCE_CACHE has no effect for a CODEPIPELINE source (no Git clone to cache); only the Docker layer cache applies."
  }
}
