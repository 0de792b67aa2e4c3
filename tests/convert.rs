//! The `cfn-apigatewayv2 convert` command line: conversion both ways, files that cannot be read
//! (exit 2, `FILE:LINE:COL: error: …`), usage errors (exit 2).

mod template_support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::json;
use template_support::same_data;

const BIN: &str = env!("CARGO_BIN_EXE_cfn-apigatewayv2");

const YAML: &str = "\
AWSTemplateFormatVersion: 2010-09-09
Transform: AWS::Serverless-2016-10-31
Parameters:
  Stage: {Type: String, Default: prod}
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
Resources:
  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Name: !Sub '${AWS::StackName}-api'
      ProtocolType: HTTP
      CorsConfiguration:
        AllowCredentials: !If [IsProd, false, true]
        MaxAge: '600'
  Integration:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref Api
      IntegrationType: AWS_PROXY
      IntegrationUri: !GetAtt Handler.Arn
      PayloadFormatVersion: 1.0
  Handler:
    Type: AWS::Serverless::Function
    Properties: {Runtime: python3.12, Handler: app.handler, InlineCode: 'x'}
Outputs:
  Url:
    Value: !GetAtt Api.ApiEndpoint
";

/// The same template as JSON, as cfn-flip writes it: long-form intrinsics, and every scalar as
/// written, also in typed fields (`MaxAge: '600'` stays a string in an integer field,
/// `PayloadFormatVersion: 1.0` a number in a string field).
fn expected() -> serde_json::Value {
    json!({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Transform": "AWS::Serverless-2016-10-31",
        "Parameters": {"Stage": {"Type": "String", "Default": "prod"}},
        "Conditions": {"IsProd": {"Fn::Equals": [{"Ref": "Stage"}, "prod"]}},
        "Resources": {
            "Api": {"Type": "AWS::ApiGatewayV2::Api", "Properties": {
                "Name": {"Fn::Sub": "${AWS::StackName}-api"},
                "ProtocolType": "HTTP",
                "CorsConfiguration": {
                    "AllowCredentials": {"Fn::If": ["IsProd", false, true]},
                    "MaxAge": "600"
                }
            }},
            "Integration": {"Type": "AWS::ApiGatewayV2::Integration", "Properties": {
                "ApiId": {"Ref": "Api"},
                "IntegrationType": "AWS_PROXY",
                "IntegrationUri": {"Fn::GetAtt": ["Handler", "Arn"]},
                "PayloadFormatVersion": 1.0
            }},
            "Handler": {"Type": "AWS::Serverless::Function", "Properties": {
                "Runtime": "python3.12", "Handler": "app.handler", "InlineCode": "x"
            }}
        },
        "Outputs": {"Url": {"Value": {"Fn::GetAtt": ["Api", "ApiEndpoint"]}}}
    })
}

/// Writes `content` to a fresh file named `name`.
fn file(name: &str, content: &[u8]) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("convert");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().unwrap()
}

fn convert(to: &str, path: &Path) -> Output {
    run(&["convert", "--to", to, path.to_str().unwrap()])
}

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "{}: {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).unwrap()
}

#[test]
fn converts_yaml_to_json_with_long_form_intrinsics() {
    let yaml = file("template.yaml", YAML.as_bytes());
    let text = stdout(&convert("json", &yaml));
    let written: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(written, expected());
    assert!(text.ends_with("}\n"));
    // Section and logical-id order are the source's.
    let at = |key: &str| text.find(key).unwrap();
    assert!(at("\"Parameters\"") < at("\"Conditions\"") && at("\"Resources\"") < at("\"Outputs\""));
    assert!(at("\"Integration\": {") < at("\"Handler\": {"));
}

#[test]
fn converts_json_to_yaml_with_short_tags_and_back() {
    let json = file("template.json", expected().to_string().as_bytes());
    let yaml = stdout(&convert("yaml", &json));
    for tag in ["!Ref Api", "!GetAtt Handler.Arn", "!Sub", "!If", "!Equals"] {
        assert!(yaml.contains(tag), "{tag} in\n{yaml}");
    }
    let again = file("again.yaml", yaml.as_bytes());
    let written: serde_json::Value =
        serde_json::from_str(&stdout(&convert("json", &again))).unwrap();
    same_data(&written, &expected()).unwrap();
    // JSON to JSON and YAML to YAML work too.
    let json_again = stdout(&convert("json", &json));
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&json_again).unwrap(),
        expected()
    );
    assert_eq!(stdout(&convert("yaml", &again)), yaml);
}

#[test]
fn duplicate_keys_keep_the_last_value_with_a_note() {
    let cases: [(&str, &[u8], serde_json::Value, &[&str]); 2] = [
        (
            "duplicate.yaml",
            b"Resources:\n  A: {Type: AWS::SNS::Topic}\n  B:\n    Type: AWS::SQS::Queue\n    Type: AWS::SNS::Queue\n  A: {Type: AWS::SNS::Subscription}\n",
            json!({"Resources": {
                "A": {"Type": "AWS::SNS::Subscription"},
                "B": {"Type": "AWS::SNS::Queue"}
            }}),
            &[
                "5:5: warning: duplicate key \"Type\" (first at 4:5); the last value is kept",
                "6:3: warning: duplicate key \"A\" (first at 2:3); the last value is kept",
            ],
        ),
        (
            "duplicate.json",
            b"{\"Resources\": {},\n \"Resources\": {\"A\": {\"Type\": \"X\"}}}",
            json!({"Resources": {"A": {"Type": "X"}}}),
            &["2:2: warning: duplicate key \"Resources\" (first at 1:2); the last value is kept"],
        ),
    ];
    for (name, content, expected, notes) in cases {
        let path = file(name, content);
        let output = convert("json", &path);
        let written: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
        assert_eq!(written, expected, "{name}");
        // The kept entry is where the key first was, as in cfn-flip's output.
        let text = String::from_utf8(output.stdout).unwrap();
        assert!(
            text.find("\"A\"") < text.find("\"B\"").or(Some(usize::MAX)),
            "{text}"
        );
        let stderr = String::from_utf8(output.stderr).unwrap();
        let expected: Vec<String> = notes
            .iter()
            .map(|note| format!("{}:{note}", path.display()))
            .collect();
        assert_eq!(stderr.lines().collect::<Vec<_>>(), expected, "{name}");
    }
}

#[test]
fn a_file_that_cannot_be_read_exits_2_with_its_position() {
    let cases: &[(&str, &[u8], &str, &str)] = &[
        ("comma.json", b"{\"Resources\": {},\n}\n", "2:1", ""),
        ("tab.yaml", b"Resources:\n\tA: 1\n", "2:", ""),
        ("utf16.yaml", b"Resources: {}\n\xff\xfe", "2:1", "UTF-8"),
        (
            "no-type.yaml",
            b"Resources:\n  Api:\n    Properties: {}\n",
            "3:5",
            "/Resources/Api: a resource must have a `Type`",
        ),
        (
            "list.yaml",
            b"- a\n- b\n",
            "1:1",
            "a template must be a mapping",
        ),
    ];
    for (name, content, position, message) in cases {
        let path = file(name, content);
        let output = convert("json", &path);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{name}: {stderr}");
        assert!(output.stdout.is_empty(), "{name}");
        let prefix = format!("{}:{position}", path.display());
        assert!(stderr.starts_with(&prefix), "{name}: {stderr}");
        assert!(
            stderr.contains(": error: ") && stderr.contains(message),
            "{name}: {stderr}"
        );
        assert_eq!(stderr.lines().count(), 1, "{name}: {stderr}");
    }
    let missing = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("does-not-exist.yaml");
    let output = convert("yaml", &missing);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr.starts_with(&format!(
            "{}:1:1: error: cannot read the file",
            missing.display()
        )),
        "{stderr}"
    );
}

#[test]
fn usage_errors_exit_2() {
    let yaml = file("usage.yaml", YAML.as_bytes());
    let yaml = yaml.to_str().unwrap();
    for args in [
        &[][..],
        &["frobnicate"],
        &["convert"],
        &["convert", yaml],
        &["convert", "--to", "xml", yaml],
        &["convert", "--to", "json"],
        &["convert", "--to", "json", yaml, "extra"],
        &["convert", "--from", "yaml", "--to", "json", yaml],
    ] {
        let output = run(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(output.stdout.is_empty(), "{args:?}");
        assert!(!output.stderr.is_empty(), "{args:?}");
    }
    for args in [&["--help"][..], &["convert", "--help"], &["--version"]] {
        let output = run(args);
        assert_eq!(output.status.code(), Some(0), "{args:?}");
        assert!(!output.stdout.is_empty(), "{args:?}");
    }
    assert!(String::from_utf8_lossy(&run(&["--help"]).stdout).contains("convert"));
}

/// Every number keeps its text, in typed fields too (`10` in a `Double` field, `-0` in an
/// integer field, numbers no `f64` holds exactly), in both directions.
#[test]
fn numbers_keep_their_text() {
    let json = br#"{"Resources": {
  "Stage": {"Type": "AWS::ApiGatewayV2::Stage", "Properties": {
    "ApiId": "a", "StageName": "s",
    "DefaultRouteSettings": {"ThrottlingRateLimit": 10, "ThrottlingBurstLimit": -0},
    "RouteSettings": {"GET /a": {"ThrottlingRateLimit": 1e-400},
                      "GET /b": {"ThrottlingRateLimit": 99999999999999999999999},
                      "GET /c": {"ThrottlingRateLimit": 2.50, "ThrottlingBurstLimit": "7"}}
  }},
  "Other": {"Type": "AWS::SNS::Topic", "Properties": {"X": -0.0}}
}}"#;
    let path = file("numbers.json", json);
    let written = stdout(&convert("json", &path));
    for text in [
        "\"ThrottlingRateLimit\": 10,",
        "\"ThrottlingBurstLimit\": -0",
        "\"ThrottlingRateLimit\": 1e-400",
        "\"ThrottlingRateLimit\": 99999999999999999999999",
        "\"ThrottlingRateLimit\": 2.50,",
        "\"ThrottlingBurstLimit\": \"7\"",
        "\"X\": -0.0",
    ] {
        assert!(written.contains(text), "{text} in\n{written}");
    }
    let yaml = stdout(&convert("yaml", &path));
    for text in [
        "ThrottlingRateLimit: 10\n",
        "ThrottlingBurstLimit: -0\n",
        // A YAML 1.1 reader (PyYAML) takes `1e-400` for a string: tagged to stay a number.
        "ThrottlingRateLimit: !!float 1e-400\n",
        "ThrottlingRateLimit: 99999999999999999999999\n",
        "ThrottlingRateLimit: 2.50\n",
        "ThrottlingBurstLimit: '7'\n",
    ] {
        assert!(yaml.contains(text), "{text} in\n{yaml}");
    }
    let again = file("numbers.yaml", yaml.as_bytes());
    assert_eq!(stdout(&convert("yaml", &again)), yaml);
}
