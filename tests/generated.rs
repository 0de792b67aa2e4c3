//! The generated types against the vendored spec: `generated/` is current, and every property
//! of the reference type `AWS::ApiGatewayV2::Integration` is there with its CloudFormation name.

mod files_support;

use std::collections::BTreeSet;
use std::path::Path;

use cfn_apigatewayv2::Value;
use cfn_apigatewayv2::apigatewayv2::integration::{
    Integration, ResponseParameter, ResponseParameterMap, TlsConfig,
};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn generated_dir_matches_spec() {
    let generation = cfn_codegen::generate(&root().join("spec")).expect("spec/ generates");
    let drift =
        cfn_codegen::output::check_dir(&root().join("generated"), &generation.files).unwrap();
    assert!(
        drift.is_empty(),
        "generated/ is stale; run `cargo run -p cfn-codegen -- generate`:\n{}",
        drift
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// The settable properties of a resource per its registry schema: all but the read-only ones.
fn registry_settable(schema_file: &str) -> BTreeSet<String> {
    let text = std::fs::read_to_string(root().join("spec/schemas").join(schema_file)).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    let read_only: BTreeSet<String> = schema["readOnlyProperties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            p.as_str()
                .unwrap()
                .trim_start_matches("/properties/")
                .to_owned()
        })
        .collect();
    schema["properties"]
        .as_object()
        .unwrap()
        .keys()
        .filter(|k| !read_only.contains(*k))
        .cloned()
        .collect()
}

fn s<T: From<&'static str>>(text: &'static str) -> Value<T> {
    text.into()
}

#[test]
fn fully_populated_integration_has_exactly_its_18_cloudformation_keys() {
    let integration = Integration {
        api_id: s("abc123"),
        connection_id: Some(s("vpclink")),
        connection_type: Some(s("VPC_LINK")),
        content_handling_strategy: Some(s("CONVERT_TO_TEXT")),
        credentials_arn: Some(s("arn:aws:iam::123456789012:role/x")),
        description: Some(s("d")),
        integration_method: Some(s("POST")),
        integration_subtype: Some(s("SQS-SendMessage")),
        integration_type: s("AWS_PROXY"),
        integration_uri: Some(s("arn:aws:lambda:us-east-1:123456789012:function:f")),
        passthrough_behavior: Some(s("NEVER")),
        payload_format_version: Some(s("2.0")),
        request_parameters: Some(Value::Literal(
            [("QueueUrl".to_owned(), s("$request.header.queueUrl"))].into(),
        )),
        request_templates: Some(Value::Literal(
            [("application/json".to_owned(), s("{}"))].into(),
        )),
        response_parameters: Some(Value::Literal(
            [(
                "200".to_owned(),
                Value::Literal(ResponseParameterMap {
                    response_parameters: Some(Value::Literal(vec![Value::Literal(
                        ResponseParameter {
                            destination: Some(s("overwrite:statuscode")),
                            source: Some(s("204")),
                        },
                    )])),
                }),
            )]
            .into(),
        )),
        template_selection_expression: Some(s("\\$default")),
        timeout_in_millis: Some(Value::Literal(29000)),
        tls_config: Some(Value::Literal(TlsConfig {
            server_name_to_verify: Some(s("example.com")),
        })),
    };
    let json = serde_json::to_value(&integration).unwrap();
    let keys: BTreeSet<String> = json.as_object().unwrap().keys().cloned().collect();
    assert_eq!(keys.len(), 18, "{keys:?}");
    assert_eq!(keys, registry_settable("aws-apigatewayv2-integration.json"));
    let back: Integration = serde_json::from_value(json).unwrap();
    assert_eq!(back, integration);
}

#[test]
#[allow(deprecated)]
fn legacy_only_property_is_kept_and_deprecated() {
    use cfn_apigatewayv2::apigatewayv2::stage::Stage;
    let stage: Stage = serde_json::from_value(serde_json::json!({
        "ApiId": "a", "StageName": "$default", "AccessPolicyId": "p"
    }))
    .unwrap();
    assert_eq!(stage.access_policy_id, Some(s("p")));
}

#[test]
fn closed_value_sets_are_enums_that_never_fail_to_read() {
    use cfn_apigatewayv2::apigatewayv2::enums::{IntegrationType, SecurityPolicy};
    let read: Integration = serde_json::from_value(serde_json::json!({
        "ApiId": "a", "IntegrationType": "AWS_PROXY", "ConnectionType": "SOMETHING_NEW"
    }))
    .unwrap();
    assert_eq!(
        read.integration_type,
        Value::Literal(IntegrationType::AwsProxy)
    );
    let unknown = read
        .connection_type
        .as_ref()
        .and_then(Value::as_literal)
        .unwrap();
    assert!(!unknown.is_known());
    assert_eq!(unknown.as_str(), "SOMETHING_NEW");
    assert_eq!(
        serde_json::to_value(&read).unwrap(),
        serde_json::json!({"ApiId": "a", "IntegrationType": "AWS_PROXY", "ConnectionType": "SOMETHING_NEW"})
    );
    assert_eq!(
        IntegrationType::VALUES,
        &["AWS", "HTTP", "MOCK", "HTTP_PROXY", "AWS_PROXY"]
    );
    assert_eq!(
        "TLS_1_2".parse::<SecurityPolicy>().unwrap(),
        SecurityPolicy::Tls12
    );
    assert_eq!(SecurityPolicy::Tls12.to_string(), "TLS_1_2");
}

#[test]
fn unknown_enum_values_are_opaque_and_round_trip() {
    use cfn_apigatewayv2::apigatewayv2::enums::ConnectionType;
    let new: ConnectionType = "SOMETHING_NEW".parse().unwrap();
    assert_eq!(new, ConnectionType::from("SOMETHING_NEW"));
    assert!(!new.is_known());
    assert_eq!(new.as_str(), "SOMETHING_NEW");
    assert_eq!(new.to_string(), "SOMETHING_NEW");
    assert_eq!(serde_json::to_value(&new).unwrap(), "SOMETHING_NEW");
    let back: ConnectionType = serde_json::from_value(serde_json::json!("SOMETHING_NEW")).unwrap();
    assert_eq!(back, new);
    // `#[non_exhaustive]`: a match needs a wildcard arm, which is where unknown values go; the
    // catch-all variant is not named.
    let describe = |value: &ConnectionType| match value {
        ConnectionType::Internet => "internet".to_owned(),
        ConnectionType::VpcLink => "VPC link".to_owned(),
        other => format!("other: {}", other.as_str()),
    };
    assert_eq!(describe(&new), "other: SOMETHING_NEW");
    assert_eq!(describe(&"VPC_LINK".into()), "VPC link");
}

#[test]
fn every_optional_field_has_a_setter_taking_a_literal_or_an_intrinsic() {
    use cfn_apigatewayv2::Intrinsic;
    use cfn_apigatewayv2::apigatewayv2::enums::ConnectionType;
    let integration = Integration::new("api", "HTTP_PROXY")
        .with_connection_type(ConnectionType::VpcLink)
        .with_connection_id(Intrinsic::reference("VpcLink"))
        .with_description("proxy")
        .with_timeout_in_millis(29_000)
        .with_request_parameters(std::collections::BTreeMap::from([(
            "append:header.x".to_owned(),
            s("$context.requestId"),
        )]))
        .with_tls_config(TlsConfig::new().with_server_name_to_verify("example.com"))
        .with_integration_uri("arn:aws:elasticloadbalancing:us-east-1:1:listener/app/a/b/c");
    assert_eq!(
        serde_json::to_value(&integration).unwrap(),
        serde_json::json!({
            "ApiId": "api",
            "ConnectionId": {"Ref": "VpcLink"},
            "ConnectionType": "VPC_LINK",
            "Description": "proxy",
            "IntegrationType": "HTTP_PROXY",
            "IntegrationUri": "arn:aws:elasticloadbalancing:us-east-1:1:listener/app/a/b/c",
            "RequestParameters": {"append:header.x": "$context.requestId"},
            "TimeoutInMillis": 29000,
            "TlsConfig": {"ServerNameToVerify": "example.com"}
        })
    );
    let parameter = ResponseParameter::new()
        .with_destination("overwrite:statuscode")
        .with_source("204");
    let map = ResponseParameterMap::new().with_response_parameters(vec![Value::Literal(parameter)]);
    assert_eq!(
        serde_json::to_value(&map).unwrap(),
        serde_json::json!({"ResponseParameters": [{"Destination": "overwrite:statuscode", "Source": "204"}]})
    );
}

#[test]
fn resource_type_methods_come_from_the_trait() {
    use cfn_apigatewayv2::{Node, ResourceType};
    let integration = Integration::new("api", "MOCK");
    assert_eq!(integration.type_name(), Integration::TYPE_NAME);
    let properties = integration.to_properties().unwrap();
    let back = Integration::from_properties(Integration::TYPE_NAME, &properties)
        .unwrap()
        .unwrap();
    assert_eq!(*back, integration);
    assert!(Integration::from_properties("AWS::ApiGatewayV2::Api", &properties).is_none());
    assert!(std::ptr::eq(
        Integration::schema_for(Integration::TYPE_NAME).unwrap(),
        Integration::SCHEMA
    ));
    assert!(Integration::schema_for("AWS::ApiGatewayV2::Api").is_none());
    let _ = Node::from("unused");
}

/// The doc comments of every generated file (and of the generator's golden outputs): no link
/// with an escaped bracket in front (`\[`Type`\](<url>)`, a link rustdoc prints as text) and
/// no empty link (`[]()`, `[text]()`).
#[test]
fn generated_docs_have_no_broken_or_empty_links() {
    let mut files = files_support::rust_files(&root().join("generated"));
    files.extend(files_support::rust_files(
        &root().join("codegen/tests/fixtures"),
    ));
    files.retain(|f| f.components().all(|c| c.as_os_str() != "spec"));
    assert!(files.len() > 20, "{files:?}");
    let mut broken = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let Some(doc) = line.trim_start().strip_prefix("///") else {
                continue;
            };
            let escaped_link = doc.contains("\\](");
            let empty = doc.contains("[](") || doc.contains("]()") || doc.contains("](<>)");
            if escaped_link || empty {
                broken.push(format!("{}:{}: {}", file.display(), n + 1, doc.trim()));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "broken links in doc comments:\n{}",
        broken.join("\n")
    );
}

#[test]
fn generated_tables_carry_shapes_and_constraints_with_their_sources() {
    use cfn_apigatewayv2::ResourceType;
    use cfn_apigatewayv2::schema::{ConstraintKind, Shape, Source};
    let schema = <Integration as ResourceType>::SCHEMA;
    assert_eq!(schema.type_name, "AWS::ApiGatewayV2::Integration");
    assert_eq!(schema.properties.len(), 18);
    let timeout = schema.property("TimeoutInMillis").unwrap();
    assert!(matches!(timeout.shape, Shape::Integer));
    assert!(timeout.constraints.iter().any(|c| c.source == Source::ApiModel
        && matches!(c.kind, ConstraintKind::Range(Some(min), Some(max)) if min == 50.0 && max == 30000.0)));
    let api_id = schema.property("ApiId").unwrap();
    assert!(api_id.required);
    assert_eq!(api_id.relationships, &[("AWS::ApiGatewayV2::Api", "ApiId")]);
    let Shape::Map(value) = &schema.property("ResponseParameters").unwrap().shape else {
        panic!("a map")
    };
    let Shape::Object(name, rows) = value else {
        panic!("an object")
    };
    assert_eq!(*name, "ResponseParameterMap");
    assert!(matches!(
        rows[0].shape,
        Shape::List(Shape::Object("ResponseParameter", _))
    ));
    assert!(schema.property("Nope").is_none());
    assert!(std::ptr::eq(
        cfn_apigatewayv2::TypedResource::schema_for("AWS::ApiGatewayV2::Integration").unwrap(),
        schema
    ));
    assert!(cfn_apigatewayv2::TypedResource::schema_for("AWS::Lambda::Function").is_none());
}
