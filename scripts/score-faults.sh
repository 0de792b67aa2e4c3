#!/bin/sh
# Score the held-out fault set (tests/faults/) with a validator binary, without compiling the
# test: caught/total per family, using the same rule as tests/faults.rs (an error finding at
# the expected path or below it, and no error finding elsewhere; clean files: no error).
# Usage: scripts/score-faults.sh [path/to/cfn-apigatewayv2]   (default: target/debug/cfn-apigatewayv2)
set -eu
bin=${1:-target/debug/cfn-apigatewayv2}
dir=$(dirname "$0")/../tests/faults
exec python3 - "$bin" "$dir" <<'PY'
import json, subprocess, sys, collections, os
bin, d = sys.argv[1], sys.argv[2]
man = json.load(open(os.path.join(d, "MANIFEST.json")))
tally = collections.OrderedDict()
misses = []
def under(p, e): return p == e or p.startswith(e + "/")
for m in man:
    r = subprocess.run([bin, "validate", "--format", "json", os.path.join(d, m["file"])], capture_output=True, text=True)
    try:
        fs = json.loads(r.stdout or "[]")
    except ValueError:
        fs = None
    fam = m["family"]
    t = tally.setdefault(fam, [0, 0])
    t[1] += 1
    errs = [f for f in (fs or []) if f["severity"] == "error" and f["rule"] != "parse"]
    exp = m["expected_path"]
    if fs is None or r.returncode == 2:
        ok = False
    elif exp is None:
        ok = not errs
    else:
        ok = any(under(f["path"], exp) for f in errs) and all(under(f["path"], exp) for f in errs)
    if ok:
        t[0] += 1
    else:
        misses.append((fam, m["file"], exp, [(f["rule"], f["path"]) for f in errs]))
c = sum(v[0] for k, v in tally.items() if k != "clean")
n = sum(v[1] for k, v in tally.items() if k != "clean")
for k, (a, b) in tally.items():
    print(f"{k:<24} {a:>4}/{b:<4} {100*a/b:6.1f}%")
print(f"{'TOTAL faults':<24} {c:>4}/{n:<4} {100*c/max(n,1):6.1f}%")
for fam, f, exp, errs in misses:
    print(f"miss [{fam}] {f} expected {exp} got {errs}")
PY
