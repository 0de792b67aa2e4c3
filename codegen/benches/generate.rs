//! Generation time for the vendored ApiGatewayV2 spec (goal: ≤ 50 ms), next to a baseline
//! measured in the same run: reading and parsing the same input files with serde_json, the least
//! any generator must do. `scripts/bench-generate.sh` prints the ratio.

use std::path::{Path, PathBuf};

fn spec_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec")
}

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        // The API model is not read by the generator yet (the validators' issue uses it); the
        // other services' units are `scripts/bench-registry.sh`'s.
        if path.is_dir() && !path.ends_with("botocore") && !path.ends_with("services") {
            json_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

fn main() {
    divan::main();
}

/// Baseline: read every spec input the generator reads and parse it into `serde_json::Value`.
#[divan::bench]
fn baseline_parse_inputs() -> usize {
    let mut files = Vec::new();
    json_files(&spec_dir(), &mut files);
    files
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(f).unwrap();
            let value: serde_json::Value = serde_json::from_str(&text).unwrap();
            usize::from(value.is_object())
        })
        .sum()
}

/// The whole pipeline for the root unit (ApiGatewayV2): read, merge, emit, format (no file
/// writes).
#[divan::bench]
fn generate_apigatewayv2() -> usize {
    cfn_codegen::generate_units(&spec_dir(), |_| false)
        .unwrap()
        .files
        .len()
}
