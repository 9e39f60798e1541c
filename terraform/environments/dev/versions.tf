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
  backend "s3" {
    key          = "environments/dev/terraform.tfstate"
    use_lockfile = true
    encrypt      = true
  }
}
