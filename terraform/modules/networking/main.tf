locals {
  name = "${var.project_name}-${var.environment}"

  # One NAT gateway per AZ unless a single one was asked for (dev only; see the variable's validation).
  nat_gateway_count = var.single_nat_gateway ? 1 : length(var.availability_zones)
}

data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  # Endpoint service names differ by partition and service: aws-cn publishes most services as
  # cn.com.amazonaws.<region>.<service> but S3 as com.amazonaws.<region>.s3. The data source's
  # "service" argument always builds com.amazonaws.*, so the names are looked up by filter among both
  # forms instead; in the aws partition both forms are the same name.
  endpoint_name_prefixes = distinct(["com.amazonaws", data.aws_partition.current.reverse_dns_prefix])
}

data "aws_vpc_endpoint_service" "interface" {
  for_each = toset(var.interface_endpoints)

  service_type = "Interface"

  filter {
    name   = "service-name"
    values = [for prefix in local.endpoint_name_prefixes : "${prefix}.${data.aws_region.current.name}.${each.key}"]
  }
}

data "aws_vpc_endpoint_service" "s3" {
  service_type = "Gateway"

  filter {
    name   = "service-name"
    values = [for prefix in local.endpoint_name_prefixes : "${prefix}.${data.aws_region.current.name}.s3"]
  }
}

resource "aws_vpc" "this" {
  cidr_block           = var.vpc_cidr
  enable_dns_hostnames = true # interface endpoints with private DNS need both DNS settings
  enable_dns_support   = true

  tags = merge(var.tags, { Name = "${local.name}-vpc" })
}

resource "aws_internet_gateway" "this" {
  vpc_id = aws_vpc.this.id

  tags = merge(var.tags, { Name = "${local.name}-igw" })
}

# Public subnets hold only the load balancer and the NAT gateways: nothing gets a public IP by default.
resource "aws_subnet" "public" {
  count = length(var.availability_zones)

  vpc_id                  = aws_vpc.this.id
  cidr_block              = cidrsubnet(var.vpc_cidr, 4, count.index)
  availability_zone       = var.availability_zones[count.index]
  map_public_ip_on_launch = false

  tags = merge(var.tags, { Name = "${local.name}-public-${var.availability_zones[count.index]}", Tier = "public" })
}

resource "aws_subnet" "private" {
  count = length(var.availability_zones)

  vpc_id            = aws_vpc.this.id
  cidr_block        = cidrsubnet(var.vpc_cidr, 4, count.index + length(var.availability_zones))
  availability_zone = var.availability_zones[count.index]

  tags = merge(var.tags, { Name = "${local.name}-private-${var.availability_zones[count.index]}", Tier = "private" })
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.this.id

  tags = merge(var.tags, { Name = "${local.name}-public" })
}

resource "aws_route" "public_internet" {
  route_table_id         = aws_route_table.public.id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.this.id
}

resource "aws_route_table_association" "public" {
  count = length(var.availability_zones)

  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public.id
}

resource "aws_eip" "nat" {
  count = local.nat_gateway_count

  domain = "vpc"

  tags = merge(var.tags, { Name = "${local.name}-nat-${var.availability_zones[count.index]}" })
}

resource "aws_nat_gateway" "this" {
  count = local.nat_gateway_count

  allocation_id = aws_eip.nat[count.index].id
  subnet_id     = aws_subnet.public[count.index].id

  tags = merge(var.tags, { Name = "${local.name}-nat-${var.availability_zones[count.index]}" })

  depends_on = [aws_internet_gateway.this]
}

# One private route table per AZ, so that each AZ egresses through its own NAT gateway (or the single
# shared one in dev) and the S3 gateway endpoint is attached to all of them.
resource "aws_route_table" "private" {
  count = length(var.availability_zones)

  vpc_id = aws_vpc.this.id

  tags = merge(var.tags, { Name = "${local.name}-private-${var.availability_zones[count.index]}" })
}

resource "aws_route" "private_nat" {
  count = length(var.availability_zones)

  route_table_id         = aws_route_table.private[count.index].id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = aws_nat_gateway.this[var.single_nat_gateway ? 0 : count.index].id
}

resource "aws_route_table_association" "private" {
  count = length(var.availability_zones)

  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private[count.index].id
}

# Interface endpoints accept HTTPS from inside the VPC only.
resource "aws_security_group" "vpc_endpoints" {
  name_prefix = "${local.name}-vpce-"
  description = "HTTPS from inside ${local.name}-vpc to the interface VPC endpoints"
  vpc_id      = aws_vpc.this.id

  tags = merge(var.tags, { Name = "${local.name}-vpc-endpoints" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "vpc_endpoints_https" {
  security_group_id = aws_security_group.vpc_endpoints.id
  description       = "HTTPS from the VPC"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = aws_vpc.this.cidr_block
}

resource "aws_vpc_endpoint" "interface" {
  for_each = data.aws_vpc_endpoint_service.interface

  vpc_id              = aws_vpc.this.id
  service_name        = each.value.service_name
  vpc_endpoint_type   = "Interface"
  subnet_ids          = aws_subnet.private[*].id
  security_group_ids  = [aws_security_group.vpc_endpoints.id]
  private_dns_enabled = true

  tags = merge(var.tags, { Name = "${local.name}-${each.key}" })
}

# ECR stores image layers in S3: without this gateway endpoint (or a NAT path) pulls fail with
# "CannotPullContainerError ... failed to copy: httpReadSeeker" even when both ECR endpoints exist.
resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.this.id
  service_name      = data.aws_vpc_endpoint_service.s3.service_name
  vpc_endpoint_type = "Gateway"
  route_table_ids   = aws_route_table.private[*].id

  tags = merge(var.tags, { Name = "${local.name}-s3" })
}
