//! The README's HTTP API stack with every resource typed: the function's role, the function, its
//! log group (which also receives the stage's access logs), the permission that lets API Gateway
//! invoke it, and the API with its integration, route and stage. Printed as JSON, or as YAML with
//! `--yaml`:
//!
//! ```sh
//! cargo run --example typed_stack --features lambda,iam,logs -- --yaml
//! ```

use std::error::Error;

use cfn_apigatewayv2::apigatewayv2::stage::AccessLogSettings;
use cfn_apigatewayv2::apigatewayv2::{Api, Integration, Route, Stage};
use cfn_apigatewayv2::iam::Role;
use cfn_apigatewayv2::lambda::function::{Code, Runtime};
use cfn_apigatewayv2::lambda::{Function, Permission};
use cfn_apigatewayv2::logs::LogGroup;
use cfn_apigatewayv2::template::{Output, Template};
use cfn_apigatewayv2::{Intrinsic, Node};
use serde::Deserialize;
use serde_json::json;

/// The template (the README's "A fully typed stack" is this function's body).
pub fn template() -> Result<Template, Box<dyn Error>> {
    // README:start
    let mut template = Template::new();
    template.format_version = Some("2010-09-09".into());
    template.description = Some("HTTP API with a Lambda proxy integration, fully typed".into());

    // The function's execution role: Lambda may assume it, and it may write logs.
    let role = template.add_resource(
        "HandlerRole",
        Role::new(Node::deserialize(json!({
            "Version": "2012-10-17",
            "Statement": [{
                "Effect": "Allow",
                "Principal": {"Service": "lambda.amazonaws.com"},
                "Action": "sts:AssumeRole"
            }]
        }))?)
        .with_managed_policy_arns([Intrinsic::sub(
            "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
        )]),
    )?;
    // `Role` refers to an IAM role: the handle gives `Fn::GetAtt HandlerRole.Arn`.
    let function = template.add_resource(
        "Handler",
        Function {
            runtime: Some(Runtime::Python312.into()),
            handler: Some("index.handler".into()),
            ..Function::new(
                Code::new()
                    .with_zip_file("def handler(event, context):\n    return {'body': 'hello'}\n"),
                &role,
            )
        },
    )?;
    // The log group Lambda writes to (`/aws/lambda/<function name>`), kept for two weeks.
    let logs = template.add_resource(
        "HandlerLogs",
        LogGroup::new()
            .with_log_group_name(Intrinsic::sub("/aws/lambda/${Handler}"))
            .with_retention_in_days(14),
    )?;

    let api = template.add_resource(
        "HttpApi",
        Api {
            name: Some(Intrinsic::sub("${AWS::StackName}-http").into()),
            protocol_type: Some("HTTP".into()),
            ..Api::new()
        },
    )?;
    // The Lambda function's handle fits `IntegrationUri` (`Fn::GetAtt Handler.Arn`).
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
            ..Stage::new(api.reference(), "$default").with_access_log_settings(
                AccessLogSettings::new()
                    .with_destination_arn(logs.arn())
                    .with_format(
                        r#"{"requestId":"$context.requestId","status":"$context.status"}"#,
                    ),
            )
        },
    )?;
    // Let API Gateway invoke the function, from any route of this API.
    template.add_resource(
        "HandlerPermission",
        Permission::new(
            "lambda:InvokeFunction",
            &function,
            "apigateway.amazonaws.com",
        )
        .with_source_arn(Intrinsic::sub(
            "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${HttpApi}/*",
        )),
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
