terraform {
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100, < 6.0"
    }
  }

  # Local state on purpose: this root creates the bucket every other root keeps its state in. Keep
  # terraform.tfstate of this directory safe, or move it into the bucket afterwards (docs/deploy.md).
}
