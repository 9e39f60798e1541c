data "aws_region" "current" {}

locals {
  name = "${var.project_name}-${var.environment}"

  # Load balancer and target group names are limited to 32 characters.
  short_name = trimsuffix(substr(local.name, 0, 25), "-")
  # Changing any of these replaces the target group; a name derived from them lets
  # create_before_destroy bring up the new one while the listener still uses the old one.
  target_group_name = "${local.short_name}-${substr(sha1(join("/", [var.vpc_id, var.container_port, "HTTP", "ip"])), 0, 6)}"

  health_url = var.domain_name == null ? null : "https://${var.domain_name}${var.health_check_path}"

  container = merge(
    {
      name      = var.container_name
      image     = var.image
      essential = true

      portMappings = [{ containerPort = var.container_port, protocol = "tcp" }]

      environment = [for name in sort(keys(var.container_environment)) : { name = name, value = var.container_environment[name] }]

      # Credentials come from Secrets Manager at task start, never as plain environment values
      # (article Mistake 7). Full ARNs, so no partial-ARN ambiguity.
      secrets = [for name in sort(keys(var.container_secrets)) : { name = name, valueFrom = aws_secretsmanager_secret.task[name].arn }]

      logConfiguration = {
        logDriver = "awslogs"
        options = {
          "awslogs-group"         = aws_cloudwatch_log_group.this.name
          "awslogs-region"        = data.aws_region.current.name
          "awslogs-stream-prefix" = "ecs"
        }
      }
    },
    var.container_health_check_command == null ? {} : {
      healthCheck = {
        command     = var.container_health_check_command
        interval    = 30
        timeout     = 5
        retries     = 3
        startPeriod = 60
      }
    },
  )
}

# --- Cluster ------------------------------------------------------------------------------------

resource "aws_ecs_cluster" "this" {
  name = local.name

  setting {
    name  = "containerInsights"
    value = var.container_insights
  }

  tags = var.tags
}

resource "aws_ecs_cluster_capacity_providers" "this" {
  cluster_name       = aws_ecs_cluster.this.name
  capacity_providers = ["FARGATE", "FARGATE_SPOT"]

  default_capacity_provider_strategy {
    capacity_provider = "FARGATE"
    base              = 1
    weight            = 100
  }
}

resource "aws_cloudwatch_log_group" "this" {
  name              = "/ecs/${local.name}"
  retention_in_days = var.log_retention_days

  tags = var.tags
}

# --- Secrets (containers only) --------------------------------------------------------------------

# Terraform creates the secret, never its value: the value would otherwise sit in the state file.
# Put it with: aws secretsmanager put-secret-value --secret-id <name> --secret-string '...'
resource "aws_secretsmanager_secret" "task" {
  for_each = var.container_secrets

  name                    = "${var.secrets_prefix}${each.value}"
  description             = "${each.key} of the ${local.name} tasks. Value set outside Terraform (put-secret-value)."
  recovery_window_in_days = var.secret_recovery_window_days

  tags = var.tags
}

# --- Task definition and service -----------------------------------------------------------------

resource "aws_ecs_task_definition" "this" {
  family                   = local.name
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = tostring(var.task_cpu)
  memory                   = tostring(var.task_memory)
  execution_role_arn       = var.execution_role_arn
  task_role_arn            = var.task_role_arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.cpu_architecture
  }

  container_definitions = jsonencode([local.container])

  # Keep replaced revisions ACTIVE: the service or a circuit-breaker rollback may still use them, and
  # the pipeline's own revisions are never deregistered either.
  skip_destroy = true

  tags = var.tags
}

resource "aws_ecs_service" "this" {
  name                               = local.name
  cluster                            = aws_ecs_cluster.this.id
  task_definition                    = aws_ecs_task_definition.this.arn
  desired_count                      = var.desired_count
  deployment_minimum_healthy_percent = var.deployment_minimum_healthy_percent
  deployment_maximum_percent         = var.deployment_maximum_percent
  health_check_grace_period_seconds  = var.health_check_grace_period_seconds
  enable_execute_command             = var.enable_execute_command
  propagate_tags                     = "SERVICE"

  capacity_provider_strategy {
    capacity_provider = "FARGATE"
    base              = 1
    weight            = 100
  }

  network_configuration {
    subnets          = var.private_subnet_ids
    security_groups  = [aws_security_group.tasks.id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.this.arn
    container_name   = var.container_name
    container_port   = var.container_port
  }

  deployment_controller {
    type = "ECS"
  }

  # Not optional: a deployment whose tasks never get healthy is rolled back to the last completed
  # one, and the deployment watcher explains why.
  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  # The pipeline owns the running task definition (each Deploy registers a new revision) and
  # autoscaling or operators own the count; without this, every plan would revert the last release
  # (article Mistake 5).
  lifecycle {
    ignore_changes = [task_definition, desired_count]
  }

  tags = var.tags

  # The target group must be attached to a listener before a service registers in it, and the FARGATE
  # capacity provider must be associated with the cluster before a service's strategy names it: AWS
  # rejects the service otherwise, and nothing in the arguments above orders those.
  depends_on = [aws_lb_listener.https, aws_ecs_cluster_capacity_providers.this]
}

# --- Load balancer ------------------------------------------------------------------------------

resource "aws_security_group" "alb" {
  name_prefix = "${local.name}-alb-"
  description = "Internet-facing load balancer of ${local.name}"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${local.name}-alb" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "alb_https" {
  for_each = toset(var.alb_ingress_cidr_blocks)

  security_group_id = aws_security_group.alb.id
  description       = "HTTPS from ${each.key}"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = each.key
}

resource "aws_vpc_security_group_ingress_rule" "alb_http" {
  for_each = toset(var.alb_ingress_cidr_blocks)

  security_group_id = aws_security_group.alb.id
  description       = "HTTP from ${each.key} (redirected to HTTPS)"
  ip_protocol       = "tcp"
  from_port         = 80
  to_port           = 80
  cidr_ipv4         = each.key
}

resource "aws_vpc_security_group_egress_rule" "alb_to_tasks" {
  security_group_id            = aws_security_group.alb.id
  description                  = "To the tasks on the container port"
  ip_protocol                  = "tcp"
  from_port                    = var.container_port
  to_port                      = var.container_port
  referenced_security_group_id = aws_security_group.tasks.id
}

resource "aws_security_group" "tasks" {
  name_prefix = "${local.name}-tasks-"
  description = "Fargate tasks of ${local.name}: reachable only from the load balancer"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${local.name}-tasks" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "tasks_from_alb" {
  security_group_id            = aws_security_group.tasks.id
  description                  = "From the load balancer on the container port"
  ip_protocol                  = "tcp"
  from_port                    = var.container_port
  to_port                      = var.container_port
  referenced_security_group_id = aws_security_group.alb.id
}

resource "aws_vpc_security_group_egress_rule" "tasks" {
  for_each = var.task_egress_rules

  security_group_id = aws_security_group.tasks.id
  description       = each.value.description
  ip_protocol       = each.value.protocol
  from_port         = each.value.from_port
  to_port           = each.value.to_port
  cidr_ipv4         = each.value.cidr_ipv4
}

resource "aws_lb" "this" {
  name                       = "${local.short_name}-alb"
  internal                   = false
  load_balancer_type         = "application"
  security_groups            = [aws_security_group.alb.id]
  subnets                    = var.public_subnet_ids
  drop_invalid_header_fields = true
  enable_deletion_protection = var.load_balancer_deletion_protection

  tags = var.tags
}

resource "aws_lb_target_group" "this" {
  name                 = local.target_group_name
  port                 = var.container_port
  protocol             = "HTTP"
  target_type          = "ip"
  vpc_id               = var.vpc_id
  deregistration_delay = 30

  health_check {
    enabled             = true
    path                = var.health_check_path
    matcher             = var.health_check_matcher
    interval            = 30
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }

  tags = var.tags

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.this.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"

    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }

  tags = var.tags
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.this.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = var.ssl_policy
  certificate_arn   = var.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this.arn
  }

  tags = var.tags
}

resource "aws_route53_record" "this" {
  count = var.route53_zone_id == null ? 0 : 1

  zone_id = var.route53_zone_id
  name    = var.domain_name
  type    = "A"

  alias {
    name                   = aws_lb.this.dns_name
    zone_id                = aws_lb.this.zone_id
    evaluate_target_health = true
  }
}
