# TFLint configuration for the synthesized stacks (cdktf.out/stacks/* and cdktf.out.hcl/stacks/*).
# scripts/verify.sh runs: tflint --config <repo>/.tflint.hcl --chdir <stack dir> --minimum-failure-severity=notice
# Locally the aws ruleset is pre-built by scripts/bootstrap-tools.sh into $TFLINT_PLUGIN_DIR, so no
# `tflint --init` (which would download it) is needed; CI runs `tflint --init` with this file.
# Keep `version` equal to TFLINT_RULESET_AWS_VERSION in scripts/bootstrap-tools.sh.
config {
  call_module_type = "local"
}

plugin "terraform" {
  enabled = true
  preset  = "recommended"
}

plugin "aws" {
  enabled = true
  version = "0.36.0"
  source  = "github.com/terraform-linters/tflint-ruleset-aws"
}
