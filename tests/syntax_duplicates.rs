//! Repeated mapping keys: `parse_document` reads them as CloudFormation does (the last value, at
//! the first key's place) and lists them; `parse` still refuses them.

use cfn_apigatewayv2::syntax::{Duplicate, Format, parse, parse_document, parse_json, to_json};
use cfn_apigatewayv2::{Node, Span};

fn span(line: u32, column: u32) -> Span {
    Span { line, column }
}

/// A line and column.
type At = (u32, u32);

/// `(pointer, key, first, repeated)` of each duplicate.
fn listed(duplicates: &[Duplicate]) -> Vec<(String, &str, At, At)> {
    duplicates
        .iter()
        .map(|d| {
            (
                d.pointer(),
                d.key.as_str(),
                (d.first.line, d.first.column),
                (d.repeated.line, d.repeated.column),
            )
        })
        .collect()
}

#[track_caller]
fn read(text: &str, format: Format) -> (Node, Vec<Duplicate>) {
    let parsed = parse_document(text.as_bytes()).unwrap_or_else(|e| panic!("{text}: {e}"));
    assert_eq!(parsed.format, format);
    // `parse` refuses what `parse_document` lists, at the first repetition.
    match (parse(text.as_bytes()), parsed.duplicates.first()) {
        (Ok((node, _)), None) => assert_eq!(node, parsed.node),
        (Err(e), Some(first)) => {
            assert_eq!(e.span(), first.repeated, "{e}");
            assert!(e.message.contains("duplicate key"), "{e}");
        }
        (result, first) => panic!("{text}: parse gave {result:?} for {first:?}"),
    }
    (parsed.node, parsed.duplicates)
}

const YAML: &str = "\
Resources:
  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Name: first
      Name: second
  Other:
    Type: X
  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Name: kept
      Tags: {a: 1, b: 2, a: 3}
";

#[test]
fn yaml_keeps_the_last_value_at_the_first_place() {
    let (node, duplicates) = read(YAML, Format::Yaml);
    // PyYAML (and so cfn-flip) order: `Api` where it first was, with its last value.
    let expected = r#"{"Resources": {
        "Api": {"Type": "AWS::ApiGatewayV2::Api",
                "Properties": {"Name": "kept", "Tags": {"a": 3, "b": 2}}},
        "Other": {"Type": "X"}}}"#;
    assert_eq!(to_json(&node), to_json(&parse_json(expected).unwrap()));
    assert_eq!(
        listed(&duplicates),
        [
            (
                "/Resources/Api/Properties/Name".into(),
                "Name",
                (5, 7),
                (6, 7)
            ),
            ("/Resources/Api".into(), "Api", (2, 3), (9, 3)),
            (
                "/Resources/Api/Properties/Tags/a".into(),
                "a",
                (13, 14),
                (13, 26)
            ),
        ]
    );
    // The kept value keeps its own position.
    let api = node.get("Resources").and_then(|r| r.get("Api")).unwrap();
    assert_eq!(api.span, Some(span(10, 5)));
    let tags = api.get("Properties").and_then(|p| p.get("Tags")).unwrap();
    assert_eq!(tags.get("a").and_then(|a| a.span), Some(span(13, 29)));
}

#[test]
fn yaml_top_level_nested_and_in_short_forms() {
    let (node, duplicates) = read(
        "a: 1\nb: !If [c, {x: 1, x: 2}, [{'~/': 1, \"~/\": 2}]]\na: 3\na: 4\n",
        Format::Yaml,
    );
    assert_eq!(
        to_json(&node),
        to_json(&parse_json(r#"{"a": 4, "b": {"Fn::If": ["c", {"x": 2}, [{"~/": 2}]]}}"#).unwrap())
    );
    assert_eq!(
        listed(&duplicates),
        [
            ("/b/Fn::If/1/x".into(), "x", (2, 13), (2, 19)),
            ("/b/Fn::If/2/0/~0~1".into(), "~/", (2, 28), (2, 37)),
            ("/a".into(), "a", (1, 1), (3, 1)),
            ("/a".into(), "a", (1, 1), (4, 1)),
        ]
    );
    // Both duplicates of one mapping share its pointer.
    assert!(std::sync::Arc::ptr_eq(
        &duplicates[2].mapping,
        &duplicates[3].mapping
    ));
}

#[test]
fn json_keeps_the_last_value_at_the_first_place() {
    let text = "{\n  \"a\": 1,\n  \"b\": {\"c\": 1, \"d\": [{\"c\": 0, \"c\": [2]}], \"c\": 3},\n  \"a\": {\"x\": 5}\n}";
    let (node, duplicates) = read(text, Format::Json);
    assert_eq!(
        to_json(&node),
        to_json(&parse_json(r#"{"a": {"x": 5}, "b": {"c": 3, "d": [{"c": [2]}]}}"#).unwrap())
    );
    assert_eq!(
        listed(&duplicates),
        [
            ("/b/d/0/c".into(), "c", (3, 24), (3, 32)),
            ("/b/c".into(), "c", (3, 9), (3, 44)),
            ("/a".into(), "a", (2, 3), (4, 3)),
        ]
    );
    assert_eq!(node.get("a").and_then(|a| a.span), Some(span(4, 8)));
}

#[test]
fn json_big_objects_use_the_index() {
    // Past 16 keys the reader looks keys up in an index: a repeat of the 3rd key as the 21st
    // and of the 18th as the 22nd, and of the 3rd again as the 23rd.
    let keys: Vec<String> = (0..20).map(|i| format!("\"k{i}\": {i}")).collect();
    let text = format!(
        "{{{}, \"k2\": \"x\", \"k17\": \"y\", \"k2\": \"z\"}}",
        keys.join(", ")
    );
    let (node, duplicates) = read(&text, Format::Json);
    let entries = node.as_mapping().unwrap();
    assert_eq!(entries.len(), 20);
    assert_eq!(entries[2].0, "k2");
    assert_eq!(entries[2].1.as_str(), Some("z"));
    assert_eq!(entries[17].1.as_str(), Some("y"));
    let firsts: Vec<_> = duplicates
        .iter()
        .map(|d| (d.first.column, d.key.as_str()))
        .collect();
    assert_eq!(firsts, [(20, "k2"), (169, "k17"), (20, "k2")]);
}

#[test]
fn many_keys_stay_fast() {
    // Linear: 200 000 distinct keys and as many repeats (a scan per key would take minutes).
    let mut text = String::from("{");
    for round in 0..2 {
        for i in 0..50_000 {
            text.push_str(&format!("\"k{i}\": {round},"));
        }
    }
    text.push_str("\"end\": 0}");
    let started = std::time::Instant::now();
    let parsed = parse_document(text.as_bytes()).unwrap();
    assert_eq!(parsed.duplicates.len(), 50_000);
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    let yaml = text.replace('"', "");
    let parsed = parse_document(format!("# yaml\n{yaml}").as_bytes()).unwrap();
    assert_eq!(parsed.format, Format::Yaml);
    assert_eq!(parsed.duplicates.len(), 50_000);
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}
