//! `cfn-apigatewayv2 validate` as a linter: suppression (template metadata, flags, configuration
//! files), inputs (standard input, folders with `.gitignore`, globs, in parallel), the summary
//! line, `--quiet`, `--deny warnings`, and the human format (a snapshot).
#![cfg(feature = "cli")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// A fresh folder for one test.
fn folder(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cfn-cli-lint-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

fn validate(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cfn-apigatewayv2"))
        .current_dir(dir)
        .arg("validate")
        .args(args)
        .output()
        .expect("runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// `(file, line, rule)` of each finding of a `--format json` run.
fn findings(output: &Output) -> Vec<(String, u64, String)> {
    let json: Value = serde_json::from_str(&stdout(output)).expect("a JSON array");
    json.as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap_or(0),
                f["rule"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn rules(output: &Output) -> Vec<String> {
    findings(output)
        .into_iter()
        .map(|(_, _, rule)| rule)
        .collect()
}

/// An HTTP API with a stage missing `StageName` (`required`, line 10) and an integration of a
/// type only WebSocket APIs have (`protocol`, line 15) and a connection type that is not one of
/// the values (`allowed-values`, line 17).
const STACK: &str = "\
Resources:
  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Name: a
      ProtocolType: HTTP
  Stage:
    Type: AWS::ApiGatewayV2::Stage
    Properties:
      ApiId: !Ref Api
  Integ:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref Api
      IntegrationType: HTTP
      IntegrationUri: https://example.com
      ConnectionType: VPC
      PayloadFormatVersion: '1.0'
";

/// [`STACK`] with `metadata` (indented as a resource's attribute) in the stage.
fn stage_with(metadata: &str) -> String {
    STACK.replace(
        "    Type: AWS::ApiGatewayV2::Stage\n",
        &format!("    Type: AWS::ApiGatewayV2::Stage\n{metadata}"),
    )
}

#[test]
fn metadata_suppresses_a_resource_rule_with_a_reason_and_reports_stale_ones() {
    let dir = folder("metadata");
    let base = validate(
        &dir,
        &[
            "--format",
            "json",
            &write(&dir, "a.yaml", STACK).display().to_string(),
        ],
    );
    assert_eq!(rules(&base), ["required", "protocol", "allowed-values"]);

    let suppressed = stage_with(
        "    Metadata:\n      cfn-apigatewayv2:\n        ignore:\n          required: \"StageName comes from a macro\"\n          range: \"nothing to silence\"\n",
    );
    let file = write(&dir, "b.yaml", &suppressed);
    let output = validate(&dir, &["--format", "json", &file.display().to_string()]);
    assert_eq!(output.status.code(), Some(1));
    let found = findings(&output);
    // The required StageName is gone; the stale `range` entry is a warning at its key.
    assert_eq!(
        found
            .iter()
            .map(|(_, l, r)| (*l, r.as_str()))
            .collect::<Vec<_>>(),
        [
            (13, "suppression"),
            (20, "protocol"),
            (22, "allowed-values")
        ]
    );
    assert!(
        stderr(&output).contains("(1 suppressed in the templates)"),
        "{}",
        stderr(&output)
    );
    // SARIF keeps it, marked as a result the team judged acceptable, with the reason.
    let sarif = validate(&dir, &["--format", "sarif", &file.display().to_string()]);
    let log: Value = serde_json::from_str(&stdout(&sarif)).unwrap();
    let marked: Vec<(&str, &Value)> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r.get("suppressions").is_some())
        .map(|r| (r["ruleId"].as_str().unwrap(), &r["suppressions"][0]))
        .collect();
    assert_eq!(marked.len(), 1);
    assert_eq!(marked[0].0, "required");
    assert_eq!(marked[0].1["kind"], "inSource");
    assert_eq!(marked[0].1["justification"], "StageName comes from a macro");

    // A suppression in one resource does not reach another's findings.
    let other = stage_with(
        "    Metadata:\n      cfn-apigatewayv2:\n        ignore:\n          protocol: \"not here\"\n",
    );
    let output = validate(
        &dir,
        &[
            "--format",
            "json",
            &write(&dir, "c.yaml", &other).display().to_string(),
        ],
    );
    assert_eq!(
        rules(&output),
        ["suppression", "required", "protocol", "allowed-values"]
    );
}

#[test]
fn template_metadata_suppresses_everywhere_and_bad_entries_are_told() {
    let dir = folder("template-metadata");
    let text = format!(
        "Metadata:\n  cfn-apigatewayv2:\n    ignore:\n      protocol: \"we deploy WebSocket later\"\n      alowed-values: \"typo\"\n      required: \"\"\n{STACK}"
    );
    let file = write(&dir, "t.yaml", &text);
    let output = validate(&dir, &["--format", "json", &file.display().to_string()]);
    let json: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let got: Vec<(u64, &str, &str)> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["rule"].as_str().unwrap(),
                f["message"].as_str().unwrap(),
            )
        })
        .collect();
    // The typo is no rule (with the closest id); the empty reason is told but still applies.
    assert_eq!(got[0].0, 5);
    assert!(
        got[0].2.contains("`alowed-values` is not a rule id"),
        "{got:?}"
    );
    assert_eq!(json[0]["help"], "did you mean `allowed-values`?");
    assert_eq!((got[1].0, got[1].1), (6, "suppression"));
    assert!(got[1].2.contains("gives no reason"), "{got:?}");
    assert_eq!(
        got[2..].iter().map(|g| g.1).collect::<Vec<_>>(),
        ["allowed-values"],
        "protocol and required are silenced"
    );
}

#[test]
fn ignore_and_only_flags_select_rules_and_unknown_ids_are_usage_errors() {
    let dir = folder("flags");
    let file = write(&dir, "a.yaml", STACK).display().to_string();
    let ignored = validate(
        &dir,
        &[
            "--format",
            "json",
            "--ignore",
            "protocol",
            "--ignore=required",
            &file,
        ],
    );
    assert_eq!(rules(&ignored), ["allowed-values"]);
    let listed = validate(
        &dir,
        &["--format", "json", "--ignore", "protocol,required", &file],
    );
    assert_eq!(rules(&listed), ["allowed-values"]);
    let only = validate(&dir, &["--format", "json", "--only", "required", &file]);
    assert_eq!(rules(&only), ["required"]);
    assert_eq!(only.status.code(), Some(1));
    let none = validate(&dir, &["--format", "json", "--only", "range", &file]);
    assert_eq!(none.status.code(), Some(0));
    let typo = validate(&dir, &["--ignore", "protocl", &file]);
    assert_eq!(typo.status.code(), Some(2));
    assert!(
        stderr(&typo).contains("`protocl` is not a rule id; did you mean `protocol`?"),
        "{}",
        stderr(&typo)
    );
}

#[test]
fn configuration_is_found_upward_with_overrides_per_path() {
    let dir = folder("config");
    write(
        &dir,
        ".cfn-apigatewayv2.yaml",
        "ignore: [protocol]\noverrides:\n  - files: [\"legacy/**\"]\n    only: [required]\n",
    );
    let top = write(&dir, "stacks/a.yaml", STACK).display().to_string();
    let legacy = write(&dir, "legacy/deep/b.yaml", STACK)
        .display()
        .to_string();
    let output = validate(&dir, &["--format", "json", &top, &legacy]);
    let got = findings(&output);
    let of = |file: &str| -> Vec<String> {
        got.iter()
            .filter(|f| f.0 == file)
            .map(|f| f.2.clone())
            .collect()
    };
    assert_eq!(of(&top), ["required", "allowed-values"]);
    assert_eq!(of(&legacy), ["required"]);

    // `--config FILE` applies one file to every template; `--no-config` none.
    let other = write(&dir, "elsewhere.yaml", "only: [allowed-values]\n")
        .display()
        .to_string();
    let chosen = validate(&dir, &["--format", "json", "--config", &other, &top]);
    assert_eq!(rules(&chosen), ["allowed-values"]);
    let without = validate(&dir, &["--format", "json", "--no-config", &top]);
    assert_eq!(rules(&without), ["required", "protocol", "allowed-values"]);
    // Flags add to the configuration.
    let flagged = validate(&dir, &["--format", "json", "--ignore", "required", &top]);
    assert_eq!(rules(&flagged), ["allowed-values"]);
}

#[test]
fn configuration_mistakes_are_errors_at_their_place() {
    let dir = folder("config-errors");
    let file = write(&dir, "a.yaml", STACK).display().to_string();
    for (config, expected) in [
        ("ignor: [protocol]\n", ":1:8: `ignor` is not a setting"),
        (
            "ignore: [protocol, requird]\n",
            ":1:20: `requird` is not a rule id; did you mean `required`?",
        ),
        (
            "deny-warnings: maybe\n",
            ":1:16: `deny-warnings` is not true or false",
        ),
        (
            "overrides:\n  - ignore: [range]\n",
            ":2:5: an override without `files`",
        ),
        ("ignore: [\n", ":"),
    ] {
        write(&dir, ".cfn-apigatewayv2.yaml", config);
        let output = validate(&dir, &[&file]);
        assert_eq!(output.status.code(), Some(2), "{config}");
        let err = stderr(&output);
        assert!(
            err.contains(&format!(".cfn-apigatewayv2.yaml{expected}")),
            "{config}: {err}"
        );
    }
}

#[test]
fn deny_warnings_and_quiet() {
    let dir = folder("deny");
    let warned = "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Type: AWS::SNS::Topic\n";
    let file = write(&dir, "w.yaml", warned).display().to_string();
    let plain = validate(&dir, &["--format", "text", &file]);
    assert_eq!(plain.status.code(), Some(0), "warnings alone pass");
    assert_eq!(stdout(&plain).lines().count(), 2);
    assert!(stderr(&plain).contains("0 errors, 2 warnings in 1 of 1 file"));
    let denied = validate(&dir, &["--deny", "warnings", "--format", "text", &file]);
    assert_eq!(denied.status.code(), Some(1));
    write(&dir, ".cfn-apigatewayv2.yaml", "deny-warnings: true\n");
    assert_eq!(
        validate(&dir, &[&file]).status.code(),
        Some(1),
        "the configuration denies too"
    );
    let quiet = validate(&dir, &["--no-config", "--quiet", &file]);
    assert_eq!(
        (
            quiet.status.code(),
            stdout(&quiet).as_str(),
            stderr(&quiet).as_str()
        ),
        (Some(0), "", "")
    );
}

#[test]
fn standard_input_with_a_name() {
    let dir = folder("stdin");
    let mut child = Command::new(env!("CARGO_BIN_EXE_cfn-apigatewayv2"))
        .current_dir(&dir)
        .args([
            "validate",
            "--format",
            "text",
            "--stdin-name",
            "piped.yaml",
            "-",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), STACK.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(
        text.starts_with("piped.yaml:10:7: error[required]:"),
        "{text}"
    );
    assert_eq!(text.lines().count(), 3);
}

#[test]
fn folders_are_walked_honouring_gitignore_and_skipping_non_templates() {
    let dir = folder("walk");
    write(&dir, ".gitignore", "build/\n*.generated.yaml\n");
    let nested = write(&dir, "stacks/http/api.yaml", STACK);
    let json = write(
        &dir,
        "stacks/b.json",
        "{\"Resources\": {\"V\": {\"Type\": \"AWS::ApiGatewayV2::VpcLink\", \"Properties\": {\"Name\": \"v\", \"SubnetIds\": [], \"Nope\": 1}}}}",
    );
    write(
        &dir,
        "stacks/z.template",
        "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  T:\n    Type: AWS::SNS::Topic\n",
    );
    write(&dir, "build/out.yaml", STACK);
    write(&dir, "stacks/x.generated.yaml", STACK);
    write(&dir, "stacks/package.json", "{\"name\": \"web\"}");
    write(&dir, "stacks/notes.txt", STACK);
    let output = validate(&dir, &["--format", "json", "."]);
    let files: Vec<String> = findings(&output)
        .into_iter()
        .map(|f| f.0)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let expect = |p: &Path| format!("./{}", p.strip_prefix(&dir).unwrap().display());
    assert_eq!(files, [expect(&json), expect(&nested)]);
    assert!(
        stderr(&output).contains("in 2 of 3 files (1 file skipped: not templates)"),
        "{}",
        stderr(&output)
    );
    // A glob, with the same filters; one that matches nothing is a usage error.
    let globbed = validate(&dir, &["--format", "json", "stacks/**/*.yaml"]);
    let files: Vec<String> = findings(&globbed).into_iter().map(|f| f.0).collect();
    assert!(
        files.iter().all(|f| f == "stacks/http/api.yaml"),
        "{files:?}"
    );
    // A named file is validated whatever it holds, unless asked to skip non-templates.
    let named = validate(&dir, &["--format", "json", "stacks/package.json"]);
    // `name` is no section, and there is no `Resources`.
    assert_eq!(rules(&named), ["template-structure", "template-structure"]);
    let skipped = validate(&dir, &["--skip-non-templates", "stacks/package.json"]);
    assert_eq!(skipped.status.code(), Some(0));
    assert!(stderr(&skipped).is_empty());
    assert!(stdout(&skipped).contains("(1 file skipped: not templates)"));
    let nothing = validate(&dir, &["nowhere/*.yaml"]);
    assert_eq!(nothing.status.code(), Some(2));
    assert!(stderr(&nothing).contains("nowhere/*.yaml: no file matches this glob"));
}

#[test]
fn parallel_output_is_in_a_stable_order() {
    let dir = folder("parallel");
    for i in 0..40 {
        let text = if i % 3 == 0 {
            STACK.to_owned()
        } else {
            STACK.replace("VPC", "INTERNET")
        };
        write(&dir, &format!("t{i:02}.yaml"), &text);
    }
    let one = validate(&dir, &["--format", "text", "-j", "1", "."]);
    let many = validate(&dir, &["--format", "text", "-j", "8", "."]);
    assert_eq!(stdout(&one), stdout(&many));
    // 14 templates with 3 findings, 26 with 2 (no `allowed-values`).
    assert_eq!(stdout(&one).lines().count(), 14 * 3 + 26 * 2);
    assert!(stderr(&many).contains("in 40 of 40 files"));
}

/// The human format, for the fixture `tests/fixtures/cli/human.yaml`, against the reviewed
/// snapshot `tests/fixtures/cli/human.txt` (`UPDATE_SNAPSHOTS=1` rewrites it for review).
#[test]
fn human_format_snapshot() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cli");
    let output = Command::new(env!("CARGO_BIN_EXE_cfn-apigatewayv2"))
        .current_dir(&fixtures)
        .args(["validate", "--no-config", "--color", "never", "human.yaml"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let got = stdout(&output);
    let snapshot = fixtures.join("human.txt");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&snapshot, &got).unwrap();
    }
    let expected = std::fs::read_to_string(&snapshot).unwrap();
    assert_eq!(
        got, expected,
        "rerun with UPDATE_SNAPSHOTS=1 and review the diff"
    );
    // Colour only when asked.
    let coloured = Command::new(env!("CARGO_BIN_EXE_cfn-apigatewayv2"))
        .current_dir(&fixtures)
        .args(["validate", "--no-config", "--color", "always", "human.yaml"])
        .output()
        .unwrap();
    assert!(stdout(&coloured).contains('\u{1b}'));
    assert!(!got.contains('\u{1b}'));
}
