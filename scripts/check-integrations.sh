#!/usr/bin/env bash
# Checks the integration files against their tools' own validators:
# - .pre-commit-hooks.yaml: `pre-commit validate-manifest`;
# - docs/ci/pre-commit-config.yaml (the sample users copy): `pre-commit validate-config`;
# - docs/ci/github-actions.yml (the sample workflow) and .github/workflows/*.yml (this repository's
#   workflows: the weekly spec update): check-jsonschema against GitHub's workflow schema
#   (vendored in check-jsonschema: no network at check time).
# pre-commit and check-jsonschema come from PyPI into a virtualenv under target/ on first use;
# where pip cannot install them, the script says so and exits 0 (skipped, not passed).
# TRY=1 also runs `pre-commit try-repo` on a clone of this checkout's HEAD (committed files only)
# from a scratch repository with one good and one bad template: pre-commit builds the hook the
# way a user's machine does (`cargo install`, a few minutes the first time; cached under
# target/pre-commit-home), and the hook must fail naming the bad template only.
# Usage: scripts/check-integrations.sh      TRY=1 scripts/check-integrations.sh
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p "${CARGO_TARGET_DIR:-target}"
target=$(cd "${CARGO_TARGET_DIR:-target}" && pwd)
venv=$target/integrations-venv
if [ ! -x "$venv/bin/check-jsonschema" ] || [ ! -x "$venv/bin/pre-commit" ]; then
    if ! { python3 -m venv "$venv" && "$venv/bin/pip" install -q pre-commit==4.7.0 check-jsonschema==0.39.0; }; then
        echo "skipped: pip could not install pre-commit and check-jsonschema into $venv"
        exit 0
    fi
fi
echo "pre-commit $("$venv/bin/pre-commit" --version | cut -d' ' -f2), $("$venv/bin/check-jsonschema" --version)"

"$venv/bin/pre-commit" validate-manifest .pre-commit-hooks.yaml
echo "ok: .pre-commit-hooks.yaml (pre-commit validate-manifest)"
"$venv/bin/pre-commit" validate-config docs/ci/pre-commit-config.yaml
echo "ok: docs/ci/pre-commit-config.yaml (pre-commit validate-config)"
"$venv/bin/check-jsonschema" -q --builtin-schema vendor.github-workflows docs/ci/github-actions.yml
echo "ok: docs/ci/github-actions.yml (check-jsonschema --builtin-schema vendor.github-workflows)"
for workflow in .github/workflows/*.yml; do
    "$venv/bin/check-jsonschema" -q --builtin-schema vendor.github-workflows "$workflow"
    echo "ok: $workflow (check-jsonschema --builtin-schema vendor.github-workflows)"
done

[ "${TRY:-0}" = 1 ] || exit 0
scratch=$(mktemp -d "${TMPDIR:-/tmp}/check-integrations.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
git clone -q . "$scratch/hooks"
mkdir -p "$scratch/user/templates"
cd "$scratch/user"
git init -q .
cat >templates/good.yaml <<'YAML'
Resources:
  HttpApi:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Name: hello
      ProtocolType: HTTP
YAML
cat >templates/bad.yaml <<'YAML'
Resources:
  HttpApi:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Name: hello
      ProtocolType: HTTPS
  Stage:
    Type: AWS::ApiGatewayV2::Stage
    Properties:
      RestApiId: !Ref HttpApi
      StageName: prod
YAML
git add templates
export PRE_COMMIT_HOME=$target/pre-commit-home
# cargo install builds in a temporary folder of its own, not in this project's target/.
set +e
env -u CARGO_TARGET_DIR "$venv/bin/pre-commit" try-repo "$scratch/hooks" cfn-apigatewayv2 \
    --all-files --verbose >"$scratch/out.txt" 2>&1
code=$?
set -e
cat "$scratch/out.txt"
if [ "$code" = 1 ] && grep -q 'templates/bad\.yaml' "$scratch/out.txt" &&
    ! grep -q 'templates/good\.yaml' "$scratch/out.txt"; then
    echo "ok: pre-commit try-repo: the hook failed on templates/bad.yaml only"
else
    echo "FAILED: pre-commit try-repo exited $code; expected 1 with findings on templates/bad.yaml only"
    exit 1
fi
