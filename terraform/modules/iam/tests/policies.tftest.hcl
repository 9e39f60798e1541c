# Plan-only with a mocked provider: asserts the IAM policy JSON this module writes.
# terraform init -backend=false && terraform test

mock_provider "aws" {
  override_during = plan

  mock_data "aws_caller_identity" {
    defaults = { account_id = "123456789012" }
  }
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
  mock_data "aws_region" {
    defaults = { name = "eu-west-1" }
  }
}

override_resource {
  target          = aws_iam_role.task_execution
  override_during = plan
  values          = { arn = "arn:aws:iam::123456789012:role/shop-dev-task-execution" }
}

override_resource {
  target          = aws_iam_role.task
  override_during = plan
  values          = { arn = "arn:aws:iam::123456789012:role/shop-dev-task" }
}

variables {
  project_name            = "shop"
  environment             = "dev"
  artifact_bucket_arn     = "arn:aws:s3:::shop-dev-artifacts-123456789012"
  codestar_connection_arn = "arn:aws:codestar-connections:eu-west-1:123456789012:connection/0b1c2d3e-aaaa-bbbb-cccc-1234567890ab"
  codebuild_project_arn   = "arn:aws:codebuild:eu-west-1:123456789012:project/shop-dev-build"
  codebuild_log_group_arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/codebuild/shop-dev-build"
  ecr_repository_arns     = ["arn:aws:ecr:eu-west-1:123456789012:repository/shop-dev", "arn:aws:ecr:eu-west-1:123456789012:repository/shop-dev-build-cache"]
  ecs_cluster_arn         = "arn:aws:ecs:eu-west-1:123456789012:cluster/shop-dev"
  ecs_service_arn         = "arn:aws:ecs:eu-west-1:123456789012:service/shop-dev/shop-dev"
  task_definition_family  = "shop-dev"
  task_log_group_arn      = "arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/shop-dev"
  secrets_prefix          = "shop/dev/app/"
  parameter_prefix        = "/shop/dev/app/"
  build_secrets_prefix    = "shop/dev/build/"
  validator_function_name = "shop-dev-pre-deploy-validator"
}

run "pipeline_role_invokes_exactly_the_validator" {
  command = plan

  assert {
    condition = [
      for s in jsondecode(aws_iam_role_policy.codepipeline.policy).Statement : s.Resource
      if contains(s.Action, "lambda:InvokeFunction")
    ] == ["arn:aws:lambda:eu-west-1:123456789012:function:shop-dev-pre-deploy-validator"]
    error_message = "The pipeline role must be able to invoke exactly the pre-deploy validator."
  }

  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_role_policy.codepipeline.policy).Statement :
      alltrue([for a in s.Action : !startswith(a, "lambda:") || a == "lambda:InvokeFunction"])
    ])
    error_message = "The pipeline role needs no Lambda action besides InvokeFunction."
  }
}

run "pipeline_role_passes_both_task_roles_to_ecs_only" {
  command = plan

  assert {
    condition = one([
      for s in jsondecode(aws_iam_role_policy.codepipeline.policy).Statement : s
      if contains(s.Action, "iam:PassRole")
      ]) == {
      Sid      = "PassTaskRoles"
      Effect   = "Allow"
      Action   = ["iam:PassRole"]
      Resource = ["arn:aws:iam::123456789012:role/shop-dev-task-execution", "arn:aws:iam::123456789012:role/shop-dev-task"]
      Condition = {
        StringEquals = { "iam:PassedToService" = "ecs-tasks.amazonaws.com" }
      }
    }
    error_message = "iam:PassRole must cover the execution and the task role, passed to ECS tasks only."
  }
}

run "pipeline_role_is_scoped_to_its_own_resources" {
  command = plan

  assert {
    condition = one([
      for s in jsondecode(aws_iam_role_policy.codepipeline.policy).Statement : s.Resource
      if s.Sid == "DeployService"
    ]) == "arn:aws:ecs:eu-west-1:123456789012:service/shop-dev/shop-dev"
    error_message = "UpdateService must be scoped to the one service."
  }

  assert {
    condition = one([
      for s in jsondecode(aws_iam_role_policy.codepipeline.policy).Statement : s.Resource
      if s.Sid == "RunBuild"
    ]) == "arn:aws:codebuild:eu-west-1:123456789012:project/shop-dev-build"
    error_message = "StartBuild must be scoped to the one build project (the article used *)."
  }

  assert {
    condition = one([
      for s in jsondecode(aws_iam_role_policy.codepipeline.policy).Statement : s.Resource
      if s.Sid == "UseGitHubConnection"
    ]) == var.codestar_connection_arn
    error_message = "UseConnection must be scoped to the one connection."
  }
}

run "wildcard_resources_only_where_the_api_has_no_resource_permissions" {
  command = plan

  assert {
    condition = toset(flatten([
      for policy in [aws_iam_role_policy.codepipeline.policy, aws_iam_role_policy.codebuild.policy, aws_iam_role_policy.task_execution.policy] : [
        for s in jsondecode(policy).Statement : s.Sid if s.Resource == "*"
      ]
    ])) == toset(["WatchDeploymentTasks", "RegisterTaskDefinitions", "EcrLogin"])
    error_message = "Resource \"*\" is allowed only for ECS task listing (cluster-conditioned), task definition registration and the ECR login."
  }

  assert {
    condition = alltrue(flatten([
      for policy in [aws_iam_role_policy.codepipeline.policy, aws_iam_role_policy.codebuild.policy, aws_iam_role_policy.task_execution.policy] : [
        for s in jsondecode(policy).Statement : s.Action == ["ecr:GetAuthorizationToken"] if s.Sid == "EcrLogin"
      ]
    ]))
    error_message = "The ECR login statement must grant GetAuthorizationToken and nothing else."
  }

  assert {
    condition = one([
      for s in jsondecode(aws_iam_role_policy.codepipeline.policy).Statement : s.Condition
      if s.Sid == "WatchDeploymentTasks"
    ]) == { ArnEquals = { "ecs:cluster" = "arn:aws:ecs:eu-west-1:123456789012:cluster/shop-dev" } }
    error_message = "ListTasks/DescribeTasks must be conditioned on the cluster."
  }
}

run "execution_role_reads_exactly_the_task_secret_prefix" {
  command = plan

  assert {
    condition = one([
      for s in jsondecode(aws_iam_role_policy.task_execution.policy).Statement : s.Resource
      if s.Sid == "ReadTaskSecrets"
    ]) == "arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/dev/app/*"
    error_message = "The execution role must read exactly <project>/<env>/app/*."
  }

  assert {
    condition = one([
      for s in jsondecode(aws_iam_role_policy.task_execution.policy).Statement : s.Condition
      if s.Sid == "DecryptThroughSecretStores"
      ]) == {
      StringEquals = { "kms:ViaService" = ["secretsmanager.eu-west-1.amazonaws.com", "ssm.eu-west-1.amazonaws.com"] }
    }
    error_message = "kms:Decrypt must be limited to calls through Secrets Manager and SSM."
  }

  assert {
    condition = one([
      for s in jsondecode(aws_iam_role_policy.task_execution.policy).Statement : s.Resource
      if s.Sid == "PullImages"
    ]) == "arn:aws:ecr:eu-west-1:123456789012:repository/shop-dev"
    error_message = "Tasks pull from the application repository only (not the build cache)."
  }
}

run "build_role_reads_only_build_secrets" {
  command = plan

  assert {
    condition = [
      for s in jsondecode(aws_iam_role_policy.codebuild.policy).Statement : s.Resource
      if contains(s.Action, "secretsmanager:GetSecretValue")
    ] == ["arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/dev/build/*"]
    error_message = "CodeBuild may read only <project>/<env>/build/* (the article let it read every environment's secrets)."
  }
}

run "roles_trust_their_service_in_this_account_only" {
  command = plan

  assert {
    condition = jsondecode(aws_iam_role.codepipeline.assume_role_policy).Statement[0].Condition == {
      StringEquals = { "aws:SourceAccount" = "123456789012" }
    }
    error_message = "The pipeline role's trust policy must be limited to this account (confused deputy)."
  }

  assert {
    condition     = jsondecode(aws_iam_role.task.assume_role_policy).Statement[0].Principal == { Service = "ecs-tasks.amazonaws.com" }
    error_message = "The task role must be assumable by ECS tasks."
  }
}

run "no_customer_key_statements_without_a_key" {
  command = plan

  assert {
    condition     = length([for s in jsondecode(aws_iam_role_policy.codepipeline.policy).Statement : s if s.Sid == "ArtifactKey"]) == 0
    error_message = "Without artifact_kms_key_arn there must be no KMS statement."
  }

  assert {
    condition     = length(aws_iam_role_policy.task_application) == 0 && length(aws_iam_role_policy.task_execute_command) == 0
    error_message = "The task role has no permissions by default."
  }
}

run "customer_key_is_granted_when_given" {
  command = plan

  variables {
    artifact_kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"
  }

  assert {
    condition = one([
      for s in jsondecode(aws_iam_role_policy.codebuild.policy).Statement : s.Resource
      if s.Sid == "ArtifactKey"
    ]) == var.artifact_kms_key_arn
    error_message = "CodeBuild must be able to use the artifact key."
  }
}

run "rejects_a_secrets_prefix_without_trailing_slash" {
  command = plan

  variables {
    secrets_prefix = "shop/dev/app"
  }

  expect_failures = [var.secrets_prefix]
}

run "rejects_a_wildcard_secrets_prefix" {
  command = plan

  variables {
    secrets_prefix = "shop/*/"
  }

  expect_failures = [var.secrets_prefix]
}

run "rejects_a_validator_arn_instead_of_a_name" {
  command = plan

  variables {
    validator_function_name = "arn:aws:lambda:eu-west-1:123456789012:function:shop-dev-pre-deploy-validator"
  }

  expect_failures = [var.validator_function_name]
}
