//! The fully typed stack of `examples/typed_stack.rs` (features `lambda`, `iam`, `logs`): its
//! exact template, no finding from the validator, typed resources when read back, the validator
//! checking the other services' schemas, and the README showing the example.

use cfn_apigatewayv2::Value;
use cfn_apigatewayv2::apigatewayv2::{Api, Integration, Route, Stage};
use cfn_apigatewayv2::iam::Role;
use cfn_apigatewayv2::lambda::function::Runtime;
use cfn_apigatewayv2::lambda::{Function, Permission};
use cfn_apigatewayv2::logs::LogGroup;
use cfn_apigatewayv2::template::Template;
use cfn_apigatewayv2::validate::{self, Finding};
use serde_json::json;

#[allow(dead_code)]
#[path = "../examples/typed_stack.rs"]
mod typed_stack;

/// The template, written by hand from the CloudFormation resource reference (each value checked
/// against the generated documentation of its field), not copied from the output.
fn expected() -> serde_json::Value {
    json!({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": "HTTP API with a Lambda proxy integration, fully typed",
        "Resources": {
            // AWS::IAM::Role: `AssumeRolePolicyDocument` (required, JSON) is the trust policy;
            // `ManagedPolicyArns` a list of policy ARNs.
            "HandlerRole": {
                "Type": "AWS::IAM::Role",
                "Properties": {
                    "AssumeRolePolicyDocument": {
                        "Version": "2012-10-17",
                        "Statement": [{
                            "Effect": "Allow",
                            "Principal": {"Service": "lambda.amazonaws.com"},
                            "Action": "sts:AssumeRole"
                        }]
                    },
                    "ManagedPolicyArns": [
                        {"Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"}
                    ]
                }
            },
            // AWS::Lambda::Function: `Code` and `Role` are required; `Role` refers to
            // AWS::IAM::Role (`Arn`), which is an attribute (`Fn::GetAtt`), not the role's `Ref`
            // (its name). Inline code is `Code.ZipFile`, with `Handler` `index.<function>`.
            "Handler": {
                "Type": "AWS::Lambda::Function",
                "Properties": {
                    "Code": {"ZipFile": "def handler(event, context):\n    return {'body': 'hello'}\n"},
                    "Handler": "index.handler",
                    "Role": {"Fn::GetAtt": ["HandlerRole", "Arn"]},
                    "Runtime": "python3.12"
                }
            },
            // AWS::Logs::LogGroup: `RetentionInDays` is one of 1, 3, 5, 7, 14, ...; the function's
            // `Ref` is its name.
            "HandlerLogs": {
                "Type": "AWS::Logs::LogGroup",
                "Properties": {
                    "LogGroupName": {"Fn::Sub": "/aws/lambda/${Handler}"},
                    "RetentionInDays": 14
                }
            },
            "HttpApi": {
                "Type": "AWS::ApiGatewayV2::Api",
                "Properties": {
                    "Name": {"Fn::Sub": "${AWS::StackName}-http"},
                    "ProtocolType": "HTTP"
                }
            },
            // `IntegrationUri` refers to AWS::Lambda::Function (`Arn`): the typed handle of the
            // generated `lambda::Function` gives `Fn::GetAtt`.
            "HelloIntegration": {
                "Type": "AWS::ApiGatewayV2::Integration",
                "Properties": {
                    "ApiId": {"Ref": "HttpApi"},
                    "IntegrationType": "AWS_PROXY",
                    "IntegrationUri": {"Fn::GetAtt": ["Handler", "Arn"]},
                    "PayloadFormatVersion": "2.0"
                }
            },
            "HelloRoute": {
                "Type": "AWS::ApiGatewayV2::Route",
                "Properties": {
                    "ApiId": {"Ref": "HttpApi"},
                    "RouteKey": "GET /hello",
                    "Target": {"Fn::Join": ["", ["integrations/", {"Ref": "HelloIntegration"}]]}
                }
            },
            // `AccessLogSettings.DestinationArn` is the log group's ARN (its `Arn` attribute);
            // `Format` must include `$context.requestId`.
            "DefaultStage": {
                "Type": "AWS::ApiGatewayV2::Stage",
                "Properties": {
                    "AccessLogSettings": {
                        "DestinationArn": {"Fn::GetAtt": ["HandlerLogs", "Arn"]},
                        "Format": "{\"requestId\":\"$context.requestId\",\"status\":\"$context.status\"}"
                    },
                    "ApiId": {"Ref": "HttpApi"},
                    "AutoDeploy": true,
                    "StageName": "$default"
                }
            },
            // AWS::Lambda::Permission: `Action`, `FunctionName` (the function's name: its `Ref`)
            // and `Principal` are required; `SourceArn` limits it to this API's routes.
            "HandlerPermission": {
                "Type": "AWS::Lambda::Permission",
                "Properties": {
                    "Action": "lambda:InvokeFunction",
                    "FunctionName": {"Ref": "Handler"},
                    "Principal": "apigateway.amazonaws.com",
                    "SourceArn": {"Fn::Sub": "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${HttpApi}/*"}
                }
            }
        },
        "Outputs": {
            "Endpoint": {
                "Value": {"Fn::GetAtt": ["HttpApi", "ApiEndpoint"]},
                "Description": "The URL"
            }
        }
    })
}

fn rules(findings: &[Finding]) -> Vec<(&str, &str)> {
    findings.iter().map(|f| (f.rule, f.path.as_str())).collect()
}

#[test]
fn the_typed_stack_writes_what_cloudformation_expects() {
    let template = typed_stack::template().unwrap();
    let written: serde_json::Value = serde_json::from_str(&template.to_json().unwrap()).unwrap();
    assert_eq!(written, expected());
    let ids: Vec<&str> = template.resources.names().collect();
    assert_eq!(
        ids,
        [
            "HandlerRole",
            "Handler",
            "HandlerLogs",
            "HttpApi",
            "HelloIntegration",
            "HelloRoute",
            "DefaultStage",
            "HandlerPermission"
        ]
    );
    // Every resource is typed, none verbatim.
    for (id, resource) in template.resources.iter() {
        assert!(resource.typed_properties().is_some(), "{id} is verbatim");
    }
}

#[test]
fn the_validator_finds_nothing_in_the_typed_stack() {
    let template = typed_stack::template().unwrap();
    let json = template.to_json().unwrap();
    let yaml = template.to_yaml().unwrap();
    for text in [&json, &yaml] {
        let report = validate::check_bytes(text.as_bytes()).unwrap();
        assert_eq!(report.findings, [], "{text}");
        assert_eq!(report.suppressed, []);
    }
    // The typed values go through the same walker.
    assert_eq!(validate::validate_template(&template).unwrap(), []);
}

#[test]
fn the_typed_stack_reads_back_typed() {
    let template = typed_stack::template().unwrap();
    for text in [template.to_json().unwrap(), template.to_yaml().unwrap()] {
        let read = Template::parse(text.as_bytes()).unwrap();
        assert_eq!(read, template);
        assert!(read.resource::<Role>("HandlerRole").is_some());
        let function = read.resource::<Function>("Handler").unwrap();
        assert_eq!(function.runtime, Some(Value::Literal(Runtime::Python312)));
        assert!(read.resource::<LogGroup>("HandlerLogs").is_some());
        assert!(read.resource::<Api>("HttpApi").is_some());
        assert!(read.resource::<Integration>("HelloIntegration").is_some());
        assert!(read.resource::<Route>("HelloRoute").is_some());
        assert!(read.resource::<Stage>("DefaultStage").is_some());
        assert!(read.resource::<Permission>("HandlerPermission").is_some());
    }
}

/// The validator checks an enabled service's registry schema (without the feature, a Lambda
/// function is not judged at all).
#[test]
fn the_validator_checks_the_enabled_services() {
    let mut template = expected();
    let function = &mut template["Resources"]["Handler"]["Properties"];
    let runtime = function.as_object_mut().unwrap().remove("Runtime").unwrap();
    function["Runtimee"] = runtime;
    let findings = validate::validate_bytes(template.to_string().as_bytes()).unwrap();
    assert_eq!(
        rules(&findings),
        [("unknown-property", "/Resources/Handler/Properties/Runtimee")]
    );
    assert_eq!(
        findings[0].message,
        "`Runtimee` is not a property of `AWS::Lambda::Function`"
    );
    assert_eq!(findings[0].help.as_deref(), Some("did you mean `Runtime`?"));

    // A required property (the function's `Role`), another service's (the role's) unknown
    // property, and a value outside the log group's allowed retention periods.
    let mut template = expected();
    let resources = &mut template["Resources"];
    resources["Handler"]["Properties"]
        .as_object_mut()
        .unwrap()
        .remove("Role");
    resources["HandlerRole"]["Properties"]["Descripton"] = json!("typo");
    resources["HandlerLogs"]["Properties"]["RetentionInDays"] = json!(15);
    let findings = validate::validate_bytes(template.to_string().as_bytes()).unwrap();
    let mut found = rules(&findings);
    found.sort();
    assert_eq!(
        found,
        [
            (
                "allowed-values",
                "/Resources/HandlerLogs/Properties/RetentionInDays"
            ),
            ("required", "/Resources/Handler/Properties/Role"),
            (
                "unknown-property",
                "/Resources/HandlerRole/Properties/Descripton"
            ),
        ]
    );
}

#[test]
fn the_readme_shows_the_example() {
    let example = include_str!("../examples/typed_stack.rs");
    let body = example
        .split("// README:start\n")
        .nth(1)
        .and_then(|rest| rest.split("    // README:end").next())
        .unwrap();
    let body: String = body
        .lines()
        .map(|line| format!("{}\n", line.strip_prefix("    ").unwrap_or(line)))
        .collect();
    assert!(
        include_str!("../README.md").contains(&body),
        "README.md's \"A fully typed stack\" differs from examples/typed_stack.rs:\n{body}"
    );
}
