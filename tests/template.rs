//! `Template`: reading every section, typed and verbatim resources, writing JSON and YAML and
//! reading that back, structural errors, authoring.

mod corpus_support;
mod template_support;

use cfn_apigatewayv2::apigatewayv2::{Api, Integration, Route};
use cfn_apigatewayv2::template::{
    DependsOn, Output, Parameter, Resource, ResourceProperties, Template, TemplateError, Transform,
};
use cfn_apigatewayv2::{Intrinsic, Node, ResourceType, Span, Value, syntax, to_node};
use serde_json::json;
use template_support::same_data;

/// Every function in long form, as CloudFormation accepts it.
const INTRINSICS: &[&str] = &[
    r#"{"Ref": "Api"}"#,
    r#"{"Ref": "AWS::NoValue"}"#,
    r#"{"Fn::GetAtt": ["Fn", "Arn"]}"#,
    r#"{"Fn::GetAtt": ["Db", {"Ref": "AttrName"}]}"#,
    r#"{"Fn::Sub": "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*"}"#,
    r#"{"Fn::Sub": ["${Host}/v1", {"Host": {"Fn::GetAtt": ["Lb", "DNSName"]}}]}"#,
    r#"{"Fn::Sub": ["plain", {}]}"#,
    r#"{"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":s3:::bucket"]]}"#,
    r#"{"Fn::Join": [",", {"Ref": "ListParam"}]}"#,
    r#"{"Fn::Select": [0, {"Fn::GetAZs": ""}]}"#,
    r#"{"Fn::Select": ["1", ["a", "b"]]}"#,
    r#"{"Fn::Split": [",", {"Ref": "Csv"}]}"#,
    r#"{"Fn::If": ["IsProd", 29000, {"Ref": "AWS::NoValue"}]}"#,
    r#"{"Fn::If": ["IsProd", {"Fn::If": ["IsEu", "a", "b"]}, "c"]}"#,
    r#"{"Fn::FindInMap": ["Env", {"Ref": "Stage"}, "Timeout"]}"#,
    r#"{"Fn::FindInMap": ["Env", "prod", "Timeout", {"DefaultValue": 5000}]}"#,
    r#"{"Fn::ImportValue": {"Fn::Sub": "${Net}-VpcId"}}"#,
    r#"{"Fn::Base64": "echo hello"}"#,
    r#"{"Fn::Cidr": ["10.0.0.0/16", 6, 5]}"#,
    r#"{"Fn::GetAZs": {"Ref": "AWS::Region"}}"#,
    r#"{"Fn::Transform": {"Name": "AWS::Include", "Parameters": {"Location": "s3://b/k"}}}"#,
    r#"{"Fn::ToJsonString": {"a": [1, 2.50, true, null]}}"#,
    r#"{"Fn::Length": [1, 2, 3]}"#,
    r#"{"Fn::Equals": [{"Ref": "Stage"}, "prod"]}"#,
    r#"{"Fn::And": [{"Condition": "A"}, {"Fn::Not": [{"Condition": "B"}]}]}"#,
    r#"{"Fn::Or": [{"Condition": "A"}, {"Fn::Equals": ["x", "y"]}]}"#,
    r#"{"Fn::Not": [{"Fn::Equals": [{"Ref": "Stage"}, "dev"]}]}"#,
    r#"{"Condition": "IsProd"}"#,
    r#"{"Fn::ForEach::Topics": ["Name", ["a", "b"], {"Out${Name}": {"Ref": "X"}}]}"#,
    r#"{"Fn::SomethingNew": {"any": ["shape", 1]}}"#,
];

/// Typed fields of every kind: (kind, resource type, properties with `@` where the function goes).
const SLOTS: &[(&str, &str, &str)] = &[
    (
        "string",
        "Integration",
        r#"{"ApiId": @, "IntegrationType": "AWS_PROXY"}"#,
    ),
    (
        "integer",
        "Integration",
        r#"{"ApiId": "a", "IntegrationType": "HTTP_PROXY", "TimeoutInMillis": @}"#,
    ),
    (
        "boolean",
        "Route",
        r#"{"ApiId": "a", "RouteKey": "$default", "ApiKeyRequired": @}"#,
    ),
    (
        "list",
        "Route",
        r#"{"ApiId": "a", "RouteKey": "$default", "AuthorizationScopes": @}"#,
    ),
    (
        "list item",
        "Route",
        r#"{"ApiId": "a", "RouteKey": "$default", "AuthorizationScopes": ["read", @]}"#,
    ),
    ("map", "Api", r#"{"Tags": @}"#),
    (
        "map value",
        "Api",
        r#"{"Tags": {"team": @, "Condition": "c"}}"#,
    ),
    (
        "nested",
        "Integration",
        r#"{"ApiId": "a", "IntegrationType": "HTTP", "TlsConfig": @}"#,
    ),
    (
        "nested field",
        "Integration",
        r#"{"ApiId": "a", "IntegrationType": "HTTP", "TlsConfig": {"ServerNameToVerify": @}}"#,
    ),
    (
        "double in a nested type",
        "Stage",
        r#"{"ApiId": "a", "StageName": "s", "DefaultRouteSettings": {"ThrottlingRateLimit": @}}"#,
    ),
    ("json", "Api", r#"{"Body": @}"#),
    (
        "inside json",
        "Api",
        r#"{"Body": {"paths": {"/": {"get": @}}}}"#,
    ),
];

fn node(value: serde_json::Value) -> Node {
    serde_json::from_value(value).unwrap()
}

fn json_of(node: &Node) -> serde_json::Value {
    serde_json::from_str(&syntax::to_json(node)).unwrap()
}

fn parse(text: &str) -> Template {
    Template::parse(text.as_bytes()).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

fn properties<'t>(template: &'t Template, id: &str) -> &'t ResourceProperties {
    &template.resources.get(id).unwrap().properties
}

/// Writes `template` as JSON and as YAML, reads each back, and checks that the result is the
/// same tree (exactly) and the same data as `input` (as CloudFormation reads it).
fn assert_round_trips(template: &Template, input: &serde_json::Value) {
    let written = template.to_node().unwrap();
    same_data(input, &json_of(&written)).unwrap_or_else(|e| panic!("written: {e}"));
    for text in [template.to_json().unwrap(), template.to_yaml().unwrap()] {
        let reread = parse(&text);
        assert_eq!(reread.to_node().unwrap(), written, "{text}");
        assert_eq!(&reread, template, "{text}");
    }
}

#[test]
fn every_intrinsic_round_trips_in_every_kind_of_typed_field() {
    let mut resources = serde_json::Map::new();
    for (i, intrinsic) in INTRINSICS.iter().enumerate() {
        for (j, (_, type_name, properties)) in SLOTS.iter().enumerate() {
            let properties: serde_json::Value =
                serde_json::from_str(&properties.replace('@', intrinsic)).unwrap();
            resources.insert(
                format!("R{i}x{j}"),
                json!({"Type": format!("AWS::ApiGatewayV2::{type_name}"), "Properties": properties}),
            );
        }
    }
    let input = json!({"Resources": resources});
    let template = Template::from_node(&node(input.clone())).unwrap();
    for (id, resource) in template.resources.iter() {
        let (i, j) = id[1..].split_once('x').unwrap();
        let (i, j): (usize, usize) = (i.parse().unwrap(), j.parse().unwrap());
        assert!(
            matches!(resource.properties, ResourceProperties::Typed(_)),
            "{} in a {} field is not typed: {:?}",
            INTRINSICS[i],
            SLOTS[j].0,
            resource.properties
        );
    }
    assert_round_trips(&template, &input);
}

#[test]
fn intrinsics_round_trip_from_yaml_short_tags() {
    let text = "\
Resources:
  Integration:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref Api
      IntegrationType: AWS_PROXY
      IntegrationUri: !GetAtt Fn.Arn
      TimeoutInMillis: !If [IsProd, 29000, !Ref AWS::NoValue]
      RequestParameters:
        overwrite:header.x: !Sub '${AWS::Region}'
      TlsConfig: !If [IsProd, {ServerNameToVerify: !Select [0, !Split [',', !Ref Names]]}, !Ref AWS::NoValue]
  Route:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !ImportValue shared-api
      RouteKey: !Join [' ', [GET, !FindInMap [Paths, !Ref Env, Hello]]]
      ApiKeyRequired: !Equals [!Ref Env, prod]
      AuthorizationScopes: !Split [',', !Base64 abc]
      Target: !Sub
        - integrations/${Id}
        - Id: !Ref Integration
";
    let template = parse(text);
    for id in ["Integration", "Route"] {
        assert!(matches!(
            properties(&template, id),
            ResourceProperties::Typed(_)
        ));
    }
    let route: &Route = template.resource("Route").unwrap();
    assert_eq!(
        route.api_id,
        Value::from(Intrinsic::ImportValue(Node::from("shared-api")))
    );
    let (input, _) = syntax::parse(text.as_bytes()).unwrap();
    assert_round_trips(&template, &json_of(&input));
    let yaml = template.to_yaml().unwrap();
    assert!(yaml.contains("IntegrationUri: !GetAtt Fn.Arn"), "{yaml}");
    assert!(yaml.contains("!If"), "{yaml}");
}

#[test]
fn typed_fields_read_scalars_the_way_cloudformation_does_and_write_them_as_read() {
    let mut template = parse(
        r#"{"Resources": {"I": {"Type": "AWS::ApiGatewayV2::Integration", "Properties": {
            "TimeoutInMillis": "29000", "ApiId": {"Fn::GetAtt": "Api.ApiId"},
            "IntegrationType": "AWS_PROXY", "PayloadFormatVersion": 1.0}},
          "R": {"Type": "AWS::ApiGatewayV2::Route", "Properties": {
            "ApiId": 12345, "RouteKey": "$default", "ApiKeyRequired": "True"}}}}"#,
    );
    let integration: &Integration = template.resource("I").unwrap();
    assert_eq!(integration.timeout_in_millis, Some(Value::Literal(29000)));
    assert_eq!(integration.payload_format_version, Some("1.0".into()));
    let route: &Route = template.resource("R").unwrap();
    assert_eq!(route.api_id, "12345".into());
    assert_eq!(route.api_key_required, Some(Value::Literal(true)));
    // Written back as read: each scalar's kind and text, `Fn::GetAtt`'s form, the key order.
    let written = template.to_json().unwrap();
    assert_eq!(
        json_of(&template.to_node().unwrap())["Resources"],
        json!({
            "I": {"Type": "AWS::ApiGatewayV2::Integration", "Properties": {
                "TimeoutInMillis": "29000", "ApiId": {"Fn::GetAtt": "Api.ApiId"},
                "IntegrationType": "AWS_PROXY", "PayloadFormatVersion": 1.0}},
            "R": {"Type": "AWS::ApiGatewayV2::Route", "Properties": {
                "ApiId": 12345, "RouteKey": "$default", "ApiKeyRequired": "True"}}
        })
    );
    assert!(
        written.find("TimeoutInMillis") < written.find("\"ApiId\""),
        "{written}"
    );
    // A changed value is written as its struct writes it; the unchanged ones stay as read.
    let Some(ResourceProperties::Typed(typed)) = template
        .resources
        .get_mut("I")
        .map(|resource| &mut resource.properties)
    else {
        panic!("I is typed");
    };
    let mut integration = Integration::from_typed(typed).unwrap().clone();
    integration.timeout_in_millis = Some(Value::Literal(1000));
    *typed = integration.into_typed();
    assert_eq!(
        json_of(&template.to_node().unwrap())["Resources"]["I"]["Properties"],
        json!({"TimeoutInMillis": 1000, "ApiId": {"Fn::GetAtt": "Api.ApiId"},
               "IntegrationType": "AWS_PROXY", "PayloadFormatVersion": 1.0})
    );
}

#[test]
fn resource_attributes_are_kept() {
    let text = "\
Parameters:
  Env: {Type: String, Default: dev, AllowedValues: [dev, prod], Description: Stage}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Api:
    Type: AWS::ApiGatewayV2::Api
    Condition: IsProd
    DependsOn: Topic
    Properties: {Name: api, ProtocolType: HTTP}
    DeletionPolicy: Retain
    UpdateReplacePolicy: !If [IsProd, Retain, Delete]
    Metadata: {cfn-lint: {config: {ignore_checks: [W3005]}}}
    CreationPolicy: {ResourceSignal: {Count: 1, Timeout: PT5M}}
    UpdatePolicy: {AutoScalingReplacingUpdate: {WillReplace: true}}
    Connectors: {Invoke: {Properties: {Destination: {Id: Fn}, Permissions: [Write]}}}
  Topic:
    Type: AWS::SNS::Topic
    DependsOn: [Queue]
  Queue:
    Type: AWS::SQS::Queue
    Condition: [not, a, name]
    DependsOn: {Ref: Env}
    DeletionPolicy: [Retain]
";
    let template = parse(text);
    let api = template.resources.get("Api").unwrap();
    assert!(matches!(api.properties, ResourceProperties::Typed(_)));
    assert_eq!(api.condition.as_deref(), Some("IsProd"));
    assert_eq!(api.depends_on, Some(DependsOn::One("Topic".into())));
    assert_eq!(api.deletion_policy, Some("Retain".into()));
    assert!(api.update_replace_policy.as_ref().unwrap().is_intrinsic());
    assert!(api.metadata.is_some() && api.creation_policy.is_some());
    assert!(api.update_policy.is_some());
    assert_eq!(api.other.len(), 1);
    assert_eq!(api.other[0].0, "Connectors");
    let topic = template.resources.get("Topic").unwrap();
    assert_eq!(
        topic.depends_on,
        Some(DependsOn::List(vec!["Queue".into()]))
    );
    assert_eq!(
        topic.properties,
        ResourceProperties::Verbatim {
            node: None,
            error: None
        }
    );
    // Values that do not fit a field are kept verbatim among the other keys.
    let queue = template.resources.get("Queue").unwrap();
    assert_eq!(
        (queue.condition.as_ref(), queue.depends_on.as_ref()),
        (None, None)
    );
    let other: Vec<&str> = queue.other.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(other, ["Condition", "DependsOn", "DeletionPolicy"]);
    let env = template.parameters.as_ref().unwrap().get("Env").unwrap();
    assert_eq!(env.type_name, "String");
    assert_eq!(env.default, Some(Node::from("dev")));
    assert_eq!(env.other[0].0, "AllowedValues");
    let (input, _) = syntax::parse(text.as_bytes()).unwrap();
    assert_round_trips(&template, &json_of(&input));
}

#[test]
fn other_resource_types_are_verbatim() {
    let input = json!({"Resources": {
        "Fn": {"Type": "AWS::Lambda::Function", "Properties": {
            "Runtime": "python3.12", "Handler": "index.handler", "MemorySize": 128.0,
            "Role": {"Fn::GetAtt": "Role.Arn"}, "Code": {"ZipFile": "x"}, "Layers": [null]}},
        "HttpApi": {"Type": "AWS::Serverless::HttpApi", "Properties": {"StageName": "$default"}},
        "Custom": {"Type": "Custom::Thing", "Properties": "not even a mapping"},
        "Module": {"Type": "My::Org::Module::MODULE", "Properties": null}
    }});
    let template = Template::from_node(&node(input.clone())).unwrap();
    for (id, resource) in template.resources.iter() {
        match &resource.properties {
            ResourceProperties::Verbatim {
                node: Some(node),
                error: None,
            } => assert_eq!(json_of(node), input["Resources"][id]["Properties"]),
            other => panic!("{id}: {other:?}"),
        }
    }
    // Exactly as written, not merely the same data.
    assert_eq!(json_of(&template.to_node().unwrap()), input);
    assert_round_trips(&template, &input);
}

#[test]
fn generated_types_that_do_not_fit_are_verbatim_with_the_reason() {
    let input = json!({"Resources": {
        "Unknown": {"Type": "AWS::ApiGatewayV2::Api", "Properties": {
            "Name": "a", "ProtocolType": "HTTP", "Shiny": {"New": [1, 2]}}},
        "WrongType": {"Type": "AWS::ApiGatewayV2::Integration", "Properties": {
            "ApiId": "a", "IntegrationType": "HTTP", "TimeoutInMillis": "soon"}},
        "Null": {"Type": "AWS::ApiGatewayV2::Api", "Properties": {"Name": "a", "Description": null}},
        "MissingRequired": {"Type": "AWS::ApiGatewayV2::Route", "Properties": {"ApiId": "a"}},
        "NotAMapping": {"Type": "AWS::ApiGatewayV2::Stage", "Properties": ["a"]},
        "NoProperties": {"Type": "AWS::ApiGatewayV2::Integration"},
        "NoPropertiesNeeded": {"Type": "AWS::ApiGatewayV2::Api"}
    }});
    let template = Template::from_node(&node(input.clone())).unwrap();
    let error = |id: &str| match properties(&template, id) {
        ResourceProperties::Verbatim {
            error: Some(error), ..
        } => error.to_string(),
        other => panic!("{id}: {other:?}"),
    };
    assert!(error("Unknown").contains("Shiny"), "{}", error("Unknown"));
    assert!(
        error("WrongType").contains("/TimeoutInMillis"),
        "{}",
        error("WrongType")
    );
    assert!(error("Null").contains("/Description"), "{}", error("Null"));
    assert!(
        error("MissingRequired").contains("RouteKey"),
        "{}",
        error("MissingRequired")
    );
    error("NotAMapping");
    // No `Properties`: stays so; for a type with required properties, the error says what is
    // missing.
    assert!(
        error("NoProperties").contains("ApiId"),
        "{}",
        error("NoProperties")
    );
    assert_eq!(
        properties(&template, "NoPropertiesNeeded"),
        &ResourceProperties::Verbatim {
            node: None,
            error: None
        }
    );
    assert_eq!(json_of(&template.to_node().unwrap()), input);
    assert_round_trips(&template, &input);
}

#[test]
fn every_section_is_kept_in_source_order() {
    let text = "\
Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]
Description: 1.0
Globals:
  Function: {Timeout: 3}
Resources:
  Api: {Type: AWS::ApiGatewayV2::Api, Properties: {Name: a}}
Parameters:
  Size: {Type: Number, Default: 1.50}
Rules:
  R: {Assertions: [{Assert: !Equals [a, a]}]}
Mappings:
  M: {a: {b: [1, 2]}}
AWSTemplateFormatVersion: '2010-09-09'
Metadata: {Anything: [goes]}
Conditions:
  C: !Not [!Equals [a, b]]
Outputs:
  Url:
    Value: !GetAtt Api.ApiEndpoint
    Description: the url
    Export: {Name: !Sub '${AWS::StackName}-url'}
    Condition: C
";
    let template = parse(text);
    assert_eq!(
        template.transform,
        Some(Transform::Names(vec![
            "AWS::LanguageExtensions".into(),
            "AWS::Serverless-2016-10-31".into()
        ]))
    );
    assert_eq!(template.other[0].0, "Globals");
    let output = template.outputs.as_ref().unwrap().get("Url").unwrap();
    assert_eq!(output.condition.as_deref(), Some("C"));
    let written = template.to_node().unwrap();
    let keys: Vec<&str> = written
        .as_mapping()
        .unwrap()
        .iter()
        .map(|(k, _)| k.as_str())
        .collect();
    assert_eq!(
        keys,
        [
            "Transform",
            "Description",
            "Globals",
            "Resources",
            "Parameters",
            "Rules",
            "Mappings",
            "AWSTemplateFormatVersion",
            "Metadata",
            "Conditions",
            "Outputs"
        ]
    );
    let (input, _) = syntax::parse(text.as_bytes()).unwrap();
    assert_eq!(
        written, input,
        "verbatim sections are written exactly as read"
    );
    assert_round_trips(&template, &json_of(&input));
}

#[test]
fn transform_is_a_name_a_list_or_kept_verbatim() {
    for (transform, expected) in [
        (
            json!("AWS::Serverless-2016-10-31"),
            Transform::Name("AWS::Serverless-2016-10-31".into()),
        ),
        (
            json!(["AWS::Serverless-2016-10-31"]),
            Transform::Names(vec!["AWS::Serverless-2016-10-31".into()]),
        ),
        (
            json!([{"Name": "AWS::Include", "Parameters": {"Location": "s3://b/k"}}]),
            Transform::Other(node(
                json!([{"Name": "AWS::Include", "Parameters": {"Location": "s3://b/k"}}]),
            )),
        ),
    ] {
        let input = json!({"Transform": transform, "Resources": {}});
        let template = Template::from_node(&node(input.clone())).unwrap();
        assert_eq!(template.transform.as_ref(), Some(&expected));
        assert_eq!(json_of(&template.to_node().unwrap()), input);
        assert_round_trips(&template, &input);
    }
    assert_eq!(
        Transform::Name("AWS::Serverless-2016-10-31".into()).names(),
        ["AWS::Serverless-2016-10-31"]
    );
}

#[test]
fn structural_errors_have_a_path_and_a_position() {
    let cases: &[(&str, &str, (u32, u32), &str)] = &[
        ("[1, 2]\n", "", (1, 1), "a template must be a mapping"),
        (
            "Description: x\n",
            "",
            (1, 1),
            "must have a `Resources` section",
        ),
        (
            "Resources: [a]\n",
            "/Resources",
            (1, 12),
            "must be a mapping",
        ),
        (
            "Resources:\n  Api:\n    Properties: {}\n",
            "/Resources/Api",
            (3, 5),
            "must have a `Type`",
        ),
        (
            "Resources:\n  Api:\n    Type: [AWS::ApiGatewayV2::Api]\n",
            "/Resources/Api/Type",
            (3, 11),
            "`Type` must be a string",
        ),
        (
            "Resources: {}\nParameters:\n  P: {Default: 1}\n",
            "/Parameters/P",
            (3, 6),
            "must have a `Type`",
        ),
        (
            "Resources: {}\nOutputs:\n  O: {Description: x}\n",
            "/Outputs/O",
            (3, 6),
            "must have a `Value`",
        ),
        (
            "Resources: {}\nConditions: []\n",
            "/Conditions",
            (2, 13),
            "must be a mapping",
        ),
    ];
    for (text, path, (line, column), message) in cases {
        match Template::parse(text.as_bytes()) {
            Err(TemplateError::Structure {
                path: p,
                span,
                message: m,
            }) => {
                assert_eq!(&p, path, "{text}");
                assert_eq!(
                    span,
                    Some(Span {
                        line: *line,
                        column: *column
                    }),
                    "{text}"
                );
                assert!(m.contains(message), "{text}: {m}");
            }
            other => panic!("{text}: {other:?}"),
        }
    }
    let error = Template::parse(b"Resources:\n  A: {Type: X}\n  A: {Type: Y}\n").unwrap_err();
    assert!(matches!(error, TemplateError::Syntax(_)), "{error:?}");
    assert_eq!(error.span().map(|s| s.line), Some(3), "{error}");
}

#[test]
fn authoring_checks_names_and_reads_resources_back() {
    let mut template = Template::new();
    let name: Value<String> = template
        .add_parameter("Name", Parameter::new("String").with_default("api"))
        .unwrap();
    let api = template
        .add_resource(
            "Api",
            Api {
                name: Some(name),
                ..Api::new()
            },
        )
        .unwrap();
    assert_eq!(api.logical_id(), "Api");
    assert!(matches!(
        template.add_resource("Api", Api::new()),
        Err(TemplateError::Duplicate {
            section: "Resources",
            ..
        })
    ));
    assert!(
        template.add_resource("Name", Api::new()).is_err(),
        "a parameter's name"
    );
    assert!(
        template
            .add_parameter::<String>("Api", Parameter::new("String"))
            .is_err()
    );
    template
        .add_condition(
            "IsProd",
            Intrinsic::Equals(Node::from("a"), Node::from("b")),
        )
        .unwrap();
    assert!(
        template
            .add_condition("IsProd", Intrinsic::Condition("x".into()))
            .is_err()
    );
    template
        .insert_resource(
            "Topic",
            Resource::verbatim("AWS::SNS::Topic", None)
                .with_condition("IsProd")
                .with_depends_on(DependsOn::List(vec!["Api".into()])),
        )
        .unwrap();
    template
        .add_output(
            "Id",
            Output::new(api.api_id()).with_export(Intrinsic::sub("${AWS::StackName}-id")),
        )
        .unwrap();
    assert!(template.add_output("Id", Output::new("x")).is_err());
    assert_eq!(
        template.resource::<Api>("Api").unwrap().name,
        Some(Intrinsic::reference("Name").into())
    );
    assert!(template.resource::<Route>("Api").is_none());
    assert!(template.resource::<Api>("Topic").is_none());
    assert_eq!(
        json_of(&template.to_node().unwrap()),
        json!({
            "Parameters": {"Name": {"Type": "String", "Default": "api"}},
            "Conditions": {"IsProd": {"Fn::Equals": ["a", "b"]}},
            "Resources": {
                "Api": {"Type": "AWS::ApiGatewayV2::Api", "Properties": {"Name": {"Ref": "Name"}}},
                "Topic": {"Type": "AWS::SNS::Topic", "Condition": "IsProd", "DependsOn": ["Api"]}
            },
            "Outputs": {"Id": {
                "Value": {"Fn::GetAtt": ["Api", "ApiId"]},
                "Export": {"Name": {"Fn::Sub": "${AWS::StackName}-id"}}
            }}
        })
    );
    // A key set both in a field and in `other` is refused when writing.
    template
        .resources
        .get_mut("Topic")
        .unwrap()
        .other
        .push(("Condition".into(), Node::from("x")));
    let error = template.to_node().unwrap_err().to_string();
    assert!(
        error.contains("/Resources/Topic") && error.contains("`Condition`"),
        "{error}"
    );
}

#[test]
fn to_node_keeps_the_text_of_numbers() {
    let body = node(json!({"a": 1}));
    let mut body_with_text = body.clone();
    if let cfn_apigatewayv2::NodeKind::Mapping(entries) = &mut body_with_text.kind {
        entries.push(("b".into(), Node::number("1.50")));
        entries.push(("c".into(), Node::number("1e400")));
    }
    let api = Api {
        body: Some(Value::Literal(body_with_text.clone())),
        ..Api::new()
    };
    let written = to_node(&api).unwrap();
    assert_eq!(written.get("Body"), Some(&body_with_text));
    assert_eq!(
        to_node(&Node::number("-0.0")).unwrap(),
        Node::number("-0.0")
    );
    // Other serializers still see numbers.
    assert_eq!(
        serde_json::to_value(Node::number("1.50")).unwrap(),
        json!(1.5)
    );
    assert_eq!(
        serde_json::to_string(&body_with_text).unwrap(),
        r#"{"a":1,"b":1.5,"c":null}"#
    );
    assert_eq!(
        to_node(&f64::NAN).unwrap_err().to_string(),
        "NaN cannot be written: templates hold only finite numbers"
    );
    assert_eq!(to_node(&vec![(1, 'x')]).unwrap(), node(json!([[1, "x"]])));
}

#[allow(dead_code)]
#[path = "../examples/http_api.rs"]
mod http_api;

#[test]
fn the_http_api_example_writes_what_cloudformation_expects() {
    let template = http_api::template().unwrap();
    let written: serde_json::Value = serde_json::from_str(&template.to_json().unwrap()).unwrap();
    // Written by hand from the CloudFormation resource reference, not copied from the output.
    let expected = json!({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": "HTTP API with a Lambda proxy integration",
        "Resources": {
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
                    "ManagedPolicyArns": [{"Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"}]
                }
            },
            "Handler": {
                "Type": "AWS::Lambda::Function",
                "Properties": {
                    "Runtime": "python3.12",
                    "Handler": "index.handler",
                    "Role": {"Fn::GetAtt": ["HandlerRole", "Arn"]},
                    "Code": {"ZipFile": "def handler(event, context):\n    return {'body': 'hello'}\n"}
                }
            },
            "HttpApi": {
                "Type": "AWS::ApiGatewayV2::Api",
                "Properties": {
                    "Name": {"Fn::Sub": "${AWS::StackName}-http"},
                    "ProtocolType": "HTTP"
                }
            },
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
            "DefaultStage": {
                "Type": "AWS::ApiGatewayV2::Stage",
                "Properties": {
                    "ApiId": {"Ref": "HttpApi"},
                    "StageName": "$default",
                    "AutoDeploy": true
                }
            },
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
    });
    assert_eq!(written, expected);
    let ids: Vec<&str> = template.resources.names().collect();
    assert_eq!(
        ids,
        [
            "HandlerRole",
            "Handler",
            "HttpApi",
            "HelloIntegration",
            "HelloRoute",
            "DefaultStage",
            "HandlerPermission"
        ]
    );
    let yaml = template.to_yaml().unwrap();
    assert!(
        yaml.contains("IntegrationUri: !GetAtt Handler.Arn\n"),
        "{yaml}"
    );
    assert_eq!(parse(&yaml), template);
}

#[test]
fn the_readme_shows_the_example() {
    let example = include_str!("../examples/http_api.rs");
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
        "README.md's Templates example differs from examples/http_api.rs:\n{body}"
    );
}

#[test]
fn the_comparison_used_by_these_tests_tells_data_apart() {
    let same = |a, b| same_data(&a, &b).is_ok();
    assert!(same(
        json!({"a": 1.0, "b": true, "c": 1e3}),
        json!({"b": "true", "a": "1.0", "c": 1000})
    ));
    assert!(same(
        json!({"Fn::GetAtt": "A.B.C"}),
        json!({"Fn::GetAtt": ["A", "B.C"]})
    ));
    assert!(!same(json!({"a": 1}), json!({"a": 1, "b": null})));
    assert!(!same(json!([1, 2]), json!([2, 1])));
    assert!(!same(json!("01"), json!("1")));
    assert!(!same(json!(true), json!("yes")));
    assert!(!same(json!(null), json!("")));
    assert!(!same(json!({"a": [1]}), json!({"a": 1})));
}

/// Every corpus template, and damaged copies of it (cut short, a byte left out), reads without
/// panicking; whatever reads writes back the same data.
#[test]
fn damaged_templates_never_panic_and_what_reads_round_trips() {
    let Some(corpus) = corpus_support::corpus() else {
        return;
    };
    let (mut read, mut rejected) = (0, 0);
    for dir in ["good", "bad"] {
        for entry in std::fs::read_dir(corpus.join(dir)).unwrap() {
            let text = std::fs::read(entry.unwrap().path()).unwrap();
            let mut variants = vec![text.clone()];
            for i in (1..text.len()).step_by(text.len() / 12 + 1) {
                variants.push(text[..i].to_vec());
                variants.push([&text[..i - 1], &text[i..]].concat());
            }
            for variant in variants {
                let Ok((input, _)) = syntax::parse(&variant) else {
                    continue;
                };
                match Template::from_node(&input) {
                    Ok(template) => {
                        read += 1;
                        let written = json_of(&template.to_node().unwrap());
                        same_data(&json_of(&input), &written).unwrap();
                    }
                    Err(_) => rejected += 1,
                }
            }
        }
    }
    println!("{read} read and written back, {rejected} not templates");
    assert!(read > 300);
}
