#!/usr/bin/env bash
# Validation time of a generated 500-resource template (benches/validate.rs) next to a same-run
# baseline: serde_json parsing the same bytes into a Value and walking it. Goal: ratio <= 2.
# Usage: scripts/bench-validate.sh     (release build; about 10 s once built)
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(cargo bench -q --bench validate -- --sample-count 200 2>&1)
echo "$out"
# divan prints: name | fastest | slowest | median | mean | samples | iters
median() { echo "$out" | grep -E "$1" | awk -F'│' '{gsub(/ /,"",$3); print $3}'; }
python3 - "$(median baseline_serde_json_parse_walk)" "$(median validate_500_resources)" <<'PY'
import re, sys
def us(v):
    m = re.match(r'([0-9.]+)(ns|µs|us|ms|s)$', v)
    return float(m.group(1)) * {'ns': 1e-3, 'µs': 1, 'us': 1, 'ms': 1e3, 's': 1e6}[m.group(2)]
base, validate = map(us, sys.argv[1:])
ratio = validate / base
print(f"median: serde_json parse+walk {base/1000:.3f} ms; validate {validate/1000:.3f} ms; "
      f"ratio {ratio:.2f}x; goal <= 2x: {'met' if ratio <= 2 else 'NOT met'}")
PY
