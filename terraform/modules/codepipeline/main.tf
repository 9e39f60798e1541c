locals {
  name               = "${var.project_name}-${var.environment}"
  pipeline_name      = "${local.name}-pipeline"
  build_project_name = "${local.name}-build"

  registry            = split("/", var.ecr_repository_url)[0]
  ecr_repository_name = trimprefix(var.ecr_repository_url, "${local.registry}/")

  connection_arn = try(aws_codestarconnections_connection.github[0].arn, var.codestar_connection_arn)

  # Ours last: a user-supplied variable cannot override the contract with the task definition.
  build_environment = merge(
    var.build_environment_variables,
    {
      ECR_REGISTRY        = local.registry
      ECR_REPOSITORY_NAME = local.ecr_repository_name
      ECR_REPOSITORY_URI  = var.ecr_repository_url
      CONTAINER_NAME      = var.container_name
      ENVIRONMENT         = var.environment
    },
    var.build_cache_repository_url == null ? {} : { CACHE_REPOSITORY_URI = var.build_cache_repository_url },
  )

  # The validator's UserParameters, from module outputs; keys without a value are left out.
  validator_parameters = {
    for key, value in {
      cluster         = var.validator.cluster
      service         = var.validator.service
      requiredSecrets = length(var.validator.required_secrets) > 0 ? var.validator.required_secrets : null
      healthUrl       = var.validator.health_url
      expectedStatus  = var.validator.health_url == null ? null : var.validator.expected_status
      timeoutSeconds  = var.validator.timeout_seconds
      imageScan       = var.validator.image_scan == null ? null : { maxCritical = var.validator.image_scan.max_critical, maxHigh = var.validator.image_scan.max_high }
      pipeline        = local.pipeline_name
    } : key => value if value != null
  }
  validator_user_parameters = jsonencode(local.validator_parameters)
}

# --- GitHub connection ---------------------------------------------------------------------------

# Created PENDING: someone must activate it once in the console (Developer Tools > Settings >
# Connections > Update pending connection). Until then every run fails at Source (article Mistake 6).
resource "aws_codestarconnections_connection" "github" {
  count = var.codestar_connection_arn == null ? 1 : 0

  name          = substr("${local.name}-github", 0, 32)
  provider_type = "GitHub"

  tags = var.tags
}

# --- Artifact bucket: private, encrypted, TLS only, expiring --------------------------------------

resource "aws_s3_bucket" "artifacts" {
  bucket        = var.artifact_bucket_name
  force_destroy = var.force_destroy_artifacts

  tags = var.tags
}

resource "aws_s3_bucket_ownership_controls" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "artifacts" {
  bucket                  = aws_s3_bucket.artifacts.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = var.artifact_kms_key_arn == null ? "AES256" : "aws:kms"
      kms_master_key_id = var.artifact_kms_key_arn
    }
    bucket_key_enabled = var.artifact_kms_key_arn != null
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id

  rule {
    id     = "expire-artifacts"
    status = "Enabled"

    filter {}

    expiration {
      days = var.artifact_retention_days
    }

    noncurrent_version_expiration {
      noncurrent_days = 7
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }

  depends_on = [aws_s3_bucket_versioning.artifacts]
}

resource "aws_s3_bucket_policy" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyInsecureTransport"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [aws_s3_bucket.artifacts.arn, "${aws_s3_bucket.artifacts.arn}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })

  depends_on = [aws_s3_bucket_public_access_block.artifacts]
}

# --- Build ---------------------------------------------------------------------------------------

resource "aws_cloudwatch_log_group" "build" {
  name              = "/aws/codebuild/${local.build_project_name}"
  retention_in_days = var.log_retention_days

  tags = var.tags
}

resource "aws_codebuild_project" "this" {
  name           = local.build_project_name
  description    = "Builds ${var.github_repository} into ${var.ecr_repository_url} and writes imagedefinitions.json for container ${var.container_name}."
  service_role   = var.codebuild_role_arn
  build_timeout  = var.build_timeout_minutes
  encryption_key = var.artifact_kms_key_arn

  artifacts {
    type = "CODEPIPELINE"
  }

  # Local layer cache helps back-to-back builds on the same host; the registry cache
  # (CACHE_REPOSITORY_URI) is what survives across hosts (article Mistake 3). No LOCAL_SOURCE_CACHE:
  # it caches a Git clone, and a CODEPIPELINE source is a downloaded artifact, not a clone.
  cache {
    type  = "LOCAL"
    modes = ["LOCAL_DOCKER_LAYER_CACHE"]
  }

  environment {
    compute_type                = var.build_compute_type
    image                       = var.build_image
    type                        = var.build_environment_type
    image_pull_credentials_type = "CODEBUILD"
    privileged_mode             = true # docker build needs the Docker daemon

    dynamic "environment_variable" {
      for_each = local.build_environment

      content {
        name  = environment_variable.key
        value = environment_variable.value
      }
    }
  }

  logs_config {
    cloudwatch_logs {
      status     = "ENABLED"
      group_name = aws_cloudwatch_log_group.build.name
    }
  }

  source {
    type      = "CODEPIPELINE"
    buildspec = var.buildspec
  }

  tags = var.tags
}

# --- Pipeline: Source -> Build -> [Approve] -> Validate -> Deploy --------------------------------

resource "aws_codepipeline" "this" {
  name          = local.pipeline_name
  role_arn      = var.codepipeline_role_arn
  pipeline_type = "V2"

  artifact_store {
    location = aws_s3_bucket.artifacts.bucket
    type     = "S3"

    dynamic "encryption_key" {
      for_each = var.artifact_kms_key_arn == null ? [] : [var.artifact_kms_key_arn]

      content {
        id   = encryption_key.value
        type = "KMS"
      }
    }
  }

  stage {
    name = "Source"

    action {
      name             = "Source"
      category         = "Source"
      owner            = "AWS"
      provider         = "CodeStarSourceConnection"
      version          = "1"
      namespace        = "SourceVariables"
      output_artifacts = ["source_output"]

      configuration = {
        ConnectionArn        = local.connection_arn
        FullRepositoryId     = var.github_repository
        BranchName           = var.branch_name
        DetectChanges        = "true"
        OutputArtifactFormat = "CODE_ZIP"
      }
    }
  }

  stage {
    name = "Build"

    action {
      name             = "Build"
      category         = "Build"
      owner            = "AWS"
      provider         = "CodeBuild"
      version          = "1"
      input_artifacts  = ["source_output"]
      output_artifacts = ["build_output"]

      configuration = {
        ProjectName = aws_codebuild_project.this.name
      }
    }
  }

  # The approval comes before Validate, so that the validator's checks (secrets, image scan, service
  # health) describe the moment of deployment, not the moment the build finished: an approval can
  # wait for days.
  dynamic "stage" {
    for_each = var.require_manual_approval ? ["Approve"] : []

    content {
      name = stage.value

      action {
        name     = "Approve"
        category = "Approval"
        owner    = "AWS"
        provider = "Manual"
        version  = "1"

        configuration = {
          CustomData         = "Deploy ${var.github_repository} #{SourceVariables.BranchName}@#{SourceVariables.CommitId} to ${var.environment}? The pre-deploy validator runs after approval, right before Deploy."
          ExternalEntityLink = "https://github.com/${var.github_repository}/commit/#{SourceVariables.CommitId}"
        }
      }
    }
  }

  stage {
    name = "Validate"

    action {
      name            = "PreDeployValidator"
      category        = "Invoke"
      owner           = "AWS"
      provider        = "Lambda"
      version         = "1"
      namespace       = "ValidateVariables"
      input_artifacts = ["build_output"]

      configuration = {
        FunctionName   = var.validator.function_name
        UserParameters = local.validator_user_parameters
      }
    }
  }

  stage {
    name = "Deploy"

    action {
      name            = "Deploy"
      category        = "Deploy"
      owner           = "AWS"
      provider        = "ECS"
      version         = "1"
      input_artifacts = ["build_output"]

      configuration = {
        ClusterName       = var.ecs_cluster_name
        ServiceName       = var.ecs_service_name
        FileName          = "imagedefinitions.json"
        DeploymentTimeout = tostring(var.deploy_timeout_minutes)
      }
    }
  }

  tags = var.tags

  lifecycle {
    precondition {
      condition     = length(local.validator_user_parameters) <= 1000
      error_message = "The validator's UserParameters are ${length(local.validator_user_parameters)} characters; CodePipeline allows 1000. Shorten required_secrets (names instead of ARNs) or the health URL."
    }
  }

  depends_on = [aws_s3_bucket_policy.artifacts]
}
