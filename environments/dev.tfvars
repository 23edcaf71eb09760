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

# No interface endpoints in dev: the shared NAT carries the few AWS API calls, which saves the
# 4 x 2 endpoint ENIs (~64 USD/month, see npm run cost). The S3 gateway endpoint is free and stays.
interface_endpoints = []

lake = {
  raw_transition_to_ia_days      = 30
  raw_transition_to_glacier_days = 90
  logs_expiration_days           = 90
  prevent_destroy                = false
}

# The smallest MWAA class: one scheduler, one worker. Enough for the two DAGs.
mwaa = {
  environment_class = "mw1.micro"
  min_workers       = 1
  max_workers       = 1
  schedulers        = 1
  log_level         = "INFO"
}

emr = {
  release_label        = "emr-7.8.0"
  core_instance_types  = ["m5.xlarge", "m5a.xlarge", "m6i.xlarge"]
  core_count           = 1 # the sample data (scale 0.01) fits one core node
  core_on_demand_count = 0
  idle_timeout_seconds = 900
  step_timeout_minutes = 60
  generate_sample_data = true
}

# Used in working hours only: the office-hours workflow removes MWAA, the Client VPN association, the NAT
# gateway and the interface endpoints every evening and restores them every working morning
# (docs/cost.md). The daily DAG runs once, when MWAA comes back in the morning.
office_hours = {
  enabled   = true
  days      = "Mon-Fri"
  start     = "07:00"
  end       = "19:00"
  time_zone = "Europe/Brussels"
}

monitoring = {
  alert_email        = "data-platform-alerts@example.com"
  log_retention_days = 14
  monthly_budget_usd = 600
}

# Who uses the platform (docs/access.md). CI roles trust only jobs of this repository running in the
# named GitHub environments; "account" = principals of this account signed in with MFA. Replace with
# IAM Identity Center permission-set role ARN patterns where you use SSO.
access = {
  github_repository         = "your-org/spark-data-platform"
  github_deploy_environment = "dev"
  github_plan_environment   = "dev-plan"
  platform_admins           = ["account"]
  data_engineers            = ["account"]
  analysts                  = ["account"]
}
