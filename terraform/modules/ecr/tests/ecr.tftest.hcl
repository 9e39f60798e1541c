# Plan-only with a mocked provider. terraform init -backend=false && terraform test

mock_provider "aws" {}

variables {
  project_name = "shop"
  environment  = "prod"
}

run "tags_are_immutable_and_scanned_on_push" {
  command = plan

  assert {
    condition     = aws_ecr_repository.this.name == "shop-prod"
    error_message = "The repository is named <project>-<environment>."
  }

  assert {
    condition     = aws_ecr_repository.this.image_tag_mutability == "IMMUTABLE"
    error_message = "Application image tags must be immutable."
  }

  assert {
    condition     = aws_ecr_repository.this.image_scanning_configuration[0].scan_on_push
    error_message = "Images must be scanned on push (the validator reads the findings)."
  }
}

run "lifecycle_expires_untagged_first_and_keeps_the_newest_images" {
  command = plan

  assert {
    condition     = [for r in jsondecode(aws_ecr_lifecycle_policy.this.policy).rules : r.selection.tagStatus] == ["untagged", "any"]
    error_message = "Untagged images expire first; the tagStatus any rule must have the highest priority."
  }

  assert {
    condition     = jsondecode(aws_ecr_lifecycle_policy.this.policy).rules[1].selection.countNumber == 30
    error_message = "The 30 newest images are kept by default."
  }

  assert {
    condition     = [for r in jsondecode(aws_ecr_lifecycle_policy.this.policy).rules : r.rulePriority] == [1, 2]
    error_message = "Rule priorities are 1 and 2."
  }
}

run "build_cache_is_a_separate_mutable_repository" {
  command = plan

  assert {
    condition     = aws_ecr_repository.build_cache[0].name == "shop-prod-build-cache" && aws_ecr_repository.build_cache[0].image_tag_mutability == "MUTABLE"
    error_message = "The layer cache needs a moving tag, so it lives in its own mutable repository."
  }
}

run "build_cache_can_be_left_out" {
  command = plan

  variables {
    create_build_cache_repository = false
  }

  assert {
    condition     = length(aws_ecr_repository.build_cache) == 0 && output.build_cache_repository_url == null
    error_message = "Without the cache repository its output is null."
  }
}

run "refuses_to_keep_fewer_than_ten_images" {
  command = plan

  variables {
    max_image_count = 3
  }

  expect_failures = [var.max_image_count]
}
