# Where Terraform state lives, shared by every environment (one object per environment:
# <key_prefix>/<environment>/terraform.tfstate). Applied first, by the state-backend stack.
# S3 bucket names are global: change this to something unique to your client before the first apply.
bucket = "buildit-spark-platform-tfstate-eun1"
region = "eu-north-1"

key_prefix                         = "platform"
noncurrent_version_expiration_days = 90
kms_deletion_window_days           = 30
