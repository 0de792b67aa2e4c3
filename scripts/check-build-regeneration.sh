#!/usr/bin/env bash
# Checks the build.rs contract on a copy of the repository: adding a property to Integration in
# spec/ and running plain `cargo build` puts it into the generated code in OUT_DIR, and generated/
# is left untouched. Shares the workspace's target directory, so only the two path crates rebuild.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$root" && git ls-files -z | xargs -0 cp --parents -t "$work")
cd "$work"
before=$(find generated -type f -print0 | sort -z | xargs -0 sha256sum)
python3 - <<'PY'
import json
p = 'spec/schemas/aws-apigatewayv2-integration.json'
d = json.load(open(p))
d['properties']['ZzBuildCheck'] = {'type': 'integer', 'description': 'Added by check-build-regeneration.'}
json.dump(d, open(p, 'w'), indent=1)
PY
out_dir=$(CARGO_TARGET_DIR="$root/target" cargo build --message-format=json 2>/dev/null | python3 -c '
import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "build-script-executed" and "cfn-apigatewayv2" in m["package_id"] and sys.argv[1] in m["package_id"]:
        print(m["out_dir"])
' "$work")
[ -n "$out_dir" ] || { echo "FAIL: no build-script output for the copy"; exit 1; }
if grep -q 'pub zz_build_check: ::std::option::Option<crate::Value<i64>>' "$out_dir/apigatewayv2/integration.rs"; then
  echo "ok: the new property is in $out_dir/apigatewayv2/integration.rs"
else
  echo "FAIL: the new property is not in the generated code in OUT_DIR"; exit 1
fi
after=$(find generated -type f -print0 | sort -z | xargs -0 sha256sum)
[ "$before" = "$after" ] || { echo "FAIL: generated/ changed during cargo build"; exit 1; }
echo "ok: generated/ untouched by the build"
if CARGO_TARGET_DIR="$root/target" cargo run -q -p cfn-codegen -- check >/dev/null 2>&1; then
  echo "FAIL: cfn-codegen check should report generated/ as stale after the spec change"; exit 1
fi
echo "ok: cfn-codegen check reports generated/ as stale after the spec change"
