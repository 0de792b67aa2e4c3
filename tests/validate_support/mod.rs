//! Inputs shared by the validator's tests.

#![allow(dead_code)] // Each includer uses a part.

use std::path::Path;

use cfn_apigatewayv2::validate::Finding;

/// The bytes of `tests/fixtures/validate/<name>`.
pub fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/validate")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `R0 → R1 → … → R{n-1} → R0` through `DependsOn`, as JSON text.
pub fn ring(n: usize) -> String {
    let resources: Vec<String> = (0..n)
        .map(|i| {
            format!(
                "\"R{i}\": {{\"Type\": \"AWS::SNS::Topic\", \"DependsOn\": \"R{}\"}}",
                (i + 1) % n
            )
        })
        .collect();
    format!("{{\"Resources\": {{{}}}}}", resources.join(", "))
}

/// Where a finding is, `line:col`, or `-` without a position.
pub fn position(finding: &Finding) -> String {
    finding
        .span
        .map_or("-".to_owned(), |s| format!("{}:{}", s.line, s.column))
}
