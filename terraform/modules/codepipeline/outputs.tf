output "pipeline_name" {
  description = "Name of the pipeline."
  value       = aws_codepipeline.this.name
}

output "pipeline_arn" {
  description = "ARN of the pipeline."
  value       = aws_codepipeline.this.arn
}

output "codebuild_project_name" {
  description = "Name of the CodeBuild project."
  value       = aws_codebuild_project.this.name
}

output "codebuild_project_arn" {
  description = "ARN of the CodeBuild project."
  value       = aws_codebuild_project.this.arn
}

output "build_log_group_name" {
  description = "CloudWatch log group of the builds."
  value       = aws_cloudwatch_log_group.build.name
}

output "build_log_group_arn" {
  description = "ARN of the builds' log group (without :*)."
  value       = aws_cloudwatch_log_group.build.arn
}

output "artifact_bucket_name" {
  description = "Name of the artifact bucket."
  value       = aws_s3_bucket.artifacts.bucket
}

output "artifact_bucket_arn" {
  description = "ARN of the artifact bucket."
  value       = aws_s3_bucket.artifacts.arn
}

output "codestar_connection_arn" {
  description = "ARN of the GitHub connection the Source action uses."
  value       = local.connection_arn
}

output "codestar_connection_status" {
  description = "Status of the connection Terraform created (PENDING until activated in the console), or null for a reused one. Check the live value with aws codestar-connections get-connection."
  value       = try(aws_codestarconnections_connection.github[0].connection_status, null)
}

output "validator_user_parameters" {
  description = "The UserParameters JSON the Validate stage passes to the pre-deploy validator."
  value       = local.validator_user_parameters
}

output "stage_names" {
  description = "Stage names in order, e.g. [Source, Build, Approve, Validate, Deploy]."
  value       = [for stage in aws_codepipeline.this.stage : stage.name]
}
