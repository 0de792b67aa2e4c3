//! The benchmark template (a 500-resource CloudFormation template in a corpus-like mix) and the
//! baseline's walk, shared by `benches/validate.rs` and the whole-process comparison
//! (`examples/bench_template.rs`, `scripts/bench-validate.sh`).

use serde_json::{Value, json};

/// A template of `n` resources in a corpus-like mix: per group of ten, an HTTP Api, a Lambda
/// function, its permission, an integration, three routes, a stage, a deployment and an
/// authorizer, with intrinsics everywhere a real template has them (at most 500: CloudFormation's
/// limit).
pub fn template(n: usize) -> Vec<u8> {
    let mut resources = serde_json::Map::new();
    // Two resources are shared by all groups (the role and the log group).
    let n = n.saturating_sub(2);
    for g in 0..n.div_ceil(10) {
        let api = format!("Api{g}");
        let function = format!("Handler{g}");
        let integration = format!("Integration{g}");
        let group = [
            (
                api.clone(),
                json!({"Type": "AWS::ApiGatewayV2::Api", "Properties": {
                "Name": {"Fn::Sub": "${AWS::StackName}-api"}, "ProtocolType": "HTTP",
                "CorsConfiguration": {"AllowOrigins": ["https://example.com"], "AllowMethods": ["GET", "POST"], "MaxAge": 300},
                "Tags": {"team": "api", "stage": {"Ref": "Stage"}}}}),
            ),
            (
                function.clone(),
                json!({"Type": "AWS::Lambda::Function", "Properties": {
                "Runtime": "python3.12", "Handler": "index.handler",
                "Role": {"Fn::GetAtt": ["Role", "Arn"]},
                "Code": {"ZipFile": "def handler(event, context):\n    return {'body': 'hello'}\n"}}}),
            ),
            (
                format!("Permission{g}"),
                json!({"Type": "AWS::Lambda::Permission", "Properties": {
                "Action": "lambda:InvokeFunction", "FunctionName": {"Ref": function},
                "Principal": "apigateway.amazonaws.com",
                "SourceArn": {"Fn::Sub": format!("arn:${{AWS::Partition}}:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:${{{api}}}/*")}}}),
            ),
            (
                integration.clone(),
                json!({"Type": "AWS::ApiGatewayV2::Integration", "Properties": {
                "ApiId": {"Ref": api}, "IntegrationType": "AWS_PROXY",
                "IntegrationUri": {"Fn::GetAtt": [function, "Arn"]},
                "PayloadFormatVersion": "2.0", "TimeoutInMillis": 29000}}),
            ),
            (
                format!("RouteGet{g}"),
                route(&api, &integration, &format!("GET /items{g}")),
            ),
            (
                format!("RoutePost{g}"),
                route(&api, &integration, &format!("POST /items{g}/{{id}}")),
            ),
            (
                format!("RouteDefault{g}"),
                route(&api, &integration, "$default"),
            ),
            (
                format!("Stage{g}"),
                json!({"Type": "AWS::ApiGatewayV2::Stage", "Properties": {
                "ApiId": {"Ref": api}, "StageName": "$default", "AutoDeploy": true,
                "AccessLogSettings": {"DestinationArn": {"Fn::GetAtt": ["Logs", "Arn"]},
                    "Format": "$context.requestId $context.status"},
                "DefaultRouteSettings": {"ThrottlingBurstLimit": 100, "ThrottlingRateLimit": 50.0,
                    "DetailedMetricsEnabled": {"Fn::If": ["IsProd", true, false]}}}}),
            ),
            (
                format!("Deployment{g}"),
                json!({"Type": "AWS::ApiGatewayV2::Deployment",
                "DependsOn": [format!("RouteGet{g}"), format!("RoutePost{g}")],
                "Properties": {"ApiId": {"Ref": api}, "Description": "deployment"}}),
            ),
            (
                format!("Authorizer{g}"),
                json!({"Type": "AWS::ApiGatewayV2::Authorizer", "Properties": {
                "ApiId": {"Ref": api}, "AuthorizerType": "JWT", "Name": "jwt",
                "IdentitySource": ["$request.header.Authorization"],
                "JwtConfiguration": {"Audience": ["client"], "Issuer": {"Fn::Sub": "https://cognito-idp.${AWS::Region}.amazonaws.com/pool"}}}}),
            ),
        ];
        resources.extend(group.into_iter().take(n - g * 10));
    }
    resources.insert(
        "Role".into(),
        json!({"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {}}}),
    );
    resources.insert("Logs".into(), json!({"Type": "AWS::Logs::LogGroup"}));
    let template = json!({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Parameters": {"Stage": {"Type": "String"}},
        "Conditions": {"IsProd": {"Fn::Equals": [{"Ref": "Stage"}, "prod"]}},
        "Resources": resources,
    });
    serde_json::to_vec_pretty(&template).expect("serializes")
}

fn route(api: &str, integration: &str, key: &str) -> Value {
    json!({"Type": "AWS::ApiGatewayV2::Route", "Properties": {
        "ApiId": {"Ref": api}, "RouteKey": key, "AuthorizationType": "NONE",
        "Target": {"Fn::Sub": format!("integrations/${{{integration}}}")}}})
}

/// Visits every node of `value`; the count keeps the walk from being optimised away.
pub fn walk(value: &Value) -> usize {
    match value {
        Value::Array(items) => 1 + items.iter().map(walk).sum::<usize>(),
        Value::Object(entries) => 1 + entries.values().map(walk).sum::<usize>(),
        _ => 1,
    }
}
