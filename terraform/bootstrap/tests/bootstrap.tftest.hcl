# Plan-only with a mocked provider. terraform init -backend=false && terraform test

mock_provider "aws" {
  mock_data "aws_caller_identity" {
    defaults = { account_id = "123456789012" }
  }
}

variables {
  aws_region = "eu-west-1"
}

run "state_bucket_is_versioned_encrypted_and_private" {
  command = plan

  assert {
    condition     = aws_s3_bucket.state.bucket == "pipeline-guard-tfstate-123456789012-eu-west-1"
    error_message = "The state bucket name carries the account and region (globally unique)."
  }

  assert {
    condition     = one(aws_s3_bucket_versioning.state.versioning_configuration).status == "Enabled"
    error_message = "Versioning is what lets you restore a state file a botched apply overwrote."
  }

  assert {
    condition     = one(one(aws_s3_bucket_server_side_encryption_configuration.state.rule).apply_server_side_encryption_by_default).sse_algorithm == "aws:kms"
    error_message = "State is encrypted with KMS."
  }

  assert {
    condition = (
      aws_s3_bucket_public_access_block.state.block_public_acls && aws_s3_bucket_public_access_block.state.block_public_policy &&
      aws_s3_bucket_public_access_block.state.ignore_public_acls && aws_s3_bucket_public_access_block.state.restrict_public_buckets
    )
    error_message = "Public access is blocked."
  }
}

run "s3_native_locking_without_a_table_by_default" {
  command = plan

  assert {
    condition     = length(aws_dynamodb_table.locks) == 0 && output.lock_table_name == null
    error_message = "No DynamoDB table unless asked for: the environments lock with use_lockfile."
  }
}

run "optional_dynamodb_table_has_the_lock_schema" {
  command = plan

  variables {
    create_dynamodb_lock_table = true
  }

  assert {
    condition     = aws_dynamodb_table.locks[0].hash_key == "LockID" && one(aws_dynamodb_table.locks[0].attribute).type == "S"
    error_message = "The lock table is keyed by the string LockID."
  }
}

run "a_long_project_name_in_a_long_region_still_makes_a_valid_bucket_name" {
  command = plan

  variables {
    project_name = "a-long-project-name-of-31-chars"
    aws_region   = "ap-southeast-4"
  }

  assert {
    condition     = length(aws_s3_bucket.state.bucket) <= 63 && aws_s3_bucket.state.bucket == "a-long-project-name-of-31-c-tfstate-123456789012-ap-southeast-4"
    error_message = "The default name shortens the project part to fit S3's 63 characters and keeps account and region."
  }
}

run "an_explicit_bucket_name_is_used_as_is" {
  command = plan

  variables {
    state_bucket_name = "my-state"
  }

  assert {
    condition     = aws_s3_bucket.state.bucket == "my-state"
    error_message = "state_bucket_name overrides the default."
  }
}

run "backend_config_leaves_encryption_to_the_buckets_kms_default" {
  command = plan

  assert {
    condition     = !strcontains(output.backend_config, "encrypt") && !strcontains(output.backend_config, "kms_key_id")
    error_message = "encrypt = true without kms_key_id would make Terraform store the state with SSE-S3, not the bucket's KMS default."
  }

  assert {
    condition     = strcontains(output.backend_config, "use_lockfile = true") && strcontains(output.backend_config, "bucket       = \"pipeline-guard-tfstate-123456789012-eu-west-1\"")
    error_message = "backend.hcl names the bucket and locks with S3 native lock files."
  }
}
