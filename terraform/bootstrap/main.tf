# Replaces the article's manual "aws s3api create-bucket ... aws dynamodb create-table" steps.

data "aws_caller_identity" "current" {}

locals {
  # <project>-tfstate-<account>-<region>: globally unique. S3 allows 63 characters and the suffix takes
  # up to 36 (a 14-character region such as ap-southeast-4), so a long project name is shortened
  # rather than the account or region dropped.
  state_bucket_suffix       = "-tfstate-${data.aws_caller_identity.current.account_id}-${var.aws_region}"
  default_state_bucket_name = "${trimsuffix(substr(var.project_name, 0, 63 - length(local.state_bucket_suffix)), "-")}${local.state_bucket_suffix}"
  state_bucket_name         = coalesce(var.state_bucket_name, local.default_state_bucket_name)
  lock_table_name           = "${var.project_name}-terraform-locks"
}

resource "aws_s3_bucket" "state" {
  bucket = local.state_bucket_name

  lifecycle {
    prevent_destroy = true

    precondition {
      condition     = length(local.state_bucket_name) <= 63 && can(regex("^[a-z0-9][a-z0-9.-]*[a-z0-9]$", local.state_bucket_name))
      error_message = "The state bucket name ${local.state_bucket_name} is not a valid S3 bucket name (at most 63 lowercase letters, digits, dots and hyphens)."
    }
  }
}

resource "aws_s3_bucket_ownership_controls" "state" {
  bucket = aws_s3_bucket.state.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "state" {
  bucket                  = aws_s3_bucket.state.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# Versioning is what lets you restore the state a botched apply overwrote.
resource "aws_s3_bucket_versioning" "state" {
  bucket = aws_s3_bucket.state.id

  versioning_configuration {
    status = "Enabled"
  }
}

# State files hold every attribute of every resource, sensitive ones included: encrypt with KMS.
resource "aws_s3_bucket_server_side_encryption_configuration" "state" {
  bucket = aws_s3_bucket.state.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "state" {
  bucket = aws_s3_bucket.state.id

  rule {
    id     = "expire-old-state-versions"
    status = "Enabled"

    filter {}

    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_retention_days
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }

  depends_on = [aws_s3_bucket_versioning.state]
}

resource "aws_s3_bucket_policy" "state" {
  bucket = aws_s3_bucket.state.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyInsecureTransport"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [aws_s3_bucket.state.arn, "${aws_s3_bucket.state.arn}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })

  depends_on = [aws_s3_bucket_public_access_block.state]
}

resource "aws_dynamodb_table" "locks" {
  count = var.create_dynamodb_lock_table ? 1 : 0

  name         = local.lock_table_name
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "LockID"

  attribute {
    name = "LockID"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled = true
  }

  deletion_protection_enabled = true
}
