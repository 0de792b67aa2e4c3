#!/usr/bin/env bash
# Generation time vs. a same-run baseline (parsing the same inputs with serde_json).
# Usage: scripts/bench-generate.sh     (release build; takes about a minute)
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(cargo bench -q -p cfn-codegen --bench generate -- --sample-count 30 2>&1)
echo "$out"
# divan prints: name | fastest | slowest | median | mean | samples | iters
median() { echo "$out" | grep -E "$1" | awk -F'│' '{gsub(/ /,"",$3); print $3}'; }
to_us() { python3 -c "import sys,re; v=sys.argv[1]; m=re.match(r'([0-9.]+)(ns|µs|us|ms|s)',v); f={'ns':1e-3,'µs':1,'us':1,'ms':1e3,'s':1e6}[m.group(2)]; print(float(m.group(1))*f)" "$1"; }
base=$(to_us "$(median baseline_parse_inputs)")
gen=$(to_us "$(median generate_apigatewayv2)")
python3 - "$base" "$gen" <<'PY'
import sys
base, gen = map(float, sys.argv[1:])
print(f"median: baseline (parse inputs): {base/1000:.2f} ms; generate: {gen/1000:.2f} ms; ratio {gen/base:.1f}x; goal <= 50 ms: {'met' if gen <= 50000 else 'NOT met'}")
PY
