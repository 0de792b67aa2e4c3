//! Validation time of a 500-resource template next to a same-run baseline: `serde_json`
//! parsing the same bytes into a `Value` and walking every node. `scripts/bench-validate.sh`
//! prints the ratio (goal: at most 2x).

use serde_json::Value;

fn main() {
    divan::main();
}

#[path = "support/template.rs"]
mod support;
use support::{template, walk};

#[divan::bench]
fn baseline_serde_json_parse_walk(bencher: divan::Bencher) {
    let bytes = template(500);
    bencher.bench(|| {
        let value: Value = serde_json::from_slice(divan::black_box(&bytes)).expect("parses");
        walk(&value)
    });
}

#[divan::bench]
fn validate_500_resources(bencher: divan::Bencher) {
    let bytes = template(500);
    let findings = cfn_apigatewayv2::validate::validate_bytes(&bytes).expect("parses");
    assert!(findings.is_empty(), "{findings:#?}");
    bencher.bench(|| cfn_apigatewayv2::validate::validate_bytes(divan::black_box(&bytes)));
}
