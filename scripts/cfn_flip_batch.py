#!/usr/bin/env python3
"""What `cfn-flip -j FILE` prints, for many files in one process (tests/corpus_cfn_flip.rs).

Usage: cfn_flip_batch.py FILE...

Prints one JSON object: {FILE: {"json": <cfn-flip's output text>} or {"error": <message>}}.
Mirrors cfn_flip.main: the input format comes from the file extension (.json → JSON, .yaml/.yml →
YAML, else guessed), the file is read as text (universal newlines), the output is JSON.
"""

import json
import sys

from cfn_flip import flip


def in_format(path):
    if path.endswith(".json"):
        return "json"
    if path.endswith((".yaml", ".yml")):
        return "yaml"
    return None


def main(paths):
    results = {}
    for path in paths:
        try:
            with open(path, encoding="utf-8") as f:
                text = f.read()
            results[path] = {"json": flip(text, in_format=in_format(path), out_format="json")}
        except Exception as e:  # cfn-flip's CLI reports any exception the same way
            results[path] = {"error": "{}: {}".format(type(e).__name__, e)}
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
