# shellcheck shell=bash
# The AWS emulator for scripts/deploy-local.sh and the tests under tests/infra/. Source me after
# scripts/lib/common.sh and load_tools; do not run me.
#
# Provides: require_moto_python, start_moto LOG_DIR (sets ENDPOINT, MOTO_PID; writes LOG_DIR/moto.log
# and moto.pid; also sets the test-only AWS credentials; MOTO_SERVER_SCRIPT picks another wrapper
# than scripts/lib/moto_server.py), stop_moto (idempotent; trap it on EXIT),
# empty_buckets only|except BUCKET.

MOTO_PYTHON="${PLATFORM_TOOLS_VENV:-$TOOLS_DIR/venv-tools}/bin/python"
MOTO_PID=""
ENDPOINT=""

require_moto_python() {
  "$MOTO_PYTHON" -c 'import moto.server' 2>/dev/null ||
    die "moto[server] not importable with $MOTO_PYTHON: run 'npm run bootstrap' (scripts/bootstrap-tools.sh)"
}

stop_moto() {
  if [[ -n "$MOTO_PID" ]] && kill -0 "$MOTO_PID" 2>/dev/null; then
    kill "$MOTO_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$MOTO_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$MOTO_PID" 2>/dev/null || true
    wait "$MOTO_PID" 2>/dev/null || true
    log "moto_server (pid $MOTO_PID) stopped"
  fi
  MOTO_PID=""
}

start_moto() {
  local log_dir="$1" port i
  require_moto_python
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
  ENDPOINT="http://127.0.0.1:$port"
  # moto_server via scripts/lib/moto_server.py: small fixes to moto responses the provider relies on
  # AWS managed policies (e.g. service-role/AmazonEMRServicePolicy_v2) exist only when loaded.
  MOTO_IAM_LOAD_MANAGED_POLICIES=true \
    "$MOTO_PYTHON" "${MOTO_SERVER_SCRIPT:-$REPO_ROOT/scripts/lib/moto_server.py}" -H 127.0.0.1 -p "$port" >"$log_dir/moto.log" 2>&1 &
  MOTO_PID=$!
  echo "$MOTO_PID" >"$log_dir/moto.pid"
  for i in $(seq 1 120); do
    kill -0 "$MOTO_PID" 2>/dev/null || {
      cat "$log_dir/moto.log"
      die "moto_server exited during startup"
    }
    curl -sf -o /dev/null "$ENDPOINT/moto-api/" && break
    ((i == 120)) && die "moto_server did not answer on $ENDPOINT within 60s (log: $log_dir/moto.log)"
    sleep 0.5
  done
  log "moto_server $("$MOTO_PYTHON" -c 'import moto; print(moto.__version__)') listening on $ENDPOINT (pid $MOTO_PID)"
  # Test credentials only: never a developer's profile, never the instance metadata service.
  export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
  unset AWS_SESSION_TOKEN AWS_PROFILE AWS_DEFAULT_PROFILE AWS_ROLE_ARN AWS_WEB_IDENTITY_TOKEN_FILE
  export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_EC2_METADATA_DISABLED=true
}

# empty_buckets only|except BUCKET: delete every object version and delete marker of BUCKET, or of
# every bucket but BUCKET. A versioned bucket that still holds versions cannot be deleted
# (BucketNotEmpty): Terraform's aws_s3_object destroy leaves the old versions behind.
empty_buckets() {
  "$MOTO_PYTHON" - "$1" "$2" "$ENDPOINT" <<'EOF'
import sys

import boto3

mode, bucket, endpoint = sys.argv[1:4]
s3 = boto3.client("s3", endpoint_url=endpoint)
names = [b["Name"] for b in s3.list_buckets().get("Buckets", [])]
names = [n for n in names if (n == bucket) == (mode == "only")]
for name in names:
    n = 0
    for page in s3.get_paginator("list_object_versions").paginate(Bucket=name):
        for item in page.get("Versions", []) + page.get("DeleteMarkers", []):
            s3.delete_object(Bucket=name, Key=item["Key"], VersionId=item["VersionId"])
            n += 1
    print(f"emptied s3://{name}: {n} object version(s) deleted")
if not names:
    print("no bucket to empty")
EOF
}
