"""Compares cfn-lint's JSON findings with `cfn-apigatewayv2 validate --format json` findings.

Findings are matched by file and JSON path (one path a prefix of the other: cfn-lint points at
`.../ApiId/Ref` where this tool points at `.../ApiId`) and by rule family (the table below).
Prints the disagreements and a summary. Usage: compare_cfn_lint.py CFN_LINT_JSON OURS_JSON [--all]
"""

import json
import os
import sys

# cfn-lint rule → this tool's rule family (rules with no counterpart are listed with --all).
FAMILY = {
    "E0000": "parse",
    "E1001": "parse",
    "E1012": "reference",
    "E1010": "reference",
    "E1019": "reference",
    "E1028": "condition",
    "E3001": "resource-attribute",
    "E3002": "unknown-property",
    "E3003": "required",
    "E3004": "depends-on",
    "E3005": "depends-on",
    "E3012": "type",
    "E3030": "allowed-values",
    "E3031": "pattern",
    "E3033": "length",
    "E3034": "range",
    "E3032": "items",
    "E3037": "unique-items",
    "E8002": "condition",
}
OURS = {
    "ref-target": "reference",
    "getatt-target": "reference",
    "getatt-attribute": "reference",
    "key-pattern": "pattern",
    "resource-type": "resource-attribute",
}


def pointer(parts):
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def related(a, b):
    return a == b or a.startswith(b + "/") or b.startswith(a + "/") or not a or not b


def main():
    lint_path, ours_path, *flags = sys.argv[1:]
    show_all = "--all" in flags
    with open(lint_path) as f:
        lint = json.load(f)
    with open(ours_path) as f:
        ours = json.load(f)
    name = lambda path: os.sep.join(os.path.normpath(path).split(os.sep)[-2:])
    theirs, unmapped = [], []
    for finding in lint:
        if finding["Level"] != "Error":
            continue
        rule = finding["Rule"]["Id"]
        entry = (name(finding["Filename"]), pointer(finding["Location"]["Path"] or []),
                 FAMILY.get(rule), rule, finding["Location"]["Start"]["LineNumber"],
                 finding["Message"])
        (theirs if rule in FAMILY else unmapped).append(entry)
    mine = [(name(f["file"]), f["path"], OURS.get(f["rule"], f["rule"]), f["rule"], f["line"],
             f["message"]) for f in ours if f["severity"] == "error"]

    def unmatched(left, right):
        return [a for a in left
                if not any(a[0] == b[0] and a[2] == b[2] and related(a[1], b[1]) for b in right)]

    only_lint, only_ours = unmatched(theirs, mine), unmatched(mine, theirs)
    print(f"cfn-lint errors with a counterpart rule: {len(theirs)}; ours: {len(mine)}")
    print(f"\nonly cfn-lint ({len(only_lint)}):")
    for file, path, _, rule, line, message in sorted(only_lint):
        print(f"  {file}:{line} {rule} {path}: {message[:140]}")
    print(f"\nonly cfn-apigatewayv2 ({len(only_ours)}):")
    for file, path, _, rule, line, message in sorted(only_ours, key=str):
        print(f"  {file}:{line} {rule} {path}: {message[:140]}")
    if show_all:
        print(f"\ncfn-lint errors of rules with no counterpart here ({len(unmapped)}):")
        for file, path, _, rule, line, message in sorted(unmapped):
            print(f"  {file}:{line} {rule} {path}: {message[:140]}")


if __name__ == "__main__":
    main()
