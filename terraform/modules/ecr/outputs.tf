output "repository_name" {
  description = "Name of the application image repository."
  value       = aws_ecr_repository.this.name
}

output "repository_arn" {
  description = "ARN of the application image repository."
  value       = aws_ecr_repository.this.arn
}

output "repository_url" {
  description = "URL of the application image repository (<registry>/<name>), without a tag."
  value       = aws_ecr_repository.this.repository_url
}

output "registry_url" {
  description = "Registry host (<account>.dkr.ecr.<region>.amazonaws.com) to docker login to."
  value       = split("/", aws_ecr_repository.this.repository_url)[0]
}

output "build_cache_repository_url" {
  description = "URL of the mutable build-cache repository, or null when it is not created."
  value       = try(aws_ecr_repository.build_cache[0].repository_url, null)
}

output "build_cache_repository_arn" {
  description = "ARN of the mutable build-cache repository, or null when it is not created."
  value       = try(aws_ecr_repository.build_cache[0].arn, null)
}

output "repository_arns" {
  description = "ARNs of every repository of this module (application and build cache): what CodeBuild pushes to."
  value       = concat([aws_ecr_repository.this.arn], aws_ecr_repository.build_cache[*].arn)
}
