//! A user of `cfn-apigatewayv2`, written against the types generated from today's `spec/` the
//! way README.md's "Compatibility policy" says code should be written to survive additive spec changes:
//! structs built with `new(...)`, setters and `..Type::new(...)`, matches on generated enums with
//! a wildcard arm, attributes read through handles, templates read with `Template`.
//!
//! `tests/compat.rs` builds and runs it against types generated from modified copies of the spec.
//! It uses `Integration.Description`, which the test's breaking case removes.

use cfn_apigatewayv2::apigatewayv2::enums::{ConnectionType, IntegrationType};
use cfn_apigatewayv2::apigatewayv2::{AnyResource, Api, Integration, Route};
use cfn_apigatewayv2::template::{ResourceProperties, Template};
use cfn_apigatewayv2::{TypedResource, Value};

#[cfg(feature = "exhaustive")]
mod exhaustive;

/// What a user does with a connection type: a match on known values with a wildcard arm.
fn describe(connection: &Value<ConnectionType>) -> String {
    match connection {
        Value::Literal(ConnectionType::Internet) => "public".to_owned(),
        Value::Literal(ConnectionType::VpcLink) => "private".to_owned(),
        // Generated enums are `#[non_exhaustive]`: values a later spec adds land here.
        Value::Literal(other) => format!("other: {}", other.as_str()),
        Value::Intrinsic(_) => "decided at deploy time".to_owned(),
    }
}

/// What a user does with any typed resource: a match with a wildcard arm.
fn kind(resource: &ResourceProperties) -> &'static str {
    match resource {
        ResourceProperties::Typed(TypedResource::ApiGatewayV2(any)) => match any {
            AnyResource::Api(_) => "api",
            AnyResource::Integration(_) => "integration",
            AnyResource::Route(_) => "route",
            // `AnyResource` is `#[non_exhaustive]`: resource types a later spec adds land here.
            _ => "other typed",
        },
        ResourceProperties::Verbatim { .. } => "verbatim",
        // `TypedResource` is `#[non_exhaustive]` too (one variant per generated service).
        _ => "other typed",
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Building: `new(...)` with the required properties, setters, and a struct update from
    // `new(...)` for optional ones.
    let mut template = Template::new();
    let api = template.add_resource(
        "HttpApi",
        Api {
            name: Some("compat".into()),
            protocol_type: Some("HTTP".into()),
            ..Api::new()
        },
    )?;
    let integration = Integration {
        description: Some("the user's integration".into()),
        timeout_in_millis: Some(Value::from(29_000)),
        ..Integration::new(&api, IntegrationType::HttpProxy)
            .with_integration_uri("https://example.com")
            .with_connection_type(ConnectionType::Internet)
    };
    let integration = template.add_resource("Proxy", integration)?;

    // Attributes: a handle's methods give `Fn::GetAtt`.
    assert_eq!(
        serde_json::to_value(integration.integration_id())?,
        serde_json::json!({"Fn::GetAtt": ["Proxy", "IntegrationId"]})
    );
    template.add_resource(
        "Default",
        Route::new(&api, "$default").with_target(&integration),
    )?;

    // Reading a template written by hand (YAML, short tags) and the one built above.
    let read = Template::parse(
        br"
Resources:
  HttpApi:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Name: compat
      ProtocolType: HTTP
  Private:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref HttpApi
      IntegrationType: HTTP_PROXY
      IntegrationUri: https://example.com
      ConnectionType: VPC_LINK
      ConnectionId: abc123
      Description: private
  Bucket:
    Type: AWS::S3::Bucket
",
    )?;
    let private = read
        .resource::<Integration>("Private")
        .ok_or("Private is not read as an Integration")?;
    let connection = private
        .connection_type
        .as_ref()
        .ok_or("no ConnectionType")?;
    assert_eq!(describe(connection), "private");
    assert_eq!(private.description, Some("private".into()));
    assert_eq!(
        private.integration_type,
        Value::Literal(IntegrationType::HttpProxy)
    );
    let kinds: Vec<&str> = read
        .resources
        .iter()
        .map(|(_, resource)| kind(&resource.properties))
        .collect();
    assert_eq!(kinds, ["api", "integration", "verbatim"]);

    let again = Template::parse(template.to_json()?.as_bytes())?;
    let proxy = again
        .resource::<Integration>("Proxy")
        .ok_or("Proxy is not read as an Integration")?;
    assert_eq!(describe(proxy.connection_type.as_ref().unwrap()), "public");
    assert_eq!(proxy.timeout_in_millis, Some(Value::Literal(29_000)));
    assert_eq!(Integration::TYPE_NAME, "AWS::ApiGatewayV2::Integration");
    assert!(Integration::ATTRIBUTES.contains(&"IntegrationId"));

    // A value this version may not know: kept, and readable with `as_str()`.
    let unknown = ConnectionType::from("PRIVATE_LINK");
    assert_eq!(describe(&Value::Literal(unknown)), "other: PRIVATE_LINK");

    #[cfg(feature = "exhaustive")]
    exhaustive::build(&api);

    println!("compat-user: ok");
    Ok(())
}
