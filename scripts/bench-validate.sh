#!/usr/bin/env bash
# Validation time of a generated 500-resource template (benches/validate.rs) next to a same-run
# baseline: serde_json parsing the same bytes into a Value and walking it. Goal: ratio <= 2.
# Usage: scripts/bench-validate.sh     (release builds; about 20 s once built)
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

# Whole process, side by side: `cfn-apigatewayv2 validate FILE` against a process that parses the
# same file with serde_json into a Value and walks it (examples/bench_template.rs), both release
# builds, alternating, 40 runs each; medians of wall-clock time.
cargo build -q --release --bin cfn-apigatewayv2 --example bench_template
file=target/bench-validate-500.json
target/release/examples/bench_template write "$file" 500
python3 - "$file" <<'PY'
import statistics, subprocess, sys, time
file = sys.argv[1]
cmds = {
    "serde_json parse+walk": ["target/release/examples/bench_template", "walk", file],
    "cfn-apigatewayv2 validate": ["target/release/cfn-apigatewayv2", "validate", file],
}
times = {name: [] for name in cmds}
for _ in range(40):
    for name, cmd in cmds.items():
        start = time.perf_counter()
        done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times[name].append(time.perf_counter() - start)
        if done.returncode != 0:
            sys.exit(f"{name} exited with {done.returncode}")
base, validate = (statistics.median(times[n]) * 1000 for n in cmds)
ratio = validate / base
print(f"whole process, median of 40: serde_json parse+walk {base:.2f} ms; validate {validate:.2f} ms; "
      f"ratio {ratio:.2f}x; goal <= 2x: {'met' if ratio <= 2 else 'NOT met'}")
PY
