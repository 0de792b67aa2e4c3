#!/usr/bin/env bash
# Clean debug builds of a one-line downstream binary that depends on this crate by path, one per
# dependency line, the way README's "Features and build time" and "Services" tables are measured:
#
#   scripts/measure-downstream.sh [--runs N] [SERVICE...]
#
# Rows: the default features; `default-features = false` with `apigatewayv2` (the library); then
# the library plus each SERVICE named (its cargo feature; default: lambda iam logs s3 ec2). Each
# build starts from an empty target directory (`rm -rf target`, as a new user's first build) and is
# timed with /usr/bin/time (wall seconds, user seconds, peak RSS); with --runs N each is run N
# times. The Δ column is the added wall time against the library row of the same run. Prints a
# Markdown table. Nothing in the workspace is written.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=1
services=()
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    *) services+=("$1"); shift ;;
  esac
done
[ ${#services[@]} -gt 0 ] || services=(lambda iam logs s3 ec2)
work=$(mktemp -d /tmp/measure-downstream.XXXXXX)
trap 'rm -rf "$work"' EXIT

# One build: prints "wall user peak_kb".
build() {
  local dep=$1 dir="$work/user"
  rm -rf "$dir"; mkdir -p "$dir/src"
  cat >"$dir/Cargo.toml" <<TOML
[package]
name = "user"
version = "0.1.0"
edition = "2024"

[dependencies]
cfn-apigatewayv2 = $dep

[workspace]
TOML
  echo 'fn main() { println!("{}", cfn_apigatewayv2::apigatewayv2::Api::TYPE_NAME); }' >"$dir/src/main.rs"
  cp "$root/Cargo.lock" "$dir/Cargo.lock"
  (cd "$dir" && CARGO_TARGET_DIR="$dir/target" /usr/bin/time -f "%e %U %M" -o "$work/time" cargo build -q --offline 2>"$work/err") \
    || { echo "build failed for $dep:" >&2; cat "$work/err" >&2; exit 1; }
  cat "$work/time"
}

# One row: runs the build $runs times; sets $best (the fastest wall time).
best=""
row() {
  local label=$1 dep=$2 base=${3:-}
  local walls="" users="" peak=0 wall user kb
  for _ in $(seq "$runs"); do
    read -r wall user kb < <(build "$dep")
    walls="$walls/$wall"; users="$users/$user"
    [ "$kb" -gt "$peak" ] && peak=$kb
  done
  best=$(echo "${walls#/}" | tr '/' '\n' | sort -n | head -1)
  local delta="—"
  [ -n "$base" ] && delta=$(awk -v a="$best" -v b="$base" 'BEGIN { printf "%+.1f s", a - b }')
  printf '| %s | %s | %s | %s | %.2f GB |\n' "$label" "${walls#/}" "${users#/}" "$delta" \
    "$(awk -v k="$peak" 'BEGIN { print k / 1048576 }')"
}

path="path = \"$root\""
echo "| dependency | wall s | user s | Δ wall vs library | peak RSS |"
echo "| --- | ---: | ---: | ---: | ---: |"
row "default features" "{ $path }"
row "\`features = [\"apigatewayv2\"]\` (no default features)" \
  "{ $path, default-features = false, features = [\"apigatewayv2\"] }"
lib=$best
for s in "${services[@]}"; do
  row "… + \`$s\`" "{ $path, default-features = false, features = [\"apigatewayv2\", \"$s\"] }" "$lib"
done
