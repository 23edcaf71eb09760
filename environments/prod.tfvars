# Production: resilient (one NAT per AZ, two MWAA schedulers), data protected from destroy.
environment = "prod"
project     = "buildit-spark"
owner       = "data-platform-team"
cost_center = "belgian-client-analytics"
region      = "eu-north-1"

vpc_cidr        = "10.100.0.0/16"
azs             = ["eu-north-1a", "eu-north-1b"]
public_subnets  = ["10.100.0.0/24", "10.100.1.0/24"]
private_subnets = ["10.100.3.0/24", "10.100.4.0/24"]

enable_nat_gateway     = true
single_nat_gateway     = false
one_nat_gateway_per_az = true

interface_endpoints = ["logs", "secretsmanager", "sqs", "elasticmapreduce"]

tags = {
  data-classification = "confidential"
}

lake = {
  noncurrent_version_expiration_days = 90
  logs_expiration_days               = 365
  prevent_destroy                    = true
}

mwaa = {
  environment_class = "mw1.small"
  min_workers       = 1
  max_workers       = 5
  schedulers        = 2
}

# EXAMPLE ARNs - REPLACE before the first prod apply: import the server and client-root certificates
# into ACM (docs/access.md, "VPN certificates in ACM") so no private key enters Terraform state.
vpn = {
  server_certificate_arn      = "arn:aws:acm:eu-north-1:111122223333:certificate/00000000-0000-4000-8000-000000000001"
  client_root_certificate_arn = "arn:aws:acm:eu-north-1:111122223333:certificate/00000000-0000-4000-8000-000000000002"
}

emr = {
  release_label        = "emr-7.8.0"
  core_instance_types  = ["m5.xlarge", "m5a.xlarge", "m6i.xlarge"]
  core_count           = 2
  core_on_demand_count = 1 # one core node survives a Spot reclaim, so a run slows down instead of failing
  idle_timeout_seconds = 1800
  step_timeout_minutes = 180
  # Raw data is landed by `npm run land` (docs/data-run.md); the run waits for its _SUCCESS marker.
  raw_arrival_timeout_minutes       = 360
  quarantine_rate_threshold_percent = 5
  generate_sample_data              = false
}

monitoring = {
  alert_email        = "data-platform-alerts@example.com"
  log_retention_days = 90
  monthly_budget_usd = 2500
}

# Who uses the platform (docs/access.md). CI roles trust only jobs of this repository running in the
# named GitHub environments; "account" = principals of this account signed in with MFA. Replace with
# IAM Identity Center permission-set role ARN patterns where you use SSO.
access = {
  github_repository         = "your-org/spark-data-platform"
  github_deploy_environment = "prod"
  github_plan_environment   = "prod-plan"
  platform_admins           = ["account"]
  data_engineers            = ["account"]
  analysts                  = ["account"]
}
