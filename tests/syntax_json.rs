//! The JSON reader and format detection.

use cfn_apigatewayv2::syntax::{Format, ParseError, parse, parse_json, parse_yaml, to_json};
use cfn_apigatewayv2::{Node, NodeKind};

#[track_caller]
fn error(json: &str) -> ParseError {
    match parse_json(json) {
        Ok(node) => panic!("{json:?} was read as {node:?}"),
        Err(e) => e,
    }
}

#[track_caller]
fn error_at(json: &str, line: u32, column: u32, says: &str) {
    let e = error(json);
    assert_eq!((e.line, e.column), (line, column), "{json:?}: {e}");
    assert!(e.message.contains(says), "{json:?}: {e}");
}

#[track_caller]
fn pos(node: &Node) -> (u32, u32) {
    let span = node.span.expect("every node read from text has a span");
    (span.line, span.column)
}

#[test]
fn values_and_positions() {
    let text = "{\n\t\"Resources\": {\r\n\t\t\"Api\": {\"Type\": \"AWS::ApiGatewayV2::Api\",\n\t\t\t\"N\": [1.50, -0, 1E+3, true, false, null, \"é\", {}]}}}";
    let doc = parse_json(text).unwrap();
    assert_eq!(pos(&doc), (1, 1));
    let api = doc.get("Resources").and_then(|r| r.get("Api")).unwrap();
    assert_eq!(pos(doc.get("Resources").unwrap()), (2, 15));
    assert_eq!(pos(api), (3, 10));
    assert_eq!(pos(api.get("Type").unwrap()), (3, 19));
    let items = api.get("N").and_then(Node::as_sequence).unwrap();
    let kinds: Vec<&NodeKind> = items.iter().map(|n| &n.kind).collect();
    assert_eq!(
        kinds,
        [
            &NodeKind::Number("1.50".into()),
            &NodeKind::Number("-0".into()),
            &NodeKind::Number("1E+3".into()),
            &NodeKind::Bool(true),
            &NodeKind::Bool(false),
            &NodeKind::Null,
            &NodeKind::String("é".into()),
            &NodeKind::Mapping(vec![]),
        ]
    );
    let columns: Vec<u32> = items.iter().map(|n| pos(n).1).collect();
    assert_eq!(columns, [10, 16, 20, 26, 32, 39, 45, 50]);
    // Keys keep their order.
    let keys: Vec<&str> = api
        .as_mapping()
        .unwrap()
        .iter()
        .map(|(k, _)| k.as_str())
        .collect();
    assert_eq!(keys, ["Type", "N"]);
}

#[test]
fn string_escapes() {
    let doc = parse_json(r#"["\"\\\/\b\f\n\r\t", "\u00e9\u20AC", "\ud83d\ude00", "é😀"]"#).unwrap();
    let strings: Vec<&str> = doc
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(Node::as_str)
        .collect();
    assert_eq!(strings, ["\"\\/\u{8}\u{c}\n\r\t", "é€", "😀", "é😀"]);
    error_at(r#"["ok", "\x"]"#, 1, 9, "invalid escape");
    error_at(r#""\ud83d""#, 1, 2, "unpaired surrogate");
    error_at(r#""\ud83d\u0041""#, 1, 2, "not a low surrogate");
    error_at(r#""\ude00""#, 1, 2, "unpaired surrogate");
    error_at(r#""\u12g4""#, 1, 2, "4 hex digits");
    error_at("\"a\tb\"", 1, 3, "U+0009");
    error_at("\"abc", 1, 5, "unterminated");
}

#[test]
fn syntax_errors() {
    error_at("{\"a\": 1,}", 1, 9, "expected a string key");
    error_at("{\"a\" 1}", 1, 6, "`:`");
    error_at("[1 2]", 1, 4, "`,` or `]`");
    error_at("{\"a\": 1 \"b\": 2}", 1, 9, "`,` or `}`");
    error_at("[01]", 1, 3, "`,` or `]`");
    error_at("[1.]", 1, 4, "a digit");
    error_at("[-]", 1, 3, "a digit");
    error_at("[tru]", 1, 2, "a JSON value");
    error_at("{} x", 1, 4, "after the JSON value");
    error_at("{}\n{}", 2, 1, "after the JSON value");
    error_at("", 1, 1, "end of input");
    error_at("[1,\n", 2, 1, "end of input");
    error_at("{'a': 1}", 1, 2, "a string key");
    error_at("[NaN]", 1, 2, "a JSON value");
}

#[test]
fn duplicate_keys() {
    error_at(
        "{\n  \"a\": 1,\n  \"b\": {\"c\": 1, \"c\": 2}\n}",
        3,
        17,
        "duplicate key \"c\" (first at 3:9)",
    );
    // The same key in different objects is fine.
    parse_json(r#"{"a": {"k": 1}, "b": {"k": 2}}"#).unwrap();
    // Big objects (indexed past 16 keys) too: a repeat of the 3rd key as the 21st, and of the
    // 18th as the 22nd.
    let keys: Vec<String> = (0..20).map(|i| format!("\"k{i}\": {i}")).collect();
    let big = |extra: &str| format!("{{{}, {extra}}}", keys.join(", "));
    parse_json(&big("\"k20\": 20")).unwrap();
    for (extra, first) in [("\"k2\": 0", "1:20"), ("\"k20\": 0, \"k17\": 0", "1:169")] {
        let e = parse_json(&big(extra)).unwrap_err();
        assert!(e.message.contains(&format!("(first at {first})")), "{e}");
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    for (open, close) in [("[", "]"), ("{\"k\":", "}")] {
        let text = format!("{}1{}", open.repeat(10_000), close.repeat(10_000));
        let e = error(&text);
        assert!(e.message.contains("nested more than 256 levels"), "{e}");
        assert_eq!(e.line, 1);
        // Exactly the limit is accepted.
        let ok = format!("{}1{}", open.repeat(256), close.repeat(256));
        let node = parse_json(&ok).unwrap();
        assert_eq!(parse_json(&to_json(&node)).unwrap(), node);
        assert!(
            error(&format!("{}1{}", open.repeat(257), close.repeat(257)))
                .message
                .contains("nested")
        );
    }
}

#[test]
fn format_detection() {
    let (node, format) = parse(b"\xef\xbb\xbf \r\n\t{\"a\": [1]}").unwrap();
    assert_eq!(format, Format::Json);
    assert_eq!(node, parse_yaml("a: [1]").unwrap());
    assert_eq!(pos(&node), (2, 2));
    let (_, format) = parse(b"# comment\n{\"a\": 1}").unwrap();
    assert_eq!(format, Format::Yaml);
    let (_, format) = parse(b"[1, 2]").unwrap();
    assert_eq!(format, Format::Yaml);
    let (_, format) = parse(b"a: 1").unwrap();
    assert_eq!(format, Format::Yaml);
    // JSON errors come from the JSON reader.
    let e = parse(b"{\"a\": 1, \"a\": 2}").unwrap_err();
    assert!(e.message.contains("duplicate key"), "{e}");
}

#[test]
fn invalid_utf8_has_a_position() {
    let e = parse(b"a: 1\nb: \"caf\xc3\xa9 \xff\"\n").unwrap_err();
    assert_eq!((e.line, e.column), (2, 10), "{e}");
    assert!(e.message.contains("UTF-8"), "{e}");
    let e = parse(b"\xef\xbb\xbf\xc3").unwrap_err();
    assert_eq!((e.line, e.column), (1, 1), "{e}");
    let e = parse(b"{\"a\":\n\n  \"\xe2\x82\"}").unwrap_err();
    assert_eq!((e.line, e.column), (3, 4), "{e}");
}
