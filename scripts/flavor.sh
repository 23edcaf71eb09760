#!/usr/bin/env bash
# flavor.sh — run the app with another CDK core library ("flavor"), from the same sources.
#
#   npm run flavor -- cdktn                     # synthesize with CDK Terrain (= `cdktn synth`)
#   npm run flavor -- cdktn synth --hcl         # any cdktn CLI command (diff, deploy, destroy...)
#   npm run flavor -- cdktn typecheck           # tsc over the sources against CDK Terrain's types
#   npm run flavor -- cdktn test [vitest args]  # the unit tests against CDK Terrain
#   npm run flavor -- cdktn tree                # only prepare the tree; prints its path
#   npm run flavor -- cdktf [cdktf CLI args]    # the default flavor: the root's cdktf CLI, as usual
#
# cdktf (package.json, node_modules/) stays the default. A flavor lives in flavors/<name>/: a
# package.json + package-lock.json with the packages that stand in for cdktf's, installed there with
# `npm ci` (its own node_modules; the default one is never touched), and, in that package.json, a
# "flavor" block: which installed package answers each import name ("imports") and the CLI ("cli").
#
# How the same sources run against another library under ESM + tsx: Node resolves a bare import
# from the directory of the importing file's REAL path, so links to src/ would still find the
# default node_modules. The script therefore keeps a copy of the sources (git's tracked and
# untracked-but-not-ignored files, ~1 MB) in a tree, FLAVOR_TREE (default cdktf.out.flavor/<name>),
# whose node_modules/ holds one symlink per package of the default node_modules, except the import
# names the flavor answers (cdktf -> cdktn, @cdktf/provider-aws -> @cdktn/provider-aws,
# constructs -> constructs 10.6). Links resolve to one real copy each, so the core library is
# loaded once. certificates/ is linked, not copied (generated, git-ignored). The tree is refreshed
# on every run; its cdktf.out/ (synth output, local state) is kept.
#
# The cdktn CLI needs Node >= 22.19: `node` from PATH when it is new enough, else the official Node
# binary from the npm registry (package node-<os>-<arch>@$FLAVOR_NODE_VERSION) installed once into
# $PLATFORM_TOOLS_DIR/node-<version>. The app runs on that Node too (the library alone runs on 20).
set -euo pipefail
shopt -s inherit_errexit

LOG_TAG=flavor
# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$REPO_ROOT"

FLAVOR_NODE_VERSION="${FLAVOR_NODE_VERSION:-22.23.3}"

usage() {
  sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
  exit "${1:-0}"
}

(($#)) || usage 1
NAME="$1"
shift
[[ "$NAME" =~ ^(-h|--help)$ ]] && usage 0

if [[ "$NAME" == cdktf ]]; then
  exec npx --no-install cdktf "$@"
fi
FLAVOR_DIR="$REPO_ROOT/flavors/$NAME"
[[ -f "$FLAVOR_DIR/package.json" ]] ||
  die "unknown flavor '$NAME': no flavors/$NAME/package.json (flavors: cdktf $(find flavors -mindepth 1 -maxdepth 1 -type d -printf '%f '))"
TREE="${FLAVOR_TREE:-$REPO_ROOT/cdktf.out.flavor/$NAME}"

# version_at_least HAVE WANT: dotted versions, numerically.
version_at_least() { [[ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" == "$2" ]]; }

# flavor_field KEY: a value of the "flavor" block of flavors/<name>/package.json, one per line
# (objects as "import<TAB>package").
flavor_field() {
  node -e '
    const f = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).flavor ?? {};
    const v = f[process.argv[2]];
    if (v === undefined) process.exit(1);
    if (typeof v === "object") for (const [k, p] of Object.entries(v)) console.log(`${k}\t${p}`);
    else console.log(v);
  ' "$FLAVOR_DIR/package.json" "$1" || die "flavors/$NAME/package.json has no flavor.$1"
}

# node_bin: prints a node binary that satisfies the flavor's engines.node (">=X.Y"), installing the
# official build from the npm registry into the tools dir when PATH has none.
node_bin() {
  local want have os arch dir
  want=$(node -p 'require(process.argv[1]).engines.node.replace(/^>=\s*/, "")' "$FLAVOR_DIR/package.json")
  have=$(node -p 'process.versions.node')
  if version_at_least "$have" "$want"; then
    command -v node
    return
  fi
  version_at_least "$FLAVOR_NODE_VERSION" "$want" || die "FLAVOR_NODE_VERSION=$FLAVOR_NODE_VERSION is older than $want"
  os=$(node -p 'process.platform')
  arch=$(node -p 'process.arch')
  dir="$TOOLS_DIR/node-$FLAVOR_NODE_VERSION"
  if [[ ! -x "$dir/node_modules/node-$os-$arch/bin/node" ]]; then
    log "Node $have is older than $want (needed by the $NAME CLI): installing node-$os-$arch@$FLAVOR_NODE_VERSION from the npm registry into $dir" >&2
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-save --no-audit --no-fund --loglevel=error "node-$os-$arch@$FLAVOR_NODE_VERSION" >&2 ||
      die "could not install node-$os-$arch@$FLAVOR_NODE_VERSION from the npm registry"
  fi
  printf '%s' "$dir/node_modules/node-$os-$arch/bin/node"
}

# install_flavor: `npm ci` in flavors/<name> when its lock file changed since the last install.
install_flavor() {
  local stamp="$FLAVOR_DIR/node_modules/.flavor-lock.sha256" sum
  [[ -f "$FLAVOR_DIR/package-lock.json" ]] || die "flavors/$NAME/package-lock.json is missing (create it with npm install there)"
  sum=$(sha256sum "$FLAVOR_DIR/package-lock.json" | cut -d' ' -f1)
  [[ -f "$stamp" && "$(cat "$stamp")" == "$sum" ]] && return 0
  log "installing flavors/$NAME (npm ci; ~1 min, ~750 MB: the AWS provider bindings)" >&2
  # engines: the CLI's Node floor is checked by node_bin, not here (the library runs on Node 20)
  (cd "$FLAVOR_DIR" && PATH="$(dirname "$NODE"):$PATH" npm ci --no-audit --no-fund --loglevel=error) >&2 ||
    die "npm ci in flavors/$NAME failed"
  echo "$sum" >"$stamp"
}

# build_tree: the copy of the sources with the flavor's node_modules links (see the header).
build_tree() {
  local entry name import pkg
  mkdir -p "$TREE"
  find "$TREE" -mindepth 1 -maxdepth 1 ! -name cdktf.out -exec rm -rf {} +
  git -C "$REPO_ROOT" ls-files -z --cached --others --exclude-standard |
    while IFS= read -r -d '' f; do [[ -f "$f" && "$f" != certificates/* ]] && printf '%s\0' "$f"; done |
    tar --null -T - -cf - | tar -xf - -C "$TREE"
  ln -sfn "$REPO_ROOT/certificates" "$TREE/certificates"
  mkdir -p "$TREE/node_modules"
  for entry in "$REPO_ROOT"/node_modules/* "$REPO_ROOT"/node_modules/@*/*; do
    name="${entry#"$REPO_ROOT"/node_modules/}"
    [[ "$name" == @*/* || "$name" != @* ]] || continue # scope dirs: their packages are linked one by one
    mkdir -p "$(dirname "$TREE/node_modules/$name")"
    ln -sfn "$(readlink -f "$entry")" "$TREE/node_modules/$name"
  done
  while IFS=$'\t' read -r import pkg; do
    [[ -d "$FLAVOR_DIR/node_modules/$pkg" ]] || die "flavors/$NAME: $pkg is not installed (flavor.imports.$import)"
    mkdir -p "$(dirname "$TREE/node_modules/$import")"
    ln -sfn "$FLAVOR_DIR/node_modules/$pkg" "$TREE/node_modules/$import"
  done < <(flavor_field imports)
}

NODE="$(node_bin)"
install_flavor
build_tree
CLI="$FLAVOR_DIR/node_modules/$(flavor_field cli)"
PATH="$(dirname "$NODE"):$PATH"
export PATH
cd "$TREE"
case "${1:-synth}" in
  tree) echo "$TREE" ;;
  typecheck) exec "$NODE" node_modules/typescript/bin/tsc --noEmit -p tsconfig.json ;;
  test) exec "$NODE" node_modules/vitest/vitest.mjs run "${@:2}" ;;
  *)
    (($#)) || set -- synth
    exec "$NODE" "$CLI" "$@"
    ;;
esac
