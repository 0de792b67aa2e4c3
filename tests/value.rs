//! The runtime value layer: `Value<T>`, `Intrinsic`, `Node` and its coercing deserializer.

use std::collections::BTreeMap;

use cfn_apigatewayv2::{Intrinsic, Json, Node, NodeError, NodeKind, Pseudo, Span, Value};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::json;

/// A property type shaped like the generated ones.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Tls {
    #[serde(rename = "ServerNameToVerify")]
    server_name: Value<String>,
    #[serde(
        rename = "TimeoutInMillis",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    timeout: Option<Value<i64>>,
    #[serde(rename = "Tags", default, skip_serializing_if = "Option::is_none")]
    tags: Option<Value<Vec<Value<String>>>>,
}

/// A property type with a field called `Condition`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Rule {
    #[serde(rename = "Condition")]
    condition: Value<String>,
}

type List = Vec<Value<String>>;
type Map = BTreeMap<String, Value<String>>;

/// Every function, in long form, as CloudFormation accepts it.
const INTRINSICS: &[&str] = &[
    r#"{"Ref": "Api"}"#,
    r#"{"Ref": "AWS::Region"}"#,
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
    r#"{"Fn::FindInMap": ["Env", {"Ref": "Stage"}, "Timeout"]}"#,
    r#"{"Fn::FindInMap": ["Env", "prod", "Timeout", {"DefaultValue": 5000}]}"#,
    r#"{"Fn::ImportValue": {"Fn::Sub": "${Net}-VpcId"}}"#,
    r#"{"Fn::Base64": "echo hello"}"#,
    r#"{"Fn::Cidr": ["10.0.0.0/16", 6, 5]}"#,
    r#"{"Fn::GetAZs": {"Ref": "AWS::Region"}}"#,
    r#"{"Fn::Transform": {"Name": "AWS::Include", "Parameters": {"Location": "s3://b/k"}}}"#,
    r#"{"Fn::Transform": {"Name": "Upper"}}"#,
    r#"{"Fn::ToJsonString": {"a": [1, 2.5, true, null]}}"#,
    r#"{"Fn::Length": [1, 2, 3]}"#,
    r#"{"Fn::Equals": [{"Ref": "Stage"}, "prod"]}"#,
    r#"{"Fn::And": [{"Condition": "A"}, {"Fn::Not": [{"Condition": "B"}]}]}"#,
    r#"{"Fn::Or": [{"Condition": "A"}, {"Fn::Equals": ["x", "y"]}]}"#,
    r#"{"Fn::Not": [{"Fn::Equals": [{"Ref": "Stage"}, "dev"]}]}"#,
    r#"{"Condition": "IsProd"}"#,
    r#"{"Fn::ForEach::Topics": ["Name", ["a", "b"], {"Out${Name}": {"Ref": "X"}}]}"#,
    r#"{"Fn::SomethingNew": {"any": ["shape", 1]}}"#,
];

fn parse<T: DeserializeOwned>(json: &str) -> Value<T> {
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"))
}

fn parse_err<T: DeserializeOwned + std::fmt::Debug>(json: &str) -> String {
    serde_json::from_str::<Value<T>>(json)
        .expect_err(json)
        .to_string()
}

/// Reads `json` as a `Value<T>`, checks it is an intrinsic, and that it writes back the same JSON.
fn assert_intrinsic_round_trip<T: DeserializeOwned + Serialize>(json: &str) -> Intrinsic {
    let value: Value<T> = parse(json);
    let intrinsic = value
        .as_intrinsic()
        .unwrap_or_else(|| panic!("{json} read as a literal"))
        .clone();
    let expected: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(serde_json::to_value(&value).unwrap(), expected, "{json}");
    intrinsic
}

/// Reads `json` as a `Value<T>` literal and checks it writes back the same JSON.
fn assert_literal_round_trip<T: DeserializeOwned + Serialize>(json: &str) -> T {
    let value: Value<T> = parse(json);
    let expected: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(serde_json::to_value(&value).unwrap(), expected, "{json}");
    value
        .into_literal()
        .unwrap_or_else(|| panic!("{json} read as an intrinsic"))
}

#[test]
fn every_intrinsic_round_trips_in_every_field_type() {
    for json in INTRINSICS {
        let name = assert_intrinsic_round_trip::<String>(json)
            .name()
            .to_owned();
        for other in [
            assert_intrinsic_round_trip::<i64>(json),
            assert_intrinsic_round_trip::<f64>(json),
            assert_intrinsic_round_trip::<bool>(json),
            assert_intrinsic_round_trip::<List>(json),
            assert_intrinsic_round_trip::<Box<Tls>>(json),
        ] {
            assert_eq!(other.name(), name);
        }
        // Condition is ambiguous where T has a `Condition` key: see `condition_*` below.
        if name != "Condition" {
            assert_intrinsic_round_trip::<Map>(json);
            assert_intrinsic_round_trip::<Tls>(json);
            assert_intrinsic_round_trip::<Json>(json);
        }
        let whole = format!(
            r#"{{"ServerNameToVerify": {json}, "TimeoutInMillis": {json}, "Tags": {json}}}"#
        );
        let tls = assert_literal_round_trip::<Tls>(&whole);
        assert!(tls.server_name.is_intrinsic() && tls.timeout.unwrap().is_intrinsic());
        assert!(tls.tags.unwrap().is_intrinsic());
    }
}

#[test]
fn intrinsics_read_into_their_variants() {
    let read = |json| Intrinsic::from_node(serde_json::from_str(json).unwrap()).unwrap();
    assert_eq!(read(INTRINSICS[0]), Intrinsic::reference("Api"));
    assert_eq!(read(INTRINSICS[1]), Intrinsic::pseudo(Pseudo::Region));
    assert_eq!(read(INTRINSICS[2]), Intrinsic::get_att("Fn", "Arn"));
    match read(INTRINSICS[5]) {
        Intrinsic::Sub {
            template,
            variables: Some(vars),
        } => {
            assert_eq!(template, "${Host}/v1");
            assert_eq!(vars.len(), 1);
            assert_eq!(vars[0].0, "Host");
            assert_eq!(vars[0].1.intrinsic_name(), Some("Fn::GetAtt"));
        }
        other => panic!("{other:?}"),
    }
    match read(INTRINSICS[12]) {
        Intrinsic::If {
            condition,
            then,
            otherwise,
        } => {
            assert_eq!(condition, "IsProd");
            assert_eq!(then.as_number(), Some("29000"));
            assert_eq!(
                Intrinsic::from_node(otherwise).unwrap(),
                Intrinsic::pseudo(Pseudo::NoValue)
            );
        }
        other => panic!("{other:?}"),
    }
    match read(INTRINSICS[14]) {
        Intrinsic::FindInMap {
            map,
            default: Some(default),
            ..
        } => {
            assert_eq!(map.as_str(), Some("Env"));
            assert_eq!(default.as_number(), Some("5000"));
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        read(INTRINSICS[13]),
        Intrinsic::FindInMap { default: None, .. }
    ));
    assert!(matches!(read(INTRINSICS[21]), Intrinsic::ToJsonString(_)));
    assert!(matches!(read(INTRINSICS[24]), Intrinsic::And(c) if c.len() == 2));
    assert_eq!(read(INTRINSICS[27]), Intrinsic::Condition("IsProd".into()));
    match read(INTRINSICS[28]) {
        Intrinsic::Other { name, args } => {
            assert_eq!(name, "Fn::ForEach::Topics");
            assert_eq!(args.as_sequence().map(<[Node]>::len), Some(3));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn get_att_string_form_is_written_as_a_list() {
    let value: Value<String> = parse(r#"{"Fn::GetAtt": "Db.Endpoint.Address"}"#);
    assert_eq!(
        value.as_intrinsic(),
        Some(&Intrinsic::GetAtt {
            resource: "Db".into(),
            attribute: Node::from("Endpoint.Address")
        })
    );
    let written = serde_json::to_value(&value).unwrap();
    assert_eq!(written, json!({"Fn::GetAtt": ["Db", "Endpoint.Address"]}));
    // Reading the written form gives the same function back.
    assert_eq!(
        serde_json::from_value::<Value<String>>(written).unwrap(),
        value
    );
}

#[test]
fn literals_round_trip() {
    assert_eq!(assert_literal_round_trip::<String>(r#""abc""#), "abc");
    assert_eq!(assert_literal_round_trip::<i64>("5000"), 5000);
    assert_eq!(
        assert_literal_round_trip::<i64>("-9223372036854775808"),
        i64::MIN
    );
    assert_eq!(assert_literal_round_trip::<f64>("1.5"), 1.5);
    assert!(assert_literal_round_trip::<bool>("false").eq(&false));
    let tls = assert_literal_round_trip::<Tls>(r#"{"ServerNameToVerify": "example.com"}"#);
    assert_eq!(tls.server_name, Value::from("example.com"));
    assert_eq!(tls.timeout, None);
    let boxed = assert_literal_round_trip::<Box<Tls>>(
        r#"{"ServerNameToVerify": "a", "TimeoutInMillis": 50}"#,
    );
    assert_eq!(boxed.timeout, Some(Value::from(50)));
}

#[test]
fn lists_take_a_function_as_a_whole_or_per_item() {
    let items = assert_literal_round_trip::<List>(r#"["a", {"Ref": "B"}, {"Fn::Sub": "${C}-d"}]"#);
    assert_eq!(items[0], Value::from("a"));
    assert_eq!(items[1], Value::from(Intrinsic::reference("B")));
    assert!(items[2].is_intrinsic());
    let whole = assert_intrinsic_round_trip::<List>(r#"{"Fn::Split": [",", "a,b"]}"#);
    assert_eq!(whole.name(), "Fn::Split");
    // Nested lists of numbers, each level able to hold a function.
    let nested = assert_literal_round_trip::<Vec<Value<Vec<Value<i64>>>>>(
        r#"[[1, {"Ref": "N"}], {"Ref": "L"}]"#,
    );
    assert_eq!(nested[0].as_literal().unwrap()[0], Value::from(1));
    assert!(nested[1].is_intrinsic());
}

#[test]
fn maps_take_a_function_as_a_whole_or_per_value() {
    let map = assert_literal_round_trip::<Map>(r#"{"a": "x", "b": {"Fn::ImportValue": "Shared"}}"#);
    assert_eq!(map["a"], Value::from("x"));
    assert_eq!(
        map["b"].as_intrinsic().map(Intrinsic::name),
        Some("Fn::ImportValue")
    );
    assert_intrinsic_round_trip::<Map>(r#"{"Fn::If": ["C", {"a": "x"}, {"Ref": "AWS::NoValue"}]}"#);
}

#[test]
fn json_is_kept_verbatim_in_order_and_only_a_whole_function_counts() {
    let text = r#"{"openapi":"3.0.1","info":{"version":1.0,"title":{"Fn::Sub":"${AWS::StackName}"}},"z":[5000,-1,18446744073709551615,1.5e-7,null,true],"a":{}}"#;
    let value: Value<Json> = parse(text);
    let body = value.as_literal().expect("a literal body");
    // Order, number text and nested function-shaped mappings are kept.
    assert_eq!(serde_json::to_string(&value).unwrap(), text);
    let info = body.get("info").unwrap();
    assert_eq!(info.get("version").unwrap().as_number(), Some("1.0"));
    assert_eq!(info.get("title").unwrap().intrinsic_name(), Some("Fn::Sub"));
    assert_eq!(
        body.as_mapping()
            .unwrap()
            .iter()
            .map(|(k, _)| k.as_str())
            .collect::<Vec<_>>(),
        ["openapi", "info", "z", "a"]
    );
    // A whole-body function is a function.
    assert_intrinsic_round_trip::<Json>(
        r#"{"Fn::Transform": {"Name": "AWS::Include", "Parameters": {"Location": "s3://b/k"}}}"#,
    );
}

#[test]
fn condition_key_prefers_a_literal_when_the_type_has_one() {
    // Scalars and lists have no `Condition` key: it is the function.
    let s: Value<String> = parse(r#"{"Condition": "IsProd"}"#);
    assert_eq!(
        s.as_intrinsic(),
        Some(&Intrinsic::Condition("IsProd".into()))
    );
    let l: Value<List> = parse(r#"{"Condition": "IsProd"}"#);
    assert!(l.is_intrinsic());
    // A struct with a `Condition` field, a map and Json read it as data.
    let rule = assert_literal_round_trip::<Rule>(r#"{"Condition": "IsProd"}"#);
    assert_eq!(rule.condition, Value::from("IsProd"));
    let map = assert_literal_round_trip::<Map>(r#"{"Condition": "IsProd"}"#);
    assert_eq!(map["Condition"], Value::from("IsProd"));
    let json = assert_literal_round_trip::<Json>(r#"{"Condition": "IsProd"}"#);
    assert_eq!(json.get("Condition").and_then(Node::as_str), Some("IsProd"));
    // A struct without one: the function.
    assert!(parse::<Tls>(r#"{"Condition": "IsProd"}"#).is_intrinsic());
}

#[test]
fn coercions() {
    // "5000" reads as an integer and is written as one.
    let t: Value<i64> = parse(r#""5000""#);
    assert_eq!(t, Value::from(5000));
    assert_eq!(serde_json::to_string(&t).unwrap(), "5000");
    let tls: Tls =
        serde_json::from_str(r#"{"ServerNameToVerify": "a", "TimeoutInMillis": "29000"}"#).unwrap();
    assert_eq!(
        serde_json::to_value(&tls).unwrap(),
        json!({"ServerNameToVerify": "a", "TimeoutInMillis": 29000})
    );
    // An integral number written with a fraction is an integer.
    assert_eq!(parse::<i64>("1.0"), Value::from(1));
    // Numbers read as strings keep their text; booleans read as their name.
    let v: Value<String> = parse("1.0");
    assert_eq!(v, Value::from("1.0"));
    assert_eq!(serde_json::to_string(&v).unwrap(), r#""1.0""#);
    assert_eq!(parse::<String>("5000"), Value::from("5000"));
    assert_eq!(parse::<String>("true"), Value::from("true"));
    // Strings of booleans, as cfn-lint accepts them.
    for (text, expected) in [
        ("true", true),
        ("True", true),
        ("false", false),
        ("False", false),
    ] {
        assert_eq!(parse::<bool>(&format!("{text:?}")), Value::from(expected));
    }
    // Floats from strings and integers.
    assert_eq!(parse::<f64>(r#""1.5""#), Value::from(1.5));
    assert_eq!(parse::<f64>("5"), Value::from(5.0));
    // Narrower integer types keep serde's range checks.
    assert_eq!(
        serde_json::from_str::<Value<u8>>(r#""200""#).unwrap(),
        Value::Literal(200u8)
    );
    let err = serde_json::from_str::<Value<u8>>("300")
        .unwrap_err()
        .to_string();
    assert!(err.contains("u8"), "{err}");
}

#[test]
fn errors_say_what_was_expected_and_found() {
    let err = parse_err::<String>(r#"{"Fn::GetAtt": "NoDot"}"#);
    assert!(err.contains("Fn::GetAtt expects \"LogicalId.Attribute\" or [LogicalId, Attribute], found string \"NoDot\""), "{err}");
    let err = parse_err::<String>(r#"{"Fn::If": [1, 2]}"#);
    assert!(err.contains("Fn::If expects [condition name, value if true, value if false], found a list of 2 items"), "{err}");
    let err = parse_err::<String>(r#"{"Fn::If": [1, 2, 3]}"#);
    assert!(
        err.contains("a string as the condition name, found number 1"),
        "{err}"
    );
    let err = parse_err::<String>(r#"{"Ref": ["A"]}"#);
    assert!(
        err.contains(
            "Ref expects a string as the logical ID or parameter name, found a list of 1 item"
        ),
        "{err}"
    );
    let err = parse_err::<String>(r#"{"Fn::FindInMap": ["M", "a", "b", {"Default": 1}]}"#);
    assert!(err.contains("Fn::FindInMap expects"), "{err}");
    let err = parse_err::<String>(r#"{"Fn::Transform": {"Parameters": {}}}"#);
    assert!(err.contains("Fn::Transform expects"), "{err}");
    let err = parse_err::<bool>("5");
    assert!(
        err.starts_with("expected a boolean, found number 5"),
        "{err}"
    );
    let err = parse_err::<bool>(r#""yes""#);
    assert!(
        err.starts_with("expected a boolean, found string \"yes\""),
        "{err}"
    );
    let err = parse_err::<i64>(r#""5k""#);
    assert!(
        err.starts_with("expected i64, found string \"5k\""),
        "{err}"
    );
    let err = parse_err::<i64>("1.5");
    assert!(err.starts_with("expected i64, found number 1.5"), "{err}");
    let err = parse_err::<String>(r#"{"Reff": "X"}"#);
    assert!(
        err.starts_with("expected a string, found a mapping with key `Reff`"),
        "{err}"
    );
    let err = parse_err::<Tls>(r#"{"ServerNameToVerify": "a", "Extra": 1}"#);
    assert!(err.contains("unknown field `Extra`"), "{err}");
    let err = parse_err::<Tls>(r#"{"TimeoutInMillis": 1}"#);
    assert!(err.contains("missing field `ServerNameToVerify`"), "{err}");
}

#[test]
fn errors_carry_the_json_pointer_and_span() {
    let text = r#"{"Props": {"Tls": {"ServerNameToVerify": "a", "Tags": ["x", {"Fn::If": ["C"]}]}, "a/b~": true}}"#;
    let mut node: Node = serde_json::from_str(text).unwrap();
    #[derive(Debug, Deserialize)]
    struct Root {
        #[serde(rename = "Props")]
        _props: Value<Props>,
    }
    #[derive(Debug, Deserialize)]
    struct Props {
        #[serde(rename = "Tls")]
        _tls: Value<Tls>,
        #[serde(rename = "a/b~")]
        _flag: Value<i64>,
    }
    let err: NodeError = Root::deserialize(&node).unwrap_err();
    assert_eq!(err.path(), "/Props/Tls/Tags/1");
    assert!(err.message().contains("Fn::If expects"), "{err}");
    assert!(
        err.to_string()
            .starts_with("/Props/Tls/Tags/1: Fn::If expects"),
        "{err}"
    );

    // Fix that; the next error is escaped per RFC 6901 and has the span of the offending node.
    let tags = [("Tags".to_owned(), Node::from(vec![Node::from("x")]))];
    let props = mapping_mut(&mut node, "Props");
    let tls = mapping_mut(props, "Tls");
    tls.kind = NodeKind::Mapping(vec![
        ("ServerNameToVerify".into(), "a".into()),
        tags[0].clone(),
    ]);
    let flag = mapping_mut(props, "a/b~");
    flag.span = Some(Span { line: 3, column: 7 });
    let err = Root::deserialize(&node).unwrap_err();
    assert_eq!(err.path(), "/Props/a~1b~0");
    assert_eq!(err.message(), "expected i64, found boolean `true`");
    assert_eq!(err.span(), Some(Span { line: 3, column: 7 }));
    assert_eq!(
        err.to_string(),
        "/Props/a~1b~0: expected i64, found boolean `true` at line 3 column 7"
    );
}

fn mapping_mut<'a>(node: &'a mut Node, key: &str) -> &'a mut Node {
    match &mut node.kind {
        NodeKind::Mapping(entries) => &mut entries.iter_mut().find(|(k, _)| k == key).unwrap().1,
        other => panic!("{other:?}"),
    }
}

#[test]
fn duplicate_keys_are_rejected() {
    let err = serde_json::from_str::<Node>(r#"{"a": 1, "b": 2, "a": 3}"#)
        .unwrap_err()
        .to_string();
    assert!(err.contains("duplicate key `a`"), "{err}");
    let err = parse_err::<Tls>(r#"{"ServerNameToVerify": "a", "ServerNameToVerify": "b"}"#);
    assert!(err.contains("duplicate key `ServerNameToVerify`"), "{err}");
    let err = parse_err::<Map>(r#"{"x": {"k": 1, "k": 1}}"#);
    assert!(err.contains("duplicate key `k`"), "{err}");
}

#[test]
fn deep_input_is_an_error_not_a_stack_overflow() {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    assert!(serde_json::from_str::<Node>(&deep).is_err());
    assert!(serde_json::from_str::<Value<Json>>(&deep).is_err());
    assert!(serde_json::from_str::<Value<List>>(&deep).is_err());

    // A deserializer without a depth limit of its own (serde_json::Value) hits ours.
    let mut value = serde_json::Value::Null;
    for _ in 0..1_000 {
        value = serde_json::Value::Array(vec![value]);
    }
    let err = Node::deserialize(&value).unwrap_err().to_string();
    assert!(err.contains("nested more than 256 levels"), "{err}");

    // So does a hand-built node that is too deep.
    let mut node = Node::default();
    for _ in 0..(Node::MAX_DEPTH + 1) {
        node = Node::from(vec![node]);
    }
    assert!(Node::deserialize(&node).is_err());
    assert!(Value::<Json>::deserialize(&node).is_err());
    // Exactly MAX_DEPTH levels are fine.
    let node = node.as_sequence().unwrap()[0].clone();
    assert_eq!(Node::deserialize(&node).unwrap(), node);
}

#[test]
fn spans_are_ignored_by_equality_and_survive_reading_from_a_node() {
    let at = |line, column| Span { line, column };
    let node = Node::from(vec![
        (
            "Body".to_owned(),
            Node::from(vec![Node::number("1e3").with_span(at(2, 9))]).with_span(at(2, 3)),
        ),
        (
            "Name".to_owned(),
            Node::from(vec![(
                "Ref".to_owned(),
                Node::from("X").with_span(at(3, 12)),
            )])
            .with_span(at(3, 3)),
        ),
    ])
    .with_span(at(1, 1));
    let plain: Node = serde_json::from_str(r#"{"Body": [1e3], "Name": {"Ref": "X"}}"#).unwrap();
    assert_ne!(node, plain, "number text differs: 1e3 vs 1000.0");
    assert_eq!(
        plain.get("Body").unwrap().as_sequence().unwrap()[0].as_number(),
        Some("1000.0")
    );

    // Reading a Node from a Node is exact: spans and number text.
    let copy = Node::deserialize(&node).unwrap();
    assert_eq!(copy, node);
    assert_eq!(copy.span, Some(at(1, 1)));
    let body = copy.get("Body").unwrap();
    assert_eq!(
        (body.span, body.as_sequence().unwrap()[0].span),
        (Some(at(2, 3)), Some(at(2, 9)))
    );
    assert_eq!(body.as_sequence().unwrap()[0].as_number(), Some("1e3"));

    // So is reading Json fields and intrinsic arguments.
    #[derive(Deserialize)]
    struct Res {
        #[serde(rename = "Body")]
        body: Value<Json>,
        #[serde(rename = "Name")]
        name: Value<String>,
    }
    let res = Res::deserialize(&node).unwrap();
    let body = res.body.as_literal().unwrap();
    assert_eq!(body.as_sequence().unwrap()[0].span, Some(at(2, 9)));
    match res.name.as_intrinsic() {
        Some(Intrinsic::Ref(name)) => assert_eq!(name, "X"),
        other => panic!("{other:?}"),
    }
    let join = Node::from(vec![(
        "Fn::Join".to_owned(),
        Node::from(vec![Node::from(""), body.clone()]),
    )]);
    match Value::<String>::deserialize(&join).unwrap().as_intrinsic() {
        Some(Intrinsic::Join { values, .. }) => {
            assert_eq!(values.as_sequence().unwrap()[0].span, Some(at(2, 9)))
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn numbers_keep_their_text() {
    for text in [
        "0",
        "5000",
        "-17",
        "18446744073709551615",
        "1.0",
        "2.5",
        "1e-7",
        "1e+300",
    ] {
        let node: Node = serde_json::from_str(text).unwrap();
        assert_eq!(node.as_number(), Some(text));
        assert_eq!(serde_json::to_string(&node).unwrap(), text);
    }
    // Floats read from serde_json have the text serde_json writes for them.
    for (text, read) in [("1e3", "1000.0"), ("1E300", "1e+300"), ("0.50", "0.5")] {
        let node: Node = serde_json::from_str(text).unwrap();
        assert_eq!(node.as_number(), Some(read));
    }
    assert_eq!(Node::from(1.0).as_number(), Some("1.0"));
    assert_eq!(Node::from(1e3).as_number(), Some("1000.0"));
    // serde_json's `arbitrary_precision` representation (another crate may turn it on) keeps the text.
    let node: Node = serde_json::from_str(r#"{"$serde_json::private::Number": "1e3"}"#).unwrap();
    assert_eq!(node.kind, NodeKind::Number("1e3".into()));
}

#[test]
fn authoring() {
    assert_eq!(
        serde_json::to_value(Value::<String>::pseudo(Pseudo::Region)).unwrap(),
        json!({"Ref": "AWS::Region"})
    );
    assert_eq!(
        serde_json::to_value(Value::<i64>::no_value()).unwrap(),
        json!({"Ref": "AWS::NoValue"})
    );
    assert_eq!(Pseudo::from_name("AWS::URLSuffix"), Some(Pseudo::URLSuffix));
    assert_eq!(
        Pseudo::ALL.map(|p| Pseudo::from_name(p.name())),
        Pseudo::ALL.map(Some)
    );
    assert_eq!(Pseudo::from_name("AWS::Nope"), None);

    let timeout: Value<i64> = 5000.into();
    let enabled: Value<bool> = true.into();
    let ratio: Value<f64> = 0.5.into();
    let arn: Value<String> = Intrinsic::get_att("Fn", "Arn").into();
    let uri: Value<String> =
        Intrinsic::sub("arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path").into();
    let list: Value<List> = vec!["a".into(), Value::from(Intrinsic::reference("B"))].into();
    let map: Value<Map> = BTreeMap::from([("k".to_owned(), Value::from(String::from("v")))]).into();
    let body: Value<Json> = Node::from(vec![("a".to_owned(), Node::from(1_i64))]).into();
    let join = Intrinsic::Join {
        delimiter: ":".into(),
        values: Node::from(vec![
            Node::from("x"),
            Intrinsic::pseudo(Pseudo::AccountId).into(),
        ]),
    };
    assert_eq!(
        serde_json::to_value((timeout, enabled, ratio, arn, uri, list, map, body, join)).unwrap(),
        json!([
            5000,
            true,
            0.5,
            {"Fn::GetAtt": ["Fn", "Arn"]},
            {"Fn::Sub": "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path"},
            ["a", {"Ref": "B"}],
            {"k": "v"},
            {"a": 1},
            {"Fn::Join": [":", ["x", {"Ref": "AWS::AccountId"}]]}
        ])
    );
}

#[test]
fn values_stay_small() {
    // Literals are the common case; a boxed function keeps `Value<T>` the size of `T` (+ a tag).
    assert!(
        size_of::<Value<String>>() <= 32,
        "{}",
        size_of::<Value<String>>()
    );
    assert!(size_of::<Value<i64>>() <= 16, "{}", size_of::<Value<i64>>());
}

#[test]
fn reads_from_serdes_own_value_deserializers() {
    // Deserializers that answer a newtype struct with its content still work.
    use serde::de::IntoDeserializer;
    let de: serde::de::value::StrDeserializer<serde::de::value::Error> = "5000".into_deserializer();
    assert_eq!(Value::<i64>::deserialize(de).unwrap(), Value::from(5000));
}

#[test]
fn a_malformed_function_read_from_a_node_is_placed_once() {
    let at = |line, column| Span { line, column };
    let args = Node::from(vec![Node::from("C")]).with_span(at(4, 15));
    let call = Node::from(vec![("Fn::If".to_owned(), args)]).with_span(at(4, 7));
    let node = Node::from(vec![("Name".to_owned(), call)]);
    let err = Value::<BTreeMap<String, Value<String>>>::deserialize(&node).unwrap_err();
    assert_eq!(err.path(), "/Name");
    assert_eq!(err.span(), Some(at(4, 7)));
    assert_eq!(
        err.to_string(),
        "/Name: Fn::If expects [condition name, value if true, value if false], found a list of \
         1 item at line 4 column 7"
    );
}
