# Role ARNs are published only once their policies exist (depends_on), so that a consumer such as the
# ECS service or the pipeline never starts with a role that cannot yet do its job.

output "codepipeline_role_arn" {
  description = "ARN of the CodePipeline service role (its policy attached)."
  value       = aws_iam_role.codepipeline.arn
  depends_on  = [aws_iam_role_policy.codepipeline]
}

output "codebuild_role_arn" {
  description = "ARN of the CodeBuild service role (its policy attached)."
  value       = aws_iam_role.codebuild.arn
  depends_on  = [aws_iam_role_policy.codebuild]
}

output "task_execution_role_arn" {
  description = "ARN of the ECS task execution role (its policy attached)."
  value       = aws_iam_role.task_execution.arn
  depends_on  = [aws_iam_role_policy.task_execution]
}

output "task_role_arn" {
  description = "ARN of the ECS task role the application runs as."
  value       = aws_iam_role.task.arn
  depends_on  = [aws_iam_role_policy.task_application, aws_iam_role_policy.task_execute_command]
}

output "role_names" {
  description = "Names of the four roles, by purpose."
  value = {
    codepipeline   = aws_iam_role.codepipeline.name
    codebuild      = aws_iam_role.codebuild.name
    task_execution = aws_iam_role.task_execution.name
    task           = aws_iam_role.task.name
  }
}
