//! An HTTP API whose `GET /hello` route invokes a Lambda function, built as a typed template and
//! printed as JSON, or as YAML with `--yaml`:
//!
//! ```sh
//! cargo run --example http_api -- --yaml
//! ```

use std::error::Error;

use cfn_apigatewayv2::apigatewayv2::{Api, Integration, Route, Stage};
use cfn_apigatewayv2::targets::lambda;
use cfn_apigatewayv2::template::{Output, Resource, Template};
use cfn_apigatewayv2::{Intrinsic, Node};
use serde::Deserialize;
use serde_json::json;

/// The template (the README's "Templates" example is this function's body).
pub fn template() -> Result<Template, Box<dyn Error>> {
    // README:start
    let mut template = Template::new();
    template.format_version = Some("2010-09-09".into());
    template.description = Some("HTTP API with a Lambda proxy integration".into());

    // Resources of services whose feature is off are kept as given (verbatim): here the function
    // and its role. With the `lambda`, `iam` and `logs` features they are typed too: see "A fully
    // typed stack" (`examples/typed_stack.rs`).
    let role = Node::deserialize(json!({
        "AssumeRolePolicyDocument": {
            "Version": "2012-10-17",
            "Statement": [{
                "Effect": "Allow",
                "Principal": {"Service": "lambda.amazonaws.com"},
                "Action": "sts:AssumeRole"
            }]
        },
        "ManagedPolicyArns": [{"Fn::Sub":
            "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"}]
    }))?;
    template.insert_resource("HandlerRole", Resource::verbatim("AWS::IAM::Role", role))?;
    let function = Node::deserialize(json!({
        "Runtime": "python3.12",
        "Handler": "index.handler",
        "Role": {"Fn::GetAtt": ["HandlerRole", "Arn"]},
        "Code": {"ZipFile": "def handler(event, context):\n    return {'body': 'hello'}\n"}
    }))?;
    // A typed handle to a verbatim resource: fields that refer to a Lambda function accept it.
    let function = template.add_verbatim::<lambda::Function>("Handler", function)?;

    // ApiGatewayV2 resources are typed; a handle gives `Ref` and one method per attribute, and
    // fits the fields that refer to its type (`Integration::new(&api, ...)`).
    let api = template.add_resource(
        "HttpApi",
        Api {
            name: Some(Intrinsic::sub("${AWS::StackName}-http").into()),
            protocol_type: Some("HTTP".into()),
            ..Api::new()
        },
    )?;
    let integration = template.add_resource(
        "HelloIntegration",
        Integration {
            payload_format_version: Some("2.0".into()),
            ..Integration::new(&api, "AWS_PROXY").with_integration_uri(&function)
        },
    )?;
    template.add_resource(
        "HelloRoute",
        Route::new(&api, "GET /hello").with_target(&integration),
    )?;
    template.add_resource(
        "DefaultStage",
        Stage {
            auto_deploy: Some(true.into()),
            ..Stage::new(api.reference(), "$default")
        },
    )?;

    // Let API Gateway invoke the function, from any route of this API.
    let permission = Node::deserialize(json!({
        "Action": "lambda:InvokeFunction",
        "FunctionName": {"Ref": "Handler"},
        "Principal": "apigateway.amazonaws.com",
        "SourceArn": {"Fn::Sub":
            "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${HttpApi}/*"}
    }))?;
    template.insert_resource(
        "HandlerPermission",
        Resource::verbatim("AWS::Lambda::Permission", permission),
    )?;
    template.add_output(
        "Endpoint",
        Output::new(api.api_endpoint()).with_description("The URL"),
    )?;
    // README:end
    Ok(template)
}

fn main() -> Result<(), Box<dyn Error>> {
    let template = template()?;
    let text = match std::env::args().nth(1).as_deref() {
        Some("--yaml") => template.to_yaml()?,
        _ => template.to_json()?,
    };
    print!("{text}");
    Ok(())
}
