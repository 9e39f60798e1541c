output "cluster_name" {
  description = "Name of the ECS cluster."
  value       = aws_ecs_cluster.this.name
}

output "cluster_arn" {
  description = "ARN of the ECS cluster."
  value       = aws_ecs_cluster.this.arn
}

output "service_name" {
  description = "Name of the ECS service the pipeline deploys to."
  value       = aws_ecs_service.this.name
}

output "service_arn" {
  description = "ARN of the ECS service."
  value       = aws_ecs_service.this.id
}

output "task_definition_family" {
  description = "Task definition family; the pipeline registers its revisions."
  value       = aws_ecs_task_definition.this.family
}

output "task_definition_arn" {
  description = "ARN of the revision Terraform registered (the service may run a newer one the pipeline registered)."
  value       = aws_ecs_task_definition.this.arn
}

output "container_name" {
  description = "Name of the application container (CodeBuild's CONTAINER_NAME must equal it)."
  value       = var.container_name
}

output "log_group_name" {
  description = "CloudWatch log group of the containers."
  value       = aws_cloudwatch_log_group.this.name
}

output "log_group_arn" {
  description = "ARN of the containers' log group."
  value       = aws_cloudwatch_log_group.this.arn
}

output "task_secret_arns" {
  description = "Secrets injected into the container: environment variable name => secret ARN."
  value       = { for name, secret in aws_secretsmanager_secret.task : name => secret.arn }
}

output "task_secret_names" {
  description = "Names of the task's secrets (sorted by variable name): what the operator fills with put-secret-value."
  value       = [for name in sort(keys(var.container_secrets)) : aws_secretsmanager_secret.task[name].name]
}

output "load_balancer_dns_name" {
  description = "DNS name of the load balancer (point domain_name at it)."
  value       = aws_lb.this.dns_name
}

output "load_balancer_zone_id" {
  description = "Hosted zone ID of the load balancer, for alias records."
  value       = aws_lb.this.zone_id
}

output "target_group_arn" {
  description = "ARN of the target group the service registers tasks in."
  value       = aws_lb_target_group.this.arn
}

output "task_security_group_id" {
  description = "Security group of the tasks (allow it on your database)."
  value       = aws_security_group.tasks.id
}

output "health_url" {
  description = "https://<domain_name><health_check_path>, or null without a domain_name."
  value       = local.health_url
}
