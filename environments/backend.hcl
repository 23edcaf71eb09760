# Where Terraform state lives, shared by every environment (one object per environment:
# <key_prefix>/<environment>/terraform.tfstate). Applied first, by the state-backend stack.
# S3 bucket names are global: change this to something unique to your client before the first apply.
bucket = "buildit-spark-platform-tfstate-eun1"
region = "eu-north-1"

key_prefix                         = "platform"
noncurrent_version_expiration_days = 90
kms_deletion_window_days           = 30

# The state key (output state_kms_key_arn of the state-backend stack, known after its first apply).
# The state bucket refuses uploads that do not name it; until it is set here, pass it at init:
#   terraform init -backend-config="kms_key_id=<state_kms_key_arn>"
# kms_key_id = "arn:aws:kms:eu-north-1:111122223333:key/..."

# The account's GitHub OIDC provider is created here, once per account (false if it exists already).
create_github_oidc_provider = true
