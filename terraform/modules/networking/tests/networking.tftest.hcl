# Plan-only with a mocked provider. terraform init -backend=false && terraform test

mock_provider "aws" {
  override_during = plan

  mock_data "aws_vpc_endpoint_service" {
    defaults = { service_name = "com.amazonaws.eu-west-1.mocked" }
  }
  mock_data "aws_partition" {
    defaults = { partition = "aws", reverse_dns_prefix = "com.amazonaws" }
  }
  mock_data "aws_region" {
    defaults = { name = "eu-west-1" }
  }
}

# The same module in the aws-cn partition.
mock_provider "aws" {
  alias           = "china"
  override_during = plan

  mock_data "aws_vpc_endpoint_service" {
    defaults = { service_name = "cn.com.amazonaws.cn-north-1.mocked" }
  }
  mock_data "aws_partition" {
    defaults = { partition = "aws-cn", reverse_dns_prefix = "cn.com.amazonaws" }
  }
  mock_data "aws_region" {
    defaults = { name = "cn-north-1" }
  }
}

variables {
  project_name       = "shop"
  environment        = "prod"
  vpc_cidr           = "10.30.0.0/16"
  availability_zones = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
}

run "prod_has_one_nat_gateway_per_availability_zone" {
  command = plan

  assert {
    condition     = length(aws_nat_gateway.this) == 3 && length(aws_eip.nat) == 3
    error_message = "Each AZ needs its own NAT gateway (article Mistake 1)."
  }

  assert {
    condition     = length(aws_route_table.private) == 3 && length(aws_route.private_nat) == 3
    error_message = "Each AZ needs its own private route table."
  }
}

run "subnets_are_carved_without_overlap" {
  command = plan

  assert {
    condition     = aws_subnet.public[*].cidr_block == ["10.30.0.0/20", "10.30.16.0/20", "10.30.32.0/20"]
    error_message = "Public subnets are the first /20s of the VPC."
  }

  assert {
    condition     = aws_subnet.private[*].cidr_block == ["10.30.48.0/20", "10.30.64.0/20", "10.30.80.0/20"]
    error_message = "Private subnets follow the public ones."
  }

  assert {
    condition     = alltrue([for s in aws_subnet.public : s.map_public_ip_on_launch == false])
    error_message = "Nothing gets a public IP automatically, not even in public subnets."
  }
}

run "endpoints_for_ecr_logs_secrets_and_s3" {
  command = plan

  assert {
    condition     = toset(keys(aws_vpc_endpoint.interface)) == toset(["ecr.api", "ecr.dkr", "logs", "secretsmanager"])
    error_message = "The interface endpoints a private Fargate task needs must exist by default (article Mistake 4)."
  }

  assert {
    condition     = alltrue([for e in aws_vpc_endpoint.interface : e.private_dns_enabled && e.vpc_endpoint_type == "Interface"])
    error_message = "Interface endpoints need private DNS, or the SDK keeps resolving the public names."
  }

  assert {
    condition     = aws_vpc_endpoint.s3.vpc_endpoint_type == "Gateway"
    error_message = "ECR layers come from S3: the S3 gateway endpoint must exist."
  }

  assert {
    condition     = aws_vpc_security_group_ingress_rule.vpc_endpoints_https.from_port == 443 && aws_vpc_security_group_ingress_rule.vpc_endpoints_https.to_port == 443
    error_message = "The endpoints accept HTTPS only."
  }
}

run "dev_may_share_one_nat_gateway" {
  command = plan

  variables {
    environment        = "dev"
    single_nat_gateway = true
  }

  assert {
    condition     = length(aws_nat_gateway.this) == 1 && length(aws_route.private_nat) == 3
    error_message = "A single NAT gateway serves every private route table in dev."
  }
}

run "interface_endpoints_can_be_turned_off" {
  command = plan

  variables {
    environment         = "dev"
    interface_endpoints = []
  }

  assert {
    condition     = length(aws_vpc_endpoint.interface) == 0
    error_message = "interface_endpoints = [] creates none."
  }
}

run "prod_refuses_a_single_nat_gateway" {
  command = plan

  variables {
    single_nat_gateway = true
  }

  expect_failures = [var.single_nat_gateway]
}

run "refuses_a_single_availability_zone" {
  command = plan

  variables {
    availability_zones = ["eu-west-1a"]
  }

  expect_failures = [var.availability_zones]
}

run "refuses_an_invalid_cidr" {
  command = plan

  variables {
    vpc_cidr = "10.30.0.0/28"
  }

  expect_failures = [var.vpc_cidr]
}

run "endpoint_service_names_are_looked_up_in_the_partitions_forms" {
  command = plan

  assert {
    condition     = one(data.aws_vpc_endpoint_service.interface["ecr.api"].filter).values == toset(["com.amazonaws.eu-west-1.ecr.api"])
    error_message = "In the aws partition the endpoint service is com.amazonaws.<region>.<service>."
  }
}

run "in_aws_cn_both_name_forms_are_looked_up" {
  command = plan

  providers = {
    aws = aws.china
  }

  variables {
    availability_zones = ["cn-north-1a", "cn-north-1b"]
  }

  assert {
    condition = one(data.aws_vpc_endpoint_service.interface["ecr.api"].filter).values == toset([
      "com.amazonaws.cn-north-1.ecr.api", "cn.com.amazonaws.cn-north-1.ecr.api",
    ])
    error_message = "aws-cn publishes most endpoint services as cn.com.amazonaws.<region>.<service>: both forms are looked up."
  }

  assert {
    condition     = one(data.aws_vpc_endpoint_service.s3.filter).values == toset(["com.amazonaws.cn-north-1.s3", "cn.com.amazonaws.cn-north-1.s3"])
    error_message = "The S3 gateway (com.amazonaws.<region>.s3 in aws-cn) is found by the same lookup."
  }

  assert {
    condition     = aws_vpc_endpoint.interface["ecr.api"].service_name == "cn.com.amazonaws.cn-north-1.mocked"
    error_message = "The endpoint uses the name the lookup found."
  }
}
