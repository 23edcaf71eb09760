# Development: the cheapest layout that still runs the whole pipeline.
environment = "dev"
project     = "buildit-spark"
owner       = "data-platform-team"
cost_center = "belgian-client-analytics"
region      = "eu-north-1"

vpc_cidr        = "10.100.0.0/16"
azs             = ["eu-north-1a", "eu-north-1b"]
public_subnets  = ["10.100.0.0/24", "10.100.1.0/24"] # [0] VPN target, [1] application
private_subnets = ["10.100.3.0/24", "10.100.4.0/24"] # private A, private B

# One NAT gateway serves both private route tables: saves a NAT and an EIP a month.
enable_nat_gateway     = true
single_nat_gateway     = true
one_nat_gateway_per_az = false

interface_endpoints = ["logs", "secretsmanager", "sqs", "elasticmapreduce"]
