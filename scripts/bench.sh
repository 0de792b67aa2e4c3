#!/usr/bin/env bash
# One table of speed ratios, every baseline measured in the same run (release builds, divan):
# - generation of the vendored ApiGatewayV2 spec against reading and parsing its input files;
# - parse, validate and convert (read into the typed template, write back in the same format) of
#   a 500-resource template, JSON and YAML, against serde_json parsing and walking the JSON text;
# - convert of one 64,000-entry mapping against validate of the same file (linear work: the same
#   order of magnitude; goal < 10x).
# Usage: scripts/bench.sh [SAMPLES]     (default 50 samples; about two minutes once built)
set -euo pipefail
cd "$(dirname "$0")/.."
samples=${1:-50}
generate=$(cargo bench -q -p cfn-codegen --bench generate -- --sample-count "$samples" 2>&1)
template=$(cargo bench -q --bench template -- --sample-count "$samples" 2>&1)
python3 - "$generate" "$template" <<'PY'
import re, sys

def medians(out):
    """divan's tree -> {"parent/name": median in µs}."""
    found, parents = {}, []
    for line in out.splitlines():
        m = re.match(r'^([│ ]*)[├╰]─ (\S+)\s*(.*)$', line)
        if not m:
            continue
        depth = len(m.group(1)) // 3
        parents[depth:] = [m.group(2)]
        cols = [c.strip() for c in m.group(3).split('│')]
        if len(cols) >= 3 and cols[2]:
            v = re.match(r'([0-9.]+)\s*(ns|µs|us|ms|s)$', cols[2])
            found['/'.join(parents)] = float(v.group(1)) * {'ns': 1e-3, 'µs': 1, 'us': 1, 'ms': 1e3, 's': 1e6}[v.group(2)]
    return found

g, t = medians(sys.argv[1]), medians(sys.argv[2])
base = t['baseline_serde_json_parse_walk/500']
rows = [
    ('generate (15 resources, 20 files)', g['generate_apigatewayv2'], 'read + parse the inputs', g['baseline_parse_inputs'], ''),
    ('parse 500 resources, JSON', t['parse_500/json'], 'serde_json parse+walk', base, ''),
    ('parse 500 resources, YAML', t['parse_500/yaml'], 'serde_json parse+walk', base, ''),
    ('validate 500 resources, JSON', t['validate_500/json'], 'serde_json parse+walk', base, '<= 2x'),
    ('validate 500 resources, YAML', t['validate_500/yaml'], 'serde_json parse+walk', base, ''),
    ('convert 500 resources, JSON', t['convert_500/json'], 'serde_json parse+walk', base, ''),
    ('convert 500 resources, YAML', t['convert_500/yaml'], 'serde_json parse+walk', base, ''),
    ('convert 64k-entry mapping', t['convert_mapping_64k'], 'validate of it', t['validate_mapping_64k'], '< 10x'),
    ('validate 64k-entry mapping', t['validate_mapping_64k'], 'serde_json parse+walk', t['baseline_serde_json_parse_walk/mapping_64k'], ''),
]
ms = lambda us: f'{us / 1000:.2f} ms'
print(f"{'measurement':36} {'median':>10}   {'baseline (same run)':26} {'median':>10} {'ratio':>7}  goal")
for name, value, base_name, base_value, goal in rows:
    ratio = value / base_value
    verdict = ''
    if goal:
        limit = float(re.search(r'[0-9.]+', goal).group())
        verdict = f"{goal}: {'met' if (ratio <= limit if '<=' in goal else ratio < limit) else 'NOT met'}"
    print(f"{name:36} {ms(value):>10}   {base_name:26} {ms(base_value):>10} {ratio:6.1f}x  {verdict}")
PY
