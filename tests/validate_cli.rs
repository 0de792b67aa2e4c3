//! `cfn-apigatewayv2 validate`: the three output formats and the exit codes (DESIGN.md's CLI
//! contract).
#![cfg(feature = "cli")]

mod validate_support;

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/validate")
        .join(name)
        .display()
        .to_string()
}

/// Runs `validate` with `args`; in the one-line `text` format unless `args` name a format (the
/// default, `human`, is tested in `tests/cli_human.rs`).
fn run(args: &[&str]) -> Output {
    let text: &[&str] = if args.contains(&"--format") {
        &[]
    } else {
        &["--format", "text"]
    };
    Command::new(env!("CARGO_BIN_EXE_cfn-apigatewayv2"))
        .arg("validate")
        .args(text)
        .args(args)
        .output()
        .expect("runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

#[test]
fn text_is_compiler_style_and_exit_1_on_errors() {
    let file = fixture("constraints-fail.yaml");
    let output = run(&[&file]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    let first = text.lines().next().unwrap();
    assert_eq!(
        first,
        format!(
            "{file}:6:24: error[allowed-values]: string \"LAMBDA\" is not one of AWS, HTTP, \
             MOCK, HTTP_PROXY, AWS_PROXY (at /Resources/Integ/Properties/IntegrationType)"
        )
    );
    assert_eq!(text.lines().count(), 5);
}

#[test]
fn clean_files_exit_0_with_no_output() {
    let output = run(&[&fixture("refs-pass.yaml"), &fixture("unknown-pass.json")]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout(&output), "");
}

#[test]
fn json_is_the_contract_array() {
    let output = run(&["--format", "json", &fixture("required-fail.yaml")]);
    assert_eq!(output.status.code(), Some(1));
    let findings: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let findings = findings.as_array().unwrap();
    assert_eq!(findings.len(), 5);
    let first = &findings[0];
    let mut keys: Vec<&str> = first
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "column", "file", "help", "line", "message", "note", "path", "rule", "severity",
            "source", "url"
        ]
    );
    assert_eq!(first["file"], fixture("required-fail.yaml"));
    assert_eq!(first["path"], "/Resources/Integ/Properties/ApiId");
    assert_eq!(
        (first["line"].as_u64(), first["column"].as_u64()),
        (Some(6), Some(7))
    );
    assert_eq!(first["rule"], "required");
    assert_eq!(first["severity"], "error");
    let clean = run(&["--format", "json", &fixture("required-pass.yaml")]);
    assert_eq!(clean.status.code(), Some(0));
    assert_eq!(stdout(&clean).trim(), "[]");
}

#[test]
fn sarif_has_the_2_1_0_shape() {
    let output = run(&["--format", "sarif", &fixture("refs-fail.yaml")]);
    assert_eq!(output.status.code(), Some(1));
    let log: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run = &log["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "cfn-apigatewayv2");
    let rules = driver["rules"].as_array().unwrap();
    assert!(
        rules
            .iter()
            .all(|r| r["id"].is_string() && r["shortDescription"]["text"].is_string())
    );
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 10);
    for result in results {
        let id = result["ruleId"].as_str().unwrap();
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], id);
        assert!(["error", "warning", "note"].contains(&result["level"].as_str().unwrap()));
        assert!(result["message"]["text"].is_string());
        let physical = &result["locations"][0]["physicalLocation"];
        assert_eq!(
            physical["artifactLocation"]["uri"],
            fixture("refs-fail.yaml")
        );
        assert!(physical["region"]["startLine"].as_u64().unwrap() >= 1);
        assert!(physical["region"]["startColumn"].as_u64().unwrap() >= 1);
    }
}

#[test]
fn unparsable_and_missing_files_exit_2_with_a_position() {
    let dir = std::env::temp_dir().join(format!("cfn-validate-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let broken = dir.join("broken.yaml");
    std::fs::write(&broken, "Resources:\n  A: [\n").unwrap();
    let broken = broken.display().to_string();
    let output = run(&[&broken, &fixture("constraints-fail.yaml")]);
    assert_eq!(output.status.code(), Some(2));
    let text = stdout(&output);
    assert!(
        text.lines()
            .any(|l| l.starts_with(&format!("{broken}:")) && l.contains(": error[parse]: ")),
        "{text}"
    );
    let json = run(&["--format", "json", &broken]);
    assert_eq!(json.status.code(), Some(2));
    let stderr = String::from_utf8(json.stderr.clone()).unwrap();
    assert!(stderr.starts_with(&format!("{broken}:")) && stderr.contains("error[parse]"));
    let findings: Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(findings[0]["rule"], "parse");

    let missing = run(&["/nonexistent/template.yaml"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stdout(&missing).contains("error[parse]: cannot read the file"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&[]).status.code(), Some(2));
    assert_eq!(run(&["--format", "xml", "x.yaml"]).status.code(), Some(2));
}

/// Files that are not templates (each rejected by `convert`) exit 1 with a finding, not 0; only
/// bytes that are not JSON or YAML at all exit 2. The empty file's finding is at 1:1.
#[test]
fn files_that_are_not_templates_exit_1() {
    let dir = std::env::temp_dir().join(format!("cfn-validate-structure-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cases = [
        ("empty.yaml", ""),
        ("hello.yaml", "hello\n"),
        ("list.yaml", "- a\n"),
        ("no-resources.yaml", "Description: x\n"),
        ("resources-list.yaml", "Resources: [a]\n"),
        ("type-42.yaml", "Resources:\n  R:\n    Type: 42\n"),
        (
            "output-without-value.yaml",
            "Resources:\n  R:\n    Type: AWS::SNS::Topic\nOutputs:\n  O:\n    Description: x\n",
        ),
        (
            "depends-on-5.yaml",
            "Resources:\n  R:\n    Type: AWS::SNS::Topic\n    DependsOn: 5\n",
        ),
    ];
    for (name, text) in cases {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        let file = path.display().to_string();
        let output = run(&["--format", "json", &file]);
        assert_eq!(output.status.code(), Some(1), "{name}: {}", stdout(&output));
        let findings: Value = serde_json::from_str(&stdout(&output)).unwrap();
        let findings = findings.as_array().unwrap();
        assert_eq!(findings.len(), 1, "{name}: {findings:?}");
        assert_eq!(findings[0]["severity"], "error", "{name}");
        assert!(findings[0]["line"].as_u64().unwrap() >= 1, "{name}");
    }
    let empty = run(&[
        "--format",
        "json",
        &dir.join("empty.yaml").display().to_string(),
    ]);
    let findings: Value = serde_json::from_str(&stdout(&empty)).unwrap();
    assert_eq!(
        (
            &findings[0]["path"],
            &findings[0]["line"],
            &findings[0]["column"]
        ),
        (&Value::from(""), &Value::from(1), &Value::from(1))
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A ring of 10,000 resources (558 KB of JSON) printed 990 MB before; now a few hundred bytes,
/// the same for 2,000 resources, in bounded time.
#[test]
fn a_ring_of_resources_prints_one_short_finding() {
    let dir = std::env::temp_dir().join(format!("cfn-validate-ring-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut sizes = Vec::new();
    for n in [2_000, 10_000] {
        let path = dir.join(format!("ring-{n}.json"));
        std::fs::write(&path, validate_support::ring(n)).unwrap();
        let started = std::time::Instant::now();
        let output = run(&[&path.display().to_string()]);
        let elapsed = started.elapsed();
        assert_eq!(output.status.code(), Some(1));
        let text = stdout(&output);
        let cycles = text.matches("error[circular-dependency]").count();
        assert_eq!(cycles, 1, "{n}: {text}");
        assert!(text.len() < 1_000_000, "{n}: {} bytes", text.len());
        assert!(elapsed.as_secs() < 30, "{n}: {elapsed:?}");
        sizes.push(text.len());
    }
    // Five times the resources, (almost) the same output: it does not grow with the ring.
    assert!(sizes[1] < sizes[0] + 64, "{sizes:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A template whose `Integ` resource is written twice (the first has an error CloudFormation
/// never sees), with an error elsewhere that must still be found.
const DUPLICATED: &str = "\
Resources:
  Integ:
    Type: AWS::ApiGatewayV2::Integration
    Properties: {ApiId: x, IntegrationType: WRONG}
  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties: {Name: a, ProtocolType: HTTP, ProtocolType: SOAP}
  Integ:
    Type: AWS::ApiGatewayV2::Integration
    Properties: {ApiId: x, IntegrationType: LAMBDA}
";

fn temp(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("cfn-validate-cli-dup-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn duplicate_keys_are_warnings_at_both_places_and_the_rest_is_checked() {
    let yaml = temp("duplicated.yaml", DUPLICATED);
    let output = run(&[&yaml]);
    // The kept values have errors (LAMBDA, SOAP): exit 1; the dropped WRONG is not judged.
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines,
        [
            format!(
                "{yaml}:2:3: warning[duplicate-key]: duplicate key \"Integ\": CloudFormation drops \
                 this value and keeps the last one, at 8:3 (at /Resources/Integ)"
            ),
            format!(
                "{yaml}:7:27: warning[duplicate-key]: duplicate key \"ProtocolType\": \
                 CloudFormation drops this value and keeps the last one, at 7:47 \
                 (at /Resources/Api/Properties/ProtocolType)"
            ),
            format!(
                "{yaml}:7:47: warning[duplicate-key]: duplicate key \"ProtocolType\" (first at \
                 7:27): CloudFormation keeps this last value and drops the others \
                 (at /Resources/Api/Properties/ProtocolType)"
            ),
            format!(
                "{yaml}:7:61: error[allowed-values]: string \"SOAP\" is not one of WEBSOCKET, \
                 HTTP (at /Resources/Api/Properties/ProtocolType)"
            ),
            format!(
                "{yaml}:8:3: warning[duplicate-key]: duplicate key \"Integ\" (first at 2:3): \
                 CloudFormation keeps this last value and drops the others (at /Resources/Integ)"
            ),
            format!(
                "{yaml}:10:45: error[allowed-values]: string \"LAMBDA\" is not one of AWS, HTTP, \
                 MOCK, HTTP_PROXY, AWS_PROXY (at /Resources/Integ/Properties/IntegrationType)"
            ),
        ]
    );

    // JSON: the same findings, a warning too; both positions in the JSON and SARIF outputs.
    let json = temp(
        "duplicated.json",
        "{\"Resources\": {\n  \"Api\": {\"Type\": \"AWS::ApiGatewayV2::Api\", \"Properties\": {\"Name\": \"a\", \"ProtocolType\": \"HTTP\"}},\n  \"Api\": {\"Type\": \"AWS::ApiGatewayV2::Api\", \"Properties\": {\"Name\": \"b\", \"ProtocolType\": \"HTTP\"}}\n}}\n",
    );
    let output = run(&["--format", "json", &json]);
    assert_eq!(output.status.code(), Some(0));
    let findings: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let seen: Vec<_> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap(),
                f["severity"].as_str().unwrap(),
                f["path"].as_str().unwrap(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("duplicate-key", "warning", "/Resources/Api", 2, 3),
            ("duplicate-key", "warning", "/Resources/Api", 3, 3),
        ]
    );
    let output = run(&["--format", "sarif", &json]);
    assert_eq!(output.status.code(), Some(0));
    let log: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.iter().any(|r| r["id"] == "duplicate-key"));
    let places: Vec<_> = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let region = &r["locations"][0]["physicalLocation"]["region"];
            (
                r["ruleId"].as_str().unwrap(),
                r["level"].as_str().unwrap(),
                region["startLine"].as_u64().unwrap(),
                region["startColumn"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        places,
        [
            ("duplicate-key", "warning", 2, 3),
            ("duplicate-key", "warning", 3, 3)
        ]
    );
}

#[test]
fn flow_mappings_indented_less_than_their_key_are_checked_at_their_place() {
    let yaml = temp(
        "less-indented.yaml",
        "Resources:\n  Api:\n    Type: AWS::ApiGatewayV2::Api\n    Properties: {\n\"Name\": \"a\",\n  \"ProtocolType\": \"SOAP\"\n  }\n",
    );
    let output = run(&[&yaml]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stdout(&output),
        format!(
            "{yaml}:6:19: error[allowed-values]: string \"SOAP\" is not one of WEBSOCKET, HTTP \
             (at /Resources/Api/Properties/ProtocolType)\n"
        )
    );
}
