#!/usr/bin/env bash
# Runs cfn-lint 1.58.0 (installed into a virtualenv under target/ on first use) and
# `cfn-apigatewayv2 validate` over the shared corpus (../shared/corpus/{good,bad}) and prints
# where they disagree: findings one tool reports and the other does not, by file, JSON path
# and rule. Not part of `cargo test`.
# Usage: scripts/compare-cfn-lint.sh [--all]   (--all: also cfn-lint rules with no counterpart here)
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=../shared/corpus
[ -d "$corpus" ] || { echo "no corpus at $corpus" >&2; exit 2; }
venv=target/cfn-lint-venv
if [ ! -x "$venv/bin/cfn-lint" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q cfn-lint==1.58.0
fi
cargo build -q --bin cfn-apigatewayv2
work=target/compare-cfn-lint
mkdir -p "$work"
files=("$corpus"/good/* "$corpus"/bad/*)
# Both tools exit non-zero when they find something: that is expected here.
"$venv/bin/cfn-lint" --regions us-east-1 --format json -- "${files[@]}" >"$work/cfn-lint.json" || true
target/debug/cfn-apigatewayv2 validate --format json "${files[@]}" >"$work/ours.json" 2>/dev/null || true
python3 scripts/compare_cfn_lint.py "$work/cfn-lint.json" "$work/ours.json" "$@"
