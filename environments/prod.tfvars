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
