locals {
  name = "${var.project_name}-${var.environment}"

  # Rule order matters: ECR requires a tagStatus "any" rule to have the highest rulePriority.
  # The article's rule kept "prod-" prefixed tags, which its own buildspec never produces (it tags
  # commit ids), so tagged images were never expired.
  lifecycle_policy = {
    rules = [
      {
        rulePriority = 1
        description  = "Expire untagged images after ${var.untagged_image_expiry_days} day(s)"
        selection = {
          tagStatus   = "untagged"
          countType   = "sinceImagePushed"
          countUnit   = "days"
          countNumber = var.untagged_image_expiry_days
        }
        action = { type = "expire" }
      },
      {
        rulePriority = 2
        description  = "Keep the ${var.max_image_count} newest images"
        selection = {
          tagStatus   = "any"
          countType   = "imageCountMoreThan"
          countNumber = var.max_image_count
        }
        action = { type = "expire" }
      },
    ]
  }

  build_cache_lifecycle_policy = {
    rules = [
      {
        rulePriority = 1
        description  = "Keep the 5 newest cache images"
        selection = {
          tagStatus   = "any"
          countType   = "imageCountMoreThan"
          countNumber = 5
        }
        action = { type = "expire" }
      },
    ]
  }
}

# IMMUTABLE tags and scan on push are not options: an overwritten tag makes "what is running" and
# "what do we roll back to" unanswerable, and the pre-deploy validator reads the scan findings.
resource "aws_ecr_repository" "this" {
  name                 = local.name
  image_tag_mutability = "IMMUTABLE"
  force_delete         = var.force_delete

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = var.kms_key_arn == null ? "AES256" : "KMS"
    kms_key         = var.kms_key_arn
  }

  tags = merge(var.tags, { Name = local.name })
}

resource "aws_ecr_lifecycle_policy" "this" {
  repository = aws_ecr_repository.this.name
  policy     = jsonencode(local.lifecycle_policy)
}

# Layer cache only: never deployed, so a mutable tag is harmless here.
resource "aws_ecr_repository" "build_cache" {
  count = var.create_build_cache_repository ? 1 : 0

  name                 = "${local.name}-build-cache"
  image_tag_mutability = "MUTABLE"
  force_delete         = true # holds nothing but cache layers

  image_scanning_configuration {
    scan_on_push = false
  }

  encryption_configuration {
    encryption_type = var.kms_key_arn == null ? "AES256" : "KMS"
    kms_key         = var.kms_key_arn
  }

  tags = merge(var.tags, { Name = "${local.name}-build-cache" })
}

resource "aws_ecr_lifecycle_policy" "build_cache" {
  count = var.create_build_cache_repository ? 1 : 0

  repository = aws_ecr_repository.build_cache[0].name
  policy     = jsonencode(local.build_cache_lifecycle_policy)
}
