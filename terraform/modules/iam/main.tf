data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  name       = "${var.project_name}-${var.environment}"
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name

  validator_function_arn = "arn:${local.partition}:lambda:${local.region}:${local.account_id}:function:${var.validator_function_name}"
  secrets_arn_pattern    = "arn:${local.partition}:secretsmanager:${local.region}:${local.account_id}:secret:${var.secrets_prefix}*"
  parameters_arn_pattern = "arn:${local.partition}:ssm:${local.region}:${local.account_id}:parameter${var.parameter_prefix}*"
  build_secrets_pattern  = "arn:${local.partition}:secretsmanager:${local.region}:${local.account_id}:secret:${var.build_secrets_prefix}*"
  task_definition_arns   = "arn:${local.partition}:ecs:${local.region}:${local.account_id}:task-definition/${var.task_definition_family}:*"

  # Policies are built with jsonencode (not aws_iam_policy_document) so that their JSON is known at
  # plan time and tests/*.tftest.hcl can assert on it with a mocked provider.
  codepipeline_policy = {
    Version = "2012-10-17"
    Statement = concat(
      [
        {
          Sid      = "ArtifactObjects"
          Effect   = "Allow"
          Action   = ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"]
          Resource = "${var.artifact_bucket_arn}/*"
        },
        {
          Sid      = "ArtifactBucket"
          Effect   = "Allow"
          Action   = ["s3:GetBucketVersioning", "s3:GetBucketLocation", "s3:ListBucket"]
          Resource = var.artifact_bucket_arn
        },
        {
          Sid = "UseGitHubConnection"
          # Connections created before the CodeConnections rename answer to the old prefix, new ones
          # to the new one; both actions on the one connection ARN.
          Effect   = "Allow"
          Action   = ["codestar-connections:UseConnection", "codeconnections:UseConnection"]
          Resource = var.codestar_connection_arn
        },
        {
          Sid      = "RunBuild"
          Effect   = "Allow"
          Action   = ["codebuild:StartBuild", "codebuild:BatchGetBuilds"]
          Resource = var.codebuild_project_arn
        },
        {
          Sid      = "InvokePreDeployValidator"
          Effect   = "Allow"
          Action   = ["lambda:InvokeFunction"]
          Resource = local.validator_function_arn
        },
        {
          Sid      = "DeployService"
          Effect   = "Allow"
          Action   = ["ecs:DescribeServices", "ecs:UpdateService"]
          Resource = var.ecs_service_arn
        },
        {
          Sid      = "WatchDeploymentTasks"
          Effect   = "Allow"
          Action   = ["ecs:ListTasks", "ecs:DescribeTasks"]
          Resource = "*" # scoped by the cluster condition: these calls take the cluster, not a task ARN
          Condition = {
            ArnEquals = { "ecs:cluster" = var.ecs_cluster_arn }
          }
        },
        {
          Sid    = "RegisterTaskDefinitions"
          Effect = "Allow"
          # RegisterTaskDefinition and DescribeTaskDefinition have no resource-level permissions.
          Action   = ["ecs:RegisterTaskDefinition", "ecs:DescribeTaskDefinition"]
          Resource = "*"
        },
        {
          Sid      = "TagNewTaskDefinitionRevisions"
          Effect   = "Allow"
          Action   = ["ecs:TagResource"]
          Resource = local.task_definition_arns
          Condition = {
            StringEquals = { "ecs:CreateAction" = "RegisterTaskDefinition" }
          }
        },
        {
          # The new revision keeps the execution and task roles, so both must be passable (the
          # article passed only the execution role).
          Sid      = "PassTaskRoles"
          Effect   = "Allow"
          Action   = ["iam:PassRole"]
          Resource = [aws_iam_role.task_execution.arn, aws_iam_role.task.arn]
          Condition = {
            StringEquals = { "iam:PassedToService" = "ecs-tasks.amazonaws.com" }
          }
        },
      ],
      var.artifact_kms_key_arn == null ? [] : [
        {
          Sid      = "ArtifactKey"
          Effect   = "Allow"
          Action   = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*", "kms:DescribeKey"]
          Resource = var.artifact_kms_key_arn
        },
      ],
    )
  }

  codebuild_policy = {
    Version = "2012-10-17"
    Statement = concat(
      [
        {
          Sid      = "WriteBuildLogs"
          Effect   = "Allow"
          Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
          Resource = "${var.codebuild_log_group_arn}:*"
        },
        {
          Sid      = "ArtifactObjects"
          Effect   = "Allow"
          Action   = ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"]
          Resource = "${var.artifact_bucket_arn}/*"
        },
        {
          Sid      = "ArtifactBucket"
          Effect   = "Allow"
          Action   = ["s3:GetBucketAcl", "s3:GetBucketLocation"]
          Resource = var.artifact_bucket_arn
        },
        {
          Sid    = "EcrLogin"
          Effect = "Allow"
          # GetAuthorizationToken has no resource-level permissions.
          Action   = ["ecr:GetAuthorizationToken"]
          Resource = "*"
        },
        {
          Sid    = "PushAndPullImages"
          Effect = "Allow"
          Action = [
            "ecr:BatchCheckLayerAvailability",
            "ecr:BatchGetImage",
            "ecr:GetDownloadUrlForLayer",
            "ecr:InitiateLayerUpload",
            "ecr:UploadLayerPart",
            "ecr:CompleteLayerUpload",
            "ecr:PutImage",
            "ecr:DescribeImages",
          ]
          Resource = var.ecr_repository_arns
        },
        {
          # Build-time secrets (buildspec env.secrets-manager) live under their own prefix: the
          # article's ${project_name}/* let every environment's build read every other's secrets.
          Sid      = "ReadBuildSecrets"
          Effect   = "Allow"
          Action   = ["secretsmanager:GetSecretValue"]
          Resource = local.build_secrets_pattern
        },
        {
          Sid    = "PublishTestReports"
          Effect = "Allow"
          Action = [
            "codebuild:CreateReportGroup",
            "codebuild:CreateReport",
            "codebuild:UpdateReport",
            "codebuild:BatchPutTestCases",
            "codebuild:BatchPutCodeCoverages",
          ]
          Resource = "arn:${local.partition}:codebuild:${local.region}:${local.account_id}:report-group/${local.name}-*"
        },
      ],
      var.artifact_kms_key_arn == null ? [] : [
        {
          Sid      = "ArtifactKey"
          Effect   = "Allow"
          Action   = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*", "kms:DescribeKey"]
          Resource = var.artifact_kms_key_arn
        },
      ],
    )
  }

  # Replaces the managed AmazonECSTaskExecutionRolePolicy (ECR pull and logs on "*") with the same
  # actions scoped to this service's repository, log group, secrets and parameters.
  task_execution_policy = {
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "EcrLogin"
        Effect = "Allow"
        # GetAuthorizationToken has no resource-level permissions.
        Action   = ["ecr:GetAuthorizationToken"]
        Resource = "*"
      },
      {
        Sid      = "PullImages"
        Effect   = "Allow"
        Action   = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
        Resource = var.ecr_repository_arns[0]
      },
      {
        Sid      = "WriteContainerLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "${var.task_log_group_arn}:*"
      },
      {
        Sid      = "ReadTaskSecrets"
        Effect   = "Allow"
        Action   = ["secretsmanager:GetSecretValue"]
        Resource = local.secrets_arn_pattern
      },
      {
        Sid      = "ReadTaskParameters"
        Effect   = "Allow"
        Action   = ["ssm:GetParameters"]
        Resource = local.parameters_arn_pattern
      },
      {
        # Secrets and parameters under customer managed keys: decrypt only through those services.
        Sid      = "DecryptThroughSecretStores"
        Effect   = "Allow"
        Action   = ["kms:Decrypt"]
        Resource = "arn:${local.partition}:kms:${local.region}:${local.account_id}:key/*"
        Condition = {
          StringEquals = {
            "kms:ViaService" = [
              "secretsmanager.${local.region}.amazonaws.com",
              "ssm.${local.region}.amazonaws.com",
            ]
          }
        }
      },
    ]
  }

  execute_command_policy = {
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "EcsExecChannels"
        Effect = "Allow"
        # The Session Manager channel actions have no resource-level permissions.
        Action = [
          "ssmmessages:CreateControlChannel",
          "ssmmessages:CreateDataChannel",
          "ssmmessages:OpenControlChannel",
          "ssmmessages:OpenDataChannel",
        ]
        Resource = "*"
      },
    ]
  }
}

# --- CodePipeline --------------------------------------------------------------------------------

resource "aws_iam_role" "codepipeline" {
  name = "${local.name}-codepipeline"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "codepipeline.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:SourceAccount" = local.account_id } }
    }]
  })

  tags = var.tags
}

resource "aws_iam_role_policy" "codepipeline" {
  name   = "pipeline"
  role   = aws_iam_role.codepipeline.id
  policy = jsonencode(local.codepipeline_policy)
}

# --- CodeBuild -----------------------------------------------------------------------------------

resource "aws_iam_role" "codebuild" {
  name = "${local.name}-codebuild"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "codebuild.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:SourceAccount" = local.account_id } }
    }]
  })

  tags = var.tags
}

resource "aws_iam_role_policy" "codebuild" {
  name   = "build"
  role   = aws_iam_role.codebuild.id
  policy = jsonencode(local.codebuild_policy)
}

# --- ECS tasks -----------------------------------------------------------------------------------

locals {
  ecs_tasks_trust_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = {
        StringEquals = { "aws:SourceAccount" = local.account_id }
        ArnLike      = { "aws:SourceArn" = "arn:${local.partition}:ecs:${local.region}:${local.account_id}:*" }
      }
    }]
  })
}

# Used by the ECS agent to start the task: pull the image, write logs, inject the secrets.
resource "aws_iam_role" "task_execution" {
  name               = "${local.name}-task-execution"
  assume_role_policy = local.ecs_tasks_trust_policy

  tags = var.tags
}

resource "aws_iam_role_policy" "task_execution" {
  name   = "start-task"
  role   = aws_iam_role.task_execution.id
  policy = jsonencode(local.task_execution_policy)
}

# Assumed by the application itself (the article's modules referred to it but never defined it).
resource "aws_iam_role" "task" {
  name               = "${local.name}-task"
  assume_role_policy = local.ecs_tasks_trust_policy

  tags = var.tags
}

resource "aws_iam_role_policy" "task_application" {
  count = var.task_role_policy_json == null ? 0 : 1

  name   = "application"
  role   = aws_iam_role.task.id
  policy = var.task_role_policy_json
}

resource "aws_iam_role_policy" "task_execute_command" {
  count = var.enable_execute_command ? 1 : 0

  name   = "ecs-exec"
  role   = aws_iam_role.task.id
  policy = jsonencode(local.execute_command_policy)
}
