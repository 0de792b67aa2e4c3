//! Reading, validating and converting templates, each next to a baseline measured in the same
//! run: `serde_json` parsing the same template (its JSON text) into a `Value` and walking it.
//! `scripts/bench.sh` prints the ratios in one table.
//!
//! - `*_500_{json,yaml}`: a 500-resource template in a corpus-like mix (`support/template.rs`),
//!   in JSON and in YAML (our own writer's output for the same data);
//! - `*_mapping_64k`: one mapping of 64,000 entries (an Api's `Tags`), where `convert` was once
//!   quadratic: its time against `validate`'s (linear work gives the same order of magnitude).

use cfn_apigatewayv2::template::Template;
use cfn_apigatewayv2::{syntax, validate};
use divan::{Bencher, black_box};
use serde_json::Value;

fn main() {
    divan::main();
}

#[path = "support/template.rs"]
mod support;
use support::{template, walk};

fn json_500() -> Vec<u8> {
    template(500)
}

fn yaml_500() -> Vec<u8> {
    let (node, _) = syntax::parse(&json_500()).expect("parses");
    syntax::to_yaml(&node).into_bytes()
}

fn mapping_64k() -> Vec<u8> {
    let tags: serde_json::Map<String, Value> = (0..64_000)
        .map(|i| (format!("key{i}"), Value::from(format!("value{i}"))))
        .collect();
    serde_json::to_vec(&serde_json::json!({"Resources": {"Api": {
        "Type": "AWS::ApiGatewayV2::Api",
        "Properties": {"Name": "api", "ProtocolType": "HTTP", "Tags": tags}
    }}}))
    .expect("writes")
}

fn convert(bytes: &[u8], to_yaml: bool) -> String {
    let template = Template::parse(bytes).expect("reads");
    match to_yaml {
        true => template.to_yaml(),
        false => template.to_json(),
    }
    .expect("writes")
}

/// The baseline: `serde_json` parses the JSON text of the same template and walks it.
#[divan::bench(args = ["500", "mapping_64k"])]
fn baseline_serde_json_parse_walk(bencher: Bencher, which: &str) {
    let bytes = match which {
        "500" => json_500(),
        _ => mapping_64k(),
    };
    bencher.bench(|| {
        let value: Value = serde_json::from_slice(black_box(&bytes)).expect("parses");
        walk(&value)
    });
}

#[divan::bench(args = ["json", "yaml"])]
fn parse_500(bencher: Bencher, format: &str) {
    let bytes = if format == "json" {
        json_500()
    } else {
        yaml_500()
    };
    bencher.bench(|| syntax::parse(black_box(&bytes)).expect("parses"));
}

#[divan::bench(args = ["json", "yaml"])]
fn validate_500(bencher: Bencher, format: &str) {
    let bytes = if format == "json" {
        json_500()
    } else {
        yaml_500()
    };
    let findings = validate::validate_bytes(&bytes).expect("parses");
    assert!(findings.is_empty(), "{findings:#?}");
    bencher.bench(|| validate::validate_bytes(black_box(&bytes)));
}

/// `convert`: read into the typed template and write it back in the same format.
#[divan::bench(args = ["json", "yaml"])]
fn convert_500(bencher: Bencher, format: &str) {
    let yaml = format == "yaml";
    let bytes = if yaml { yaml_500() } else { json_500() };
    bencher.bench(|| convert(black_box(&bytes), yaml));
}

#[divan::bench]
fn validate_mapping_64k(bencher: Bencher) {
    let bytes = mapping_64k();
    bencher.bench(|| validate::validate_bytes(black_box(&bytes)));
}

#[divan::bench]
fn convert_mapping_64k(bencher: Bencher) {
    let bytes = mapping_64k();
    bencher.bench(|| convert(black_box(&bytes), false));
}
