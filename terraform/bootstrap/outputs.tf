output "state_bucket_name" {
  description = "Name of the state bucket."
  value       = aws_s3_bucket.state.bucket
}

output "state_bucket_arn" {
  description = "ARN of the state bucket."
  value       = aws_s3_bucket.state.arn
}

output "lock_table_name" {
  description = "Name of the DynamoDB lock table, or null when S3 native locking alone is used."
  value       = try(aws_dynamodb_table.locks[0].name, null)
}

output "backend_config" {
  description = "Contents of backend.hcl for terraform init -backend-config=backend.hcl in terraform/environments/<env> (each environment sets its own key)."
  value = join("\n", compact([
    "bucket       = \"${aws_s3_bucket.state.bucket}\"",
    "region       = \"${var.aws_region}\"",
    "use_lockfile = true",
    # No "encrypt = true": without a kms_key_id it would store the state with SSE-S3 instead of the
    # bucket's default KMS encryption.
    var.create_dynamodb_lock_table ? "dynamodb_table = \"${local.lock_table_name}\"" : "",
  ]))
}
