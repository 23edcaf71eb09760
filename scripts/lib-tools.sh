# shellcheck shell=bash
# lib-tools.sh — helpers for scripts that use the toolchain built by
# scripts/bootstrap-tools.sh. Source it, then call `tools_env`:
#
#   source scripts/lib-tools.sh
#   tools_env                        # bootstraps if needed, then sources env.sh
#   tools_tf_init_validate cdktf.out/stacks/platform-dev
#   tools_tflint cdktf.out/stacks/platform-dev
#   tools_checkov cdktf.out/stacks/platform-dev
#
# All helpers work offline once the bootstrap has run.

tools_dir() { printf '%s\n' "${PLATFORM_TOOLS_DIR:-$HOME/.cache/spark-platform-tools}"; }

# Source env.sh, running the bootstrap first when it is missing.
tools_env() {
  local dir here
  dir="$(tools_dir)"
  here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
  if [[ ! -f "$dir/env.sh" ]]; then
    "$here/bootstrap-tools.sh" >&2 || return 1
  fi
  # shellcheck disable=SC1091
  source "$dir/env.sh"
}

# terraform init (offline, from the filesystem mirror) + validate in DIR.
# (creates DIR/.terraform and DIR/.terraform.lock.hcl).
tools_tf_init_validate() {
  local d="$1"
  ( cd "$d" &&
    terraform init -backend=false -input=false -no-color >/dev/null &&
    terraform validate -no-color )
}

# tflint with the generated config (aws ruleset preinstalled; no --init needed).
tools_tflint() {
  local d="$1"; shift
  tflint --config "$PLATFORM_TFLINT_CONFIG" --chdir "$d" "$@"
}

# checkov on a directory (compact output); extra args are passed through.
tools_checkov() {
  local d="$1"; shift
  checkov -d "$d" --compact --quiet --skip-download "$@"
}
