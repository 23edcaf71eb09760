# Staging: production's services at smaller sizes; one shared NAT (an AZ outage in staging is
# acceptable, and it saves a NAT and an EIP, ~37 USD/month).
environment = "staging"
project     = "buildit-spark"
owner       = "data-platform-team"
cost_center = "belgian-client-analytics"
region      = "eu-north-1"

vpc_cidr        = "10.100.0.0/16"
azs             = ["eu-north-1a", "eu-north-1b"]
public_subnets  = ["10.100.0.0/24", "10.100.1.0/24"]
private_subnets = ["10.100.3.0/24", "10.100.4.0/24"]

enable_nat_gateway     = true
single_nat_gateway     = true
one_nat_gateway_per_az = false

interface_endpoints = ["logs", "secretsmanager", "sqs", "elasticmapreduce"]

mwaa = {
  environment_class = "mw1.small"
  min_workers       = 1
  max_workers       = 2
  schedulers        = 2
}

emr = {
  release_label        = "emr-7.8.0"
  core_instance_types  = ["m5.xlarge", "m5a.xlarge", "m6i.xlarge"]
  core_count           = 2
  core_on_demand_count = 0
  idle_timeout_seconds = 1800
  step_timeout_minutes = 120
  generate_sample_data = true
}

# Used in working hours only, like dev: the office-hours workflow removes MWAA, the Client VPN association, the NAT
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
  log_retention_days = 30
  monthly_budget_usd = 1200
}

# Who uses the platform (docs/access.md). CI roles trust only jobs of this repository running in the
# named GitHub environments; "account" = principals of this account signed in with MFA. Replace with
# IAM Identity Center permission-set role ARN patterns where you use SSO.
access = {
  github_repository         = "your-org/spark-data-platform"
  github_deploy_environment = "staging"
  github_plan_environment   = "staging-plan"
  platform_admins           = ["account"]
  data_engineers            = ["account"]
  analysts                  = ["account"]
}
