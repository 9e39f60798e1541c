terraform {
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100, < 6.0"
    }
  }

  # Partial configuration: bucket and region come from backend.hcl, written by terraform/bootstrap
  # (terraform init -backend-config=backend.hcl). The key is fixed here, one per environment.
  # S3 native locking (use_lockfile, Terraform >= 1.11): a <key>.tflock object next to the state,
  # no DynamoDB table (DynamoDB locking is deprecated in the S3 backend).
  # No "encrypt = true": without a kms_key_id it makes every state write ask for SSE-S3 (AES256),
  # overriding the bucket's default KMS encryption that bootstrap sets up. Left out, the state and
  # its lock file are encrypted with the bucket's KMS default.
  backend "s3" {
    key          = "environments/prod/terraform.tfstate"
    use_lockfile = true
  }
}
