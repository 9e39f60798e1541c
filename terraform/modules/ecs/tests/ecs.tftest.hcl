# Plan-only with a mocked provider. terraform init -backend=false && terraform test

mock_provider "aws" {
  override_during = plan

  mock_data "aws_region" {
    defaults = { name = "eu-west-1" }
  }
}

override_resource {
  target          = aws_secretsmanager_secret.task["DATABASE_URL"]
  override_during = plan
  values          = { arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/prod/app/database-url-AbCdEf" }
}

variables {
  project_name       = "shop"
  environment        = "prod"
  vpc_id             = "vpc-0123456789abcdef0"
  public_subnet_ids  = ["subnet-pub-a", "subnet-pub-b"]
  private_subnet_ids = ["subnet-priv-a", "subnet-priv-b"]
  container_name     = "web"
  container_port     = 8080
  image              = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop-prod:bootstrap"
  execution_role_arn = "arn:aws:iam::123456789012:role/shop-prod-task-execution"
  task_role_arn      = "arn:aws:iam::123456789012:role/shop-prod-task"
  certificate_arn    = "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"
  domain_name        = "shop.example.com"
  secrets_prefix     = "shop/prod/app/"
  container_secrets  = { DATABASE_URL = "database-url" }
  container_environment = {
    LOG_LEVEL = "info"
  }
}

run "container_gets_its_secrets_from_secrets_manager" {
  command = plan

  assert {
    condition = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].secrets == [
      { name = "DATABASE_URL", valueFrom = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/prod/app/database-url-AbCdEf" }
    ]
    error_message = "Secrets are injected through the secrets block by full ARN (article Mistake 7)."
  }

  assert {
    condition     = aws_secretsmanager_secret.task["DATABASE_URL"].name == "shop/prod/app/database-url"
    error_message = "Task secrets live under secrets_prefix, where the execution role may read."
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].environment == [{ name = "LOG_LEVEL", value = "info" }]
    error_message = "Plain environment variables stay plain."
  }
}

run "container_name_and_port_match_the_load_balancer" {
  command = plan

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].name == "web"
    error_message = "The container is named container_name (CodeBuild writes the same name into imagedefinitions.json)."
  }

  assert {
    condition     = one(aws_ecs_service.this.load_balancer).container_name == "web" && one(aws_ecs_service.this.load_balancer).container_port == 8080
    error_message = "The service registers the named container's port in the target group."
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].logConfiguration.options["awslogs-group"] == "/ecs/shop-prod"
    error_message = "Containers log to the module's log group."
  }
}

run "service_rolls_back_failed_deployments" {
  command = plan

  assert {
    condition     = one(aws_ecs_service.this.deployment_circuit_breaker).enable && one(aws_ecs_service.this.deployment_circuit_breaker).rollback
    error_message = "The circuit breaker with rollback is not optional."
  }

  assert {
    condition     = one(aws_ecs_service.this.network_configuration).assign_public_ip == false
    error_message = "Tasks run without public IPs."
  }

  assert {
    condition     = aws_ecs_cluster.this.name == "shop-prod" && aws_ecs_service.this.name == "shop-prod"
    error_message = "Cluster and service are named <project>-<environment>."
  }

  assert {
    condition     = one([for s in aws_ecs_cluster.this.setting : s.value if s.name == "containerInsights"]) == "enabled"
    error_message = "Container Insights is on."
  }
}

run "load_balancer_redirects_http_and_terminates_tls" {
  command = plan

  assert {
    condition     = one(one(aws_lb_listener.http.default_action).redirect).protocol == "HTTPS" && one(one(aws_lb_listener.http.default_action).redirect).status_code == "HTTP_301"
    error_message = "HTTP is redirected to HTTPS."
  }

  assert {
    condition     = aws_lb_listener.https.protocol == "HTTPS" && aws_lb_listener.https.certificate_arn == var.certificate_arn
    error_message = "The HTTPS listener uses the certificate."
  }

  assert {
    condition     = one(aws_lb_target_group.this.health_check).path == "/health" && one(aws_lb_target_group.this.health_check).matcher == "200"
    error_message = "The target group checks /health for 200."
  }

  assert {
    condition     = length(aws_lb.this.name) <= 32 && length(aws_lb_target_group.this.name) <= 32
    error_message = "Load balancer and target group names fit AWS's 32 characters."
  }
}

run "health_url_uses_the_certificate_domain" {
  command = plan

  assert {
    condition     = output.health_url == "https://shop.example.com/health"
    error_message = "The validator probes https://<domain_name><health_check_path>."
  }
}

run "no_health_url_without_a_domain" {
  command = plan

  variables {
    domain_name = null
  }

  assert {
    condition     = output.health_url == null
    error_message = "The ALB's own DNS name does not match the certificate, so no health URL without a domain."
  }
}

run "long_project_names_still_fit_load_balancer_limits" {
  command = plan

  variables {
    project_name = "a-very-long-project-name-of-31"
    environment  = "staging"
  }

  assert {
    condition     = length(aws_lb.this.name) <= 32 && !endswith(aws_lb.this.name, "-")
    error_message = "The load balancer name is cut to 32 characters."
  }
}

run "refuses_an_invalid_fargate_size" {
  command = plan

  variables {
    task_cpu    = 256
    task_memory = 4096
  }

  expect_failures = [var.task_memory]
}

run "refuses_credentials_in_plain_environment_variables" {
  command = plan

  variables {
    container_environment = { DB_PASSWORD = "hunter2" }
  }

  expect_failures = [var.container_environment]
}

run "refuses_an_image_without_a_tag" {
  command = plan

  variables {
    image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop-prod"
  }

  expect_failures = [var.image]
}
