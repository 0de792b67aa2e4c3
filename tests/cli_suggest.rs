//! `cfn-apigatewayv2 validate --format json`: a misspelt name of every kind gets "did you mean"
//! in the finding's `help` (the message says what is wrong), and no help when two names are as
//! close or none is close; a reference giving the wrong value gets the one to write instead.
#![cfg(feature = "cli")]

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

/// Writes `yaml` to a file of its own in a temporary folder, validates it with the binary and
/// returns the JSON findings.
fn findings(name: &str, yaml: &str) -> Vec<Value> {
    let dir: PathBuf = std::env::temp_dir().join(format!("cfn-suggest-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join(format!("{name}.yaml"));
    std::fs::write(&file, yaml).expect("write template");
    let output = Command::new(env!("CARGO_BIN_EXE_cfn-apigatewayv2"))
        .args(["validate", "--format", "json"])
        .arg(&file)
        .output()
        .expect("runs");
    let _ = std::fs::remove_file(&file);
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    let value: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{name}: not JSON ({e}): {stdout}"));
    value.as_array().expect("an array").clone()
}

/// The one finding of `rule` at `path`: its message and help.
fn at(findings: &[Value], rule: &str, path: &str) -> (String, Option<String>) {
    let found: Vec<&Value> = findings
        .iter()
        .filter(|f| f["rule"] == rule && f["path"] == path)
        .collect();
    assert_eq!(found.len(), 1, "one {rule} at {path} in {findings:#?}");
    let message = found[0]["message"].as_str().expect("message").to_owned();
    // The suggestion is help, never part of the message.
    assert!(!message.contains("did you mean"), "{message}");
    (message, found[0]["help"].as_str().map(str::to_owned))
}

/// The help of the one finding of `rule` at `path`.
fn help_at(findings: &[Value], rule: &str, path: &str) -> Option<String> {
    at(findings, rule, path).1
}

fn mean(name: &str) -> Option<String> {
    Some(format!("did you mean `{name}`?"))
}

const API: &str = "  MyApi:
    Type: AWS::ApiGatewayV2::Api
    Properties: {Name: a, ProtocolType: HTTP}
";

/// A template with the Api `MyApi`, `resources` and other `sections`.
fn template(resources: &str, sections: &str) -> String {
    format!("Resources:\n{API}{resources}{sections}")
}

#[test]
fn properties() {
    let stage = |key: &str| {
        template(
            &format!(
                "  S:
    Type: AWS::ApiGatewayV2::Stage
    Properties: {{ApiId: !Ref MyApi, StageName: s, {key}: true}}
"
            ),
            "",
        )
    };
    let found = findings("property", &stage("AutoDeplo"));
    let (message, help) = at(
        &found,
        "unknown-property",
        "/Resources/S/Properties/AutoDeplo",
    );
    assert_eq!(
        message,
        "`AutoDeplo` is not a property of `AWS::ApiGatewayV2::Stage`"
    );
    assert_eq!(help, mean("AutoDeploy"));
    // Words added: the name it extends.
    let found = findings("property-words", &stage("StageAutoDeploy"));
    assert_eq!(
        help_at(
            &found,
            "unknown-property",
            "/Resources/S/Properties/StageAutoDeploy"
        ),
        mean("AutoDeploy")
    );
    // Nothing close: no help, the known names are in the message.
    let found = findings("property-far", &stage("Throttle"));
    let (message, help) = at(
        &found,
        "unknown-property",
        "/Resources/S/Properties/Throttle",
    );
    assert_eq!(help, None);
    assert!(message.contains("(known: "), "{message}");
}

#[test]
fn enum_values() {
    let integration = |value: &str| {
        template(
            &format!(
                "  I:
    Type: AWS::ApiGatewayV2::Integration
    Properties: {{ApiId: !Ref MyApi, IntegrationType: {value}, IntegrationUri: 'https://example.com', IntegrationMethod: GET, PayloadFormatVersion: '1.0'}}
"
            ),
            "",
        )
    };
    let path = "/Resources/I/Properties/IntegrationType";
    let found = findings("enum", &integration("HTTP_PROXI"));
    let (message, help) = at(&found, "allowed-values", path);
    assert!(
        message.starts_with("string \"HTTP_PROXI\" is not one of "),
        "{message}"
    );
    assert_eq!(help, mean("HTTP_PROXY"));
    // Only the case differs.
    let found = findings("enum-case", &integration("http_proxy"));
    assert_eq!(help_at(&found, "allowed-values", path), mean("HTTP_PROXY"));
    // Nothing close.
    let found = findings("enum-far", &integration("LAMBDA"));
    assert_eq!(help_at(&found, "allowed-values", path), None);
}

/// Two resources named alike, so a third name one edit from each has no one suggestion.
const TWINS: &str = "  Api1:
    Type: AWS::ApiGatewayV2::Api
    Properties: {Name: b, ProtocolType: HTTP}
  Api2:
    Type: AWS::ApiGatewayV2::Api
    Properties: {Name: c, ProtocolType: HTTP}
";

/// A stage of `MyApi` whose `StageName` is `value`, with the parameter `StageNameParam`.
fn stage_name(value: &str) -> String {
    template(
        &format!(
            "{TWINS}  S:
    Type: AWS::ApiGatewayV2::Stage
    Properties: {{ApiId: !Ref MyApi, StageName: {value}}}
"
        ),
        "Parameters:\n  StageNameParam: {Type: String}\n",
    )
}

#[test]
fn ref_targets() {
    let path = "/Resources/S/Properties/StageName";
    let found = findings("ref-resource", &stage_name("!Ref MyApii"));
    let (message, help) = at(&found, "ref-target", path);
    assert_eq!(
        message,
        "Ref names \"MyApii\", which is not a resource, parameter or pseudo parameter"
    );
    assert_eq!(help, mean("MyApi"));
    let found = findings("ref-parameter", &stage_name("!Ref StageNameParm"));
    assert_eq!(help_at(&found, "ref-target", path), mean("StageNameParam"));
    let found = findings("ref-pseudo", &stage_name("!Ref AWS::StackNme"));
    assert_eq!(help_at(&found, "ref-target", path), mean("AWS::StackName"));
    // `Api3` is one edit from both `Api1` and `Api2`: no guess.
    let found = findings("ref-tie", &stage_name("!Ref Api3"));
    assert_eq!(help_at(&found, "ref-target", path), None);
    let found = findings("ref-far", &stage_name("!Ref Unrelated"));
    assert_eq!(help_at(&found, "ref-target", path), None);
}

#[test]
fn sub_names() {
    let path = "/Resources/S/Properties/StageName";
    let found = findings("sub-parameter", &stage_name("!Sub 'x-${StageNameParm}'"));
    let (message, help) = at(&found, "ref-target", path);
    assert!(
        message.starts_with("Fn::Sub's ${StageNameParm} names"),
        "{message}"
    );
    assert_eq!(help, mean("StageNameParam"));
    let found = findings("sub-pseudo", &stage_name("!Sub '${AWS::Regoin}'"));
    assert_eq!(help_at(&found, "ref-target", path), mean("AWS::Region"));
    let found = findings("sub-getatt", &stage_name("!Sub '${MyAPI.ApiId}'"));
    assert_eq!(help_at(&found, "getatt-target", path), mean("MyApi"));
    let found = findings("sub-tie", &stage_name("!Sub '${Api3}'"));
    assert_eq!(help_at(&found, "ref-target", path), None);
}

#[test]
fn getatt_targets_and_attributes() {
    let output = |value: &str| template(TWINS, &format!("Outputs:\n  O:\n    Value: {value}\n"));
    let path = "/Outputs/O/Value";
    let found = findings("getatt-target", &output("!GetAtt MyAp.ApiEndpoint"));
    let (message, help) = at(&found, "getatt-target", path);
    assert_eq!(
        message,
        "Fn::GetAtt names \"MyAp\", which is not a resource of the template"
    );
    assert_eq!(help, mean("MyApi"));
    let found = findings("getatt-target-tie", &output("!GetAtt Api3.ApiEndpoint"));
    assert_eq!(help_at(&found, "getatt-target", path), None);

    let found = findings("getatt-attribute", &output("!GetAtt MyApi.ApiEndpont"));
    let (message, help) = at(&found, "getatt-attribute", path);
    assert!(message.contains("(it has: ApiEndpoint, "), "{message}");
    assert_eq!(help, mean("ApiEndpoint"));
    let found = findings("getatt-attribute-case", &output("!GetAtt MyApi.apiid"));
    assert_eq!(help_at(&found, "getatt-attribute", path), mean("ApiId"));
    // `Arn` is no attribute of an Api, and none is close to it.
    let found = findings("getatt-attribute-far", &output("!GetAtt MyApi.Arn"));
    assert_eq!(help_at(&found, "getatt-attribute", path), None);
}

#[test]
fn conditions() {
    let with = |name: &str| {
        template(
            &format!(
                "  S:
    Type: AWS::ApiGatewayV2::Stage
    Condition: {name}
    Properties: {{ApiId: !Ref MyApi, StageName: !If [{name}, a, b]}}
"
            ),
            "Conditions:
  HasA: !Equals [!Ref AWS::Region, us-east-1]
  HasB: !Equals [!Ref AWS::Region, us-west-2]
  IsProduction: !Equals [!Ref AWS::AccountId, '123456789012']
",
        )
    };
    let found = findings("condition", &with("IsProductoin"));
    let (message, help) = at(&found, "condition", "/Resources/S/Condition");
    assert_eq!(
        message,
        "the condition \"IsProductoin\" is not defined in `Conditions`"
    );
    assert_eq!(help, mean("IsProduction"));
    let path = "/Resources/S/Properties/StageName/Fn::If/0";
    assert_eq!(help_at(&found, "condition", path), mean("IsProduction"));
    // `HasC` is one edit from both `HasA` and `HasB`.
    let found = findings("condition-tie", &with("HasC"));
    assert_eq!(help_at(&found, "condition", "/Resources/S/Condition"), None);
    assert_eq!(help_at(&found, "condition", path), None);
}

#[test]
fn depends_on() {
    let with = |depends: &str| {
        template(
            &format!(
                "{TWINS}  Route1:
    Type: AWS::ApiGatewayV2::Route
    DependsOn: {depends}
    Properties: {{ApiId: !Ref MyApi, RouteKey: GET /}}
"
            ),
            "",
        )
    };
    let found = findings("depends-on", &with("[Api1, MyAPI]"));
    let (message, help) = at(&found, "depends-on", "/Resources/Route1/DependsOn/1");
    assert_eq!(
        message,
        "DependsOn names \"MyAPI\", which is not a resource of the template"
    );
    assert_eq!(help, mean("MyApi"));
    let found = findings("depends-on-tie", &with("Api3"));
    assert_eq!(
        help_at(&found, "depends-on", "/Resources/Route1/DependsOn"),
        None
    );
    // The one close name is the resource itself: depending on itself is no fix.
    let found = findings("depends-on-self", &with("Route2"));
    assert_eq!(
        help_at(&found, "depends-on", "/Resources/Route1/DependsOn"),
        None
    );
}

#[test]
fn references_giving_the_wrong_value_name_the_right_one() {
    let text = template(
        "  Role:
    Type: AWS::IAM::Role
    Properties: {AssumeRolePolicyDocument: {}}
  Handler:
    Type: AWS::Lambda::Function
    Properties: {Role: !GetAtt Role.Arn, Code: {ZipFile: x}, Runtime: python3.12, Handler: i.h}
  I:
    Type: AWS::ApiGatewayV2::Integration
    Properties: {ApiId: !Ref MyApi, IntegrationType: AWS_PROXY, IntegrationUri: !Ref Handler, CredentialsArn: !Ref Role, PayloadFormatVersion: '2.0'}
",
        "",
    );
    let found = findings("wrong-value", &text);
    let (message, help) = at(
        &found,
        "value-kind",
        "/Resources/I/Properties/CredentialsArn",
    );
    assert!(message.ends_with("gives a name"), "{message}");
    assert_eq!(help.as_deref(), Some("use `Fn::GetAtt Role.Arn`"));
    let (message, help) = at(
        &found,
        "ref-attribute",
        "/Resources/I/Properties/IntegrationUri",
    );
    assert!(message.ends_with("does not return"), "{message}");
    assert_eq!(help.as_deref(), Some("use `Fn::GetAtt Handler.Arn`"));
}
