#!/usr/bin/env bash
# Generating the whole vendored registry (spec/ and every spec/services/<module>/ unit) in one
# process, next to a baseline measured in the same run: reading and parsing every JSON file of
# spec/ with serde_json (codegen/examples/parse_spec.rs). Both release builds, each run N times
# (default 3) under /usr/bin/time; prints wall seconds, user seconds and peak RSS of each run, the
# best-of ratio, and the distance to troposphere's generator (0.38 s for the whole spec on a
# 2-core machine, without docs; issue 17).
#
#   scripts/bench-registry.sh [RUNS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-3}
cd "$root"
cargo build -q --release -p cfn-codegen --features maintainer --bin cfn-codegen --example parse_spec
target=${CARGO_TARGET_DIR:-$root/target}/release
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

measure() { # label, command...: one line per run, best wall time in $best
  local label=$1; shift
  best=""
  for i in $(seq "$runs"); do
    /usr/bin/time -f "%e %U %M" -o "$out/time" "$@" >"$out/stdout" 2>&1
    read -r wall user kb <"$out/time"
    printf '%-28s run %d: %6.2f s wall, %6.2f s user, %5d MB peak\n' "$label" "$i" "$wall" "$user" $((kb / 1024))
    if [ -z "$best" ] || awk -v a="$wall" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$wall; fi
  done
}

measure "baseline (serde_json parse)" "$target/examples/parse_spec" "$root/spec"
base=$best
tail -1 "$out/stdout"
measure "cfn-codegen generate" "$target/cfn-codegen" generate --spec "$root/spec" --out "$out/generated"
gen=$best
grep -m1 resources "$out/stdout" || true
awk -v g="$gen" -v b="$base" 'BEGIN {
  printf "best: generate %.2f s, baseline %.2f s: %.1fx the baseline; %.1fx troposphere'"'"'s 0.38 s\n", g, b, g / b, g / 0.38
}'
