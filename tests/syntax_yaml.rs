//! The YAML reader: short tags, scalar resolution, positions, structure errors, hostile input.

use std::time::{Duration, Instant};

use cfn_apigatewayv2::syntax::{ParseError, parse, parse_json, parse_yaml, to_json, to_yaml};
use cfn_apigatewayv2::{Node, NodeKind};

/// The YAML and the JSON read to equal trees.
#[track_caller]
fn same(yaml: &str, json: &str) {
    let read = parse_yaml(yaml).unwrap_or_else(|e| panic!("{yaml:?}: {e}"));
    assert_eq!(read, parse_json(json).unwrap(), "{yaml:?}");
}

#[track_caller]
fn error(yaml: &str) -> ParseError {
    match parse_yaml(yaml) {
        Ok(node) => panic!("{yaml:?} was read as {node:?}"),
        Err(e) => e,
    }
}

/// The node at a path of mapping keys and sequence indices.
#[track_caller]
fn at<'a>(node: &'a Node, path: &[&str]) -> &'a Node {
    path.iter().fold(node, |node, step| {
        match (node.get(step), node.as_sequence(), step.parse::<usize>()) {
            (Some(child), _, _) => child,
            (None, Some(items), Ok(i)) => &items[i],
            _ => panic!("no {step} in {node:?}"),
        }
    })
}

#[track_caller]
fn pos(node: &Node) -> (u32, u32) {
    let span = node.span.expect("every node read from text has a span");
    (span.line, span.column)
}

#[test]
fn every_short_tag_becomes_the_long_form() {
    same("!Ref Api", r#"{"Ref": "Api"}"#);
    same("!Condition IsProd", r#"{"Condition": "IsProd"}"#);
    same(
        "!GetAtt Api.ApiEndpoint",
        r#"{"Fn::GetAtt": ["Api", "ApiEndpoint"]}"#,
    );
    same(
        "!GetAtt Db.Endpoint.Address",
        r#"{"Fn::GetAtt": ["Db", "Endpoint.Address"]}"#,
    );
    same(
        "!GetAtt [Api, ApiEndpoint]",
        r#"{"Fn::GetAtt": ["Api", "ApiEndpoint"]}"#,
    );
    same(
        "!GetAtt [Fn, !Ref Attr]",
        r#"{"Fn::GetAtt": ["Fn", {"Ref": "Attr"}]}"#,
    );
    for name in [
        "Sub",
        "Join",
        "Select",
        "Split",
        "If",
        "FindInMap",
        "ImportValue",
        "Base64",
        "Cidr",
        "GetAZs",
        "Transform",
        "ToJsonString",
        "Length",
        "Equals",
        "And",
        "Or",
        "Not",
    ] {
        same(
            &format!("!{name} text"),
            &format!(r#"{{"Fn::{name}": "text"}}"#),
        );
        same(
            &format!("!{name} [a, 1]"),
            &format!(r#"{{"Fn::{name}": ["a", 1]}}"#),
        );
        same(
            &format!("!{name} {{k: v}}"),
            &format!(r#"{{"Fn::{name}": {{"k": "v"}}}}"#),
        );
        same(
            &format!("- !{name}\n  - a\n"),
            &format!(r#"[{{"Fn::{name}": ["a"]}}]"#),
        );
        same(
            &format!("k: !{name}\n  a: b\n"),
            &format!(r#"{{"k": {{"Fn::{name}": {{"a": "b"}}}}}}"#),
        );
    }
}

#[test]
fn a_tagged_scalar_is_a_string() {
    same("!Ref 1", r#"{"Ref": "1"}"#);
    same("!Condition true", r#"{"Condition": "true"}"#);
    same(
        "a: !GetAZs\nb: !GetAZs ''",
        r#"{"a": {"Fn::GetAZs": ""}, "b": {"Fn::GetAZs": ""}}"#,
    );
    same(
        "!Sub |\n  #!/bin/bash\n  echo ${X}\n",
        r##"{"Fn::Sub": "#!/bin/bash\necho ${X}\n"}"##,
    );
    same("!Ref \"a b\"", r#"{"Ref": "a b"}"#);
}

#[test]
fn nested_tags() {
    same(
        "!Sub ['${A}-${B}', {A: !Ref X, B: !GetAtt R.Arn}]",
        r#"{"Fn::Sub": ["${A}-${B}", {"A": {"Ref": "X"}, "B": {"Fn::GetAtt": ["R", "Arn"]}}]}"#,
    );
    same(
        "!If [IsProd, !Ref A, !Ref AWS::NoValue]",
        r#"{"Fn::If": ["IsProd", {"Ref": "A"}, {"Ref": "AWS::NoValue"}]}"#,
    );
    same(
        "!Not [!Equals [!Ref Env, prod]]",
        r#"{"Fn::Not": [{"Fn::Equals": [{"Ref": "Env"}, "prod"]}]}"#,
    );
    same(
        "!Join\n  - ''\n  - - 'arn:'\n    - !Ref AWS::Partition\n    - !Select [0, !Split ['/', !Ref Id]]\n",
        r#"{"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"},
            {"Fn::Select": ["0", {"Fn::Split": ["/", {"Ref": "Id"}]}]}]]}"#
            .replace(r#"["0""#, "[0")
            .as_str(),
    );
    // One tag per node: `!Base64 !Sub` is not YAML (CloudFormation and PyYAML reject it too);
    // nesting goes through the long form.
    let e = error("UserData: !Base64 !Sub 'echo ${X}'");
    assert_eq!((e.line, e.column), (1, 19), "{e}");
    same(
        "UserData: {'Fn::Base64': !Sub 'echo ${X}'}",
        r#"{"UserData": {"Fn::Base64": {"Fn::Sub": "echo ${X}"}}}"#,
    );
    same(
        "UserData:\n  Fn::Base64: !Sub 'echo ${X}'",
        r#"{"UserData": {"Fn::Base64": {"Fn::Sub": "echo ${X}"}}}"#,
    );
}

#[test]
fn getatt_needs_resource_and_attribute() {
    let e = error("Value:\n  Out: !GetAtt Api\n");
    assert_eq!((e.line, e.column), (2, 8), "{e}");
    assert!(e.message.contains("needs `Resource.Attribute`"), "{e}");
    assert_eq!(e.to_string(), format!("2:8: {}", e.message));
    let e = error("!GetAtt {Api: Arn}");
    assert_eq!((e.line, e.column), (1, 1), "{e}");
}

#[test]
fn unknown_and_standard_tags() {
    let e = error("a:\n  b: !Foo x\n");
    assert_eq!((e.line, e.column), (2, 6), "{e}");
    assert!(e.message.contains("unknown tag `!Foo`"), "{e}");
    let e = error("a: !Foo [x]");
    assert_eq!((e.line, e.column), (1, 4), "{e}");
    let e = error("a: !!binary aGVsbG8=");
    assert!(e.message.contains("`!!binary`"), "{e}");
    let e = error("a: !!set {x: null}");
    assert_eq!((e.line, e.column), (1, 4), "{e}");
    same(
        "a: !!str 12\nb: !!int '12'\nc: !!float 1e3\nd: !!bool 'yes'\ne: !!null x\nf: !!map {}\ng: !!seq []\nh: ! 12\ni: !<tag:yaml.org,2002:str> true",
        r#"{"a": "12", "b": 12, "c": 1e3, "d": true, "e": null, "f": {}, "g": [], "h": "12", "i": "true"}"#,
    );
    assert!(error("a: !!int x").message.contains("not a number"));
    assert!(error("a: !!bool x").message.contains("not a boolean"));
    assert!(
        error("a: !!str [x]")
            .message
            .contains("cannot be on a sequence")
    );
    assert!(error("a: !!seq x").message.contains("on a scalar"));
}

#[test]
fn scalars_resolve_as_yaml_1_1() {
    let doc = parse_yaml(
        "version: 2010-09-09\n\
         float: 1.0\n\
         quoted: \"1.0\"\n\
         single: '5000'\n\
         int: 5000\n\
         neg: -12\n\
         exp: 1.5e+3\n\
         yes: yes\n\
         no: No\n\
         on: ON\n\
         off: off\n\
         y: y\n\
         true: True\n\
         null: ~\n\
         empty:\n\
         hex: 0x1F\n\
         octal: 017\n\
         binary: 0b101\n\
         under: 1_000\n\
         plus: +12\n\
         dot: .5\n\
         trailing: 1.\n\
         leading: 01.50\n\
         sexagesimal: 1:30\n\
         big: 0xFFFFFFFFFFFFFFFFFFFFFFFF\n\
         e-no-sign: 1e3\n\
         o17: 0o17\n\
         nine: 09\n\
         inf: .inf\n\
         nan: .NaN\n\
         stamp: 2001-12-14t21:59:43.10-05:00\n\
         cidr: 10.0.0.0/16\n\
         tilde: ~x\n",
    )
    .unwrap();
    let kind = |key: &str| at(&doc, &[key]).kind.clone();
    let number = |text: &str| NodeKind::Number(text.to_owned());
    let string = |text: &str| NodeKind::String(text.to_owned());
    let expected = [
        ("version", string("2010-09-09")),
        ("float", number("1.0")),
        ("quoted", string("1.0")),
        ("single", string("5000")),
        ("int", number("5000")),
        ("neg", number("-12")),
        ("exp", number("1.5e+3")),
        ("yes", NodeKind::Bool(true)),
        ("no", NodeKind::Bool(false)),
        ("on", NodeKind::Bool(true)),
        ("off", NodeKind::Bool(false)),
        ("y", string("y")),
        ("true", NodeKind::Bool(true)),
        ("null", NodeKind::Null),
        ("empty", NodeKind::Null),
        ("hex", number("31")),
        ("octal", number("15")),
        ("binary", number("5")),
        ("under", number("1000")),
        ("plus", number("12")),
        ("dot", number("0.5")),
        ("trailing", number("1.0")),
        ("leading", number("1.50")),
        ("sexagesimal", number("90")),
        ("big", number("79228162514264337593543950335")),
        ("e-no-sign", string("1e3")),
        ("o17", string("0o17")),
        ("nine", string("09")),
        ("inf", string(".inf")),
        ("nan", string(".NaN")),
        ("stamp", string("2001-12-14t21:59:43.10-05:00")),
        ("cidr", string("10.0.0.0/16")),
        ("tilde", string("~x")),
    ];
    for (key, kind_expected) in expected {
        assert_eq!(kind(key), kind_expected, "{key}");
    }
    // Keys are their text, whatever they look like.
    assert!(doc.get("yes").is_some() && doc.get("null").is_some() && doc.get("true").is_some());
}

#[test]
fn block_scalars() {
    let doc = parse_yaml(
        "literal: |\n  a\n    b\n\n  c\n\
         strip: |-\n  a\n\n\n\
         keep: |+\n  a\n\n\
         folded: >\n  one\n  two\n\n  three\n    indented\n\
         folded-strip: >-\n  x\n  y\n\
         indicator: |2\n    four\n  two\n\
         empty: |\n\
         last: >+\n  z\n",
    )
    .unwrap();
    let text = |key| at(&doc, &[key]).as_str().unwrap().to_owned();
    assert_eq!(text("literal"), "a\n  b\n\nc\n");
    assert_eq!(text("strip"), "a");
    assert_eq!(text("keep"), "a\n\n");
    assert_eq!(text("folded"), "one two\nthree\n  indented\n");
    assert_eq!(text("folded-strip"), "x y");
    assert_eq!(text("indicator"), "  four\ntwo\n");
    assert_eq!(text("empty"), "");
    assert_eq!(text("last"), "z\n");
    // A block scalar's position is its indicator, also when it is empty.
    assert_eq!(pos(at(&doc, &["literal"])), (1, 10));
    assert_eq!(pos(at(&doc, &["empty"])), (25, 8));
    let seq = parse_yaml("- # comment with | and >\n  |\n  x\n- >-\n  y\n").unwrap();
    assert_eq!(pos(at(&seq, &["0"])), (2, 3));
    assert_eq!(pos(at(&seq, &["1"])), (4, 3));
}

#[test]
fn crlf_and_bom() {
    let lf = "a: 1\nb: |\n  x\n  y\nc: [d, e]\n";
    let crlf = format!("\u{feff}{}", lf.replace('\n', "\r\n"));
    let (node, _) = parse(crlf.as_bytes()).unwrap();
    assert_eq!(node, parse_yaml(lf).unwrap());
    assert_eq!(at(&node, &["b"]).as_str(), Some("x\ny\n"));
    assert_eq!(pos(at(&node, &["a"])), (1, 4));
    assert_eq!(pos(at(&node, &["c", "1"])), (5, 8));
}

#[test]
fn positions_in_a_small_template() {
    let text = "\
AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Name: !Sub '${AWS::StackName}-api'
      ProtocolType: HTTP
      Tags:
        - Key: team
          Value: !GetAtt Team.Name
  Stage:
    Properties:
      ApiId: !Ref Api
      AutoDeploy: true
      DefaultRouteSettings: {ThrottlingBurstLimit: 10}
      Empty:
Outputs: [1, [2]]
";
    let doc = parse_yaml(text).unwrap();
    let api = &["Resources", "Api"];
    let cases: &[(&[&str], (u32, u32))] = &[
        (&[], (1, 1)),
        (&["AWSTemplateFormatVersion"], (1, 27)),
        (&["Resources"], (3, 3)),
        (api, (4, 5)),
        (&["Resources", "Api", "Type"], (4, 11)),
        (&["Resources", "Api", "Properties", "Name"], (6, 13)),
        (
            &["Resources", "Api", "Properties", "Name", "Fn::Sub"],
            (6, 13),
        ),
        (&["Resources", "Api", "Properties", "ProtocolType"], (7, 21)),
        (&["Resources", "Api", "Properties", "Tags"], (9, 9)),
        (&["Resources", "Api", "Properties", "Tags", "0"], (9, 11)),
        (
            &["Resources", "Api", "Properties", "Tags", "0", "Value"],
            (10, 18),
        ),
        (&["Resources", "Stage", "Properties", "ApiId"], (13, 14)),
        (
            &["Resources", "Stage", "Properties", "AutoDeploy"],
            (14, 19),
        ),
        (
            &["Resources", "Stage", "Properties", "DefaultRouteSettings"],
            (15, 29),
        ),
        (
            &[
                "Resources",
                "Stage",
                "Properties",
                "DefaultRouteSettings",
                "ThrottlingBurstLimit",
            ],
            (15, 52),
        ),
        (&["Resources", "Stage", "Properties", "Empty"], (16, 12)),
        (&["Outputs"], (17, 10)),
        (&["Outputs", "1", "0"], (17, 15)),
    ];
    for (path, expected) in cases {
        assert_eq!(pos(at(&doc, path)), *expected, "{path:?}");
    }
    // Every node has a span, also the inner parts of a short form.
    let getatt = at(
        &doc,
        &[
            "Resources",
            "Api",
            "Properties",
            "Tags",
            "0",
            "Value",
            "Fn::GetAtt",
        ],
    );
    assert_eq!(pos(at(getatt, &["1"])), (10, 18));
}

#[test]
fn duplicate_and_non_scalar_keys() {
    let e = error("a: 1\nb:\n  c: 1\n  c: 2\n");
    assert_eq!((e.line, e.column), (4, 3), "{e}");
    assert!(
        e.message.contains("duplicate key \"c\" (first at 3:3)"),
        "{e}"
    );
    let e = error("{a: 1, 'a': 2}");
    assert_eq!((e.line, e.column), (1, 8), "{e}");
    let e = error("? [a]\n: 1\n");
    assert!(e.message.contains("must be a scalar"), "{e}");
    let e = error("x:\n  {{ name }}: 1\n");
    assert_eq!((e.line, e.column), (2, 3), "{e}");
    let e = error("base: &b {a: 1}\nderived:\n  <<: *b\n");
    assert_eq!((e.line, e.column), (3, 3), "{e}");
    assert!(e.message.contains("merge keys"), "{e}");
    // A quoted `<<` is an ordinary key.
    same("'<<': 1", r#"{"<<": 1}"#);
}

#[test]
fn anchors_and_aliases_expand() {
    let doc = parse_yaml("a: &x {k: [1, !Ref r]}\nb: *x\nc: &s text\nd: *s\n").unwrap();
    assert_eq!(at(&doc, &["a"]), at(&doc, &["b"]));
    assert_eq!(at(&doc, &["d"]).as_str(), Some("text"));
    // The alias's value is where the alias is; its insides are where the anchor's are.
    assert_eq!(pos(at(&doc, &["b"])), (2, 4));
    assert_eq!(pos(at(&doc, &["b", "k", "0"])), (1, 12));
    let e = error("a: *nothing\n");
    assert_eq!((e.line, e.column), (1, 4), "{e}");
}

#[test]
fn alias_bomb_fails_fast() {
    let mut bomb = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (name, previous) in ["b", "c", "d", "e", "f", "g", "h", "i"]
        .iter()
        .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
    {
        let refs = vec![format!("*{previous}"); 9].join(",");
        bomb.push_str(&format!("{name}: &{name} [{refs}]\n"));
    }
    assert!(bomb.len() < 600, "{}", bomb.len());
    let started = Instant::now();
    let e = error(&bomb);
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert!(e.message.contains("alias bomb"), "{e}");
    assert!(e.line > 1, "{e}");
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let flow = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let e = error(&flow);
    assert!(e.message.contains("nested"), "{e}");
    let block: String = (0..10_000)
        .map(|i| format!("{}- \n", " ".repeat(i)))
        .collect();
    let e = error(&block);
    assert_eq!((e.line, e.column), (257, 257), "{e}");
    assert!(e.message.contains("nested more than 256 levels"), "{e}");
    let mapping: String = (0..10_000)
        .map(|i| format!("{}k:\n", " ".repeat(i)))
        .collect();
    assert!(error(&mapping).message.contains("nested"));
    // Short forms count: each is a mapping around its argument.
    let tags: String = (0..200)
        .map(|i| format!("{}- !Not\n", "  ".repeat(i)))
        .collect();
    assert!(error(&tags).message.contains("nested more than 256"));
    // Exactly the limit is fine, and so is its round trip.
    let ok: String = (0..256).map(|i| format!("{}- \n", " ".repeat(i))).collect();
    let node = parse_yaml(&ok).unwrap();
    assert_eq!(parse_yaml(&to_yaml(&node)).unwrap(), node);
    assert_eq!(parse_json(&to_json(&node)).unwrap(), node);
    // A short form at the limit is one level too many.
    let over = ok.replace(
        &format!("\n{}- \n", " ".repeat(255)),
        &format!("\n{}- !Ref x\n", " ".repeat(255)),
    );
    let e = error(&over);
    assert_eq!((e.line, e.column), (256, 258), "{e}");
    // Aliases cannot smuggle depth past the limit.
    let deep = format!(
        "a: &d {}1{}\nb: {}*d{}\n",
        "[".repeat(200),
        "]".repeat(200),
        "[".repeat(100),
        "]".repeat(100)
    );
    assert!(error(&deep).message.contains("nested more than 256"));
}

#[test]
fn one_document_per_template() {
    let e = error("a: 1\n---\nb: 2\n");
    assert_eq!((e.line, e.column), (2, 1), "{e}");
    assert!(e.message.contains("one document"), "{e}");
    same("---\na: 1\n...\n", r#"{"a": 1}"#);
    same("%YAML 1.1\n---\na: 1\n", r#"{"a": 1}"#);
    assert!(parse_yaml("").unwrap().is_null());
    assert!(parse_yaml("# only a comment\n").unwrap().is_null());
}

#[test]
fn syntax_errors_have_positions() {
    // From the corpus: text after a closing quote.
    let e = error("Outputs:\n  Url:\n    Value: !Sub \"https://${DomainName}\"/\n");
    assert_eq!((e.line, e.column), (3, 40), "{e}");
    let e = error("a: [1, 2\n");
    assert!(e.line >= 1 && e.column >= 1, "{e}");
    let e = error("a: 'unterminated\n");
    assert!(e.message.contains("quoted"), "{e}");
    let e = error("a:\n\t- tab\n");
    assert_eq!(e.line, 2, "{e}");
}

/// YAML that PyYAML 6.0.2 (cfn-flip's and cfn-lint's reader) accepts and `yaml-rust2` refuses
/// for its indentation: lines that start inside a flow collection or a quoted scalar indented
/// less than the block node around them. Each was checked against PyYAML (`yaml.safe_load`),
/// whose result is the JSON here.
#[test]
fn less_indented_flow_and_quoted_lines_are_read_as_pyyaml_reads_them() {
    for (yaml, json) in [
        // The closing brace less indented than the key (a public AWS sample, `sam deploy`ed).
        (
            "Resources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy: {\n        \"Version\": \"2012-10-17\",\n        \"Statement\": []\n    }\n",
            r#"{"Resources": {"Key": {"Type": "AWS::KMS::Key", "Properties": {"KeyPolicy": {"Version": "2012-10-17", "Statement": []}}}}}"#,
        ),
        ("a:\n  b: {\n    x: 1\n}\n", r#"{"a": {"b": {"x": 1}}}"#),
        // Every line at column 0, nested collections, a key after it.
        (
            "a:\n  b: {\n\"x\": 1,\n\"y\": [1,\n2]\n}\nc: 2\n",
            r#"{"a": {"b": {"x": 1, "y": [1, 2]}}, "c": 2}"#,
        ),
        ("a:\n  b: [1,\n 2,\n   3]\n", r#"{"a": {"b": [1, 2, 3]}}"#),
        ("a: [1,\n2]\n", r#"{"a": [1, 2]}"#),
        ("a:\n  - {x: 1,\n y: 2}\n", r#"{"a": [{"x": 1, "y": 2}]}"#),
        ("a:\n  - b: [1,\n  2]\n", r#"{"a": [{"b": [1, 2]}]}"#),
        (
            "a:\n  b: {x: 1,\ny: 2}\n",
            r#"{"a": {"b": {"x": 1, "y": 2}}}"#,
        ),
        (
            "a:\n  b: {\n x: 1\n }\n  c: 2\n",
            r#"{"a": {"b": {"x": 1}, "c": 2}}"#,
        ),
        ("a:\n  b: [1,\n# c\n 2]\n", r#"{"a": {"b": [1, 2]}}"#),
        (
            "a:\n  b: &x {\n k: 1}\nc: *x\n",
            r#"{"a": {"b": {"k": 1}}, "c": {"k": 1}}"#,
        ),
        (
            "a:\n  b: !Sub [\n 'x',\n {k: v}]\n",
            r#"{"a": {"b": {"Fn::Sub": ["x", {"k": "v"}]}}}"#,
        ),
        (
            "a:\n  - b:\n      c: [[1,\n2],\n{d: [3,\n4]}]\n",
            r#"{"a": [{"b": {"c": [[1, 2], {"d": [3, 4]}]}}]}"#,
        ),
        // Quoted scalars, in block and flow context, and JSON-like adjacent values.
        ("a:\n  b: \"one\ntwo\"\n", r#"{"a": {"b": "one two"}}"#),
        ("a:\n  b: 'one\ntwo'\n", r#"{"a": {"b": "one two"}}"#),
        ("a:\n  b: [\"one\ntwo\"]\n", r#"{"a": {"b": ["one two"]}}"#),
        ("a:\n  b: \"x\\\ny\"\n", r#"{"a": {"b": "xy"}}"#),
        (
            "a:\n  b: {\"k\":\"]\",\n\"j\": 1}\n",
            r#"{"a": {"b": {"k": "]", "j": 1}}}"#,
        ),
        (
            "a:\n  b: {k: 'v,\nw'}\nc: it's\n",
            r#"{"a": {"b": {"k": "v, w"}}, "c": "it's"}"#,
        ),
        // Block scalars and comments with brackets and quotes are not taken for them.
        (
            "a: |\n  {\n  x\nb: 1 # it's\nc:\n  d: [1,\n2]\n",
            r#"{"a": "{\nx\n", "b": 1, "c": {"d": [1, 2]}}"#,
        ),
        ("a:\r\n  b: {\r\nx: 1\r\n}\r\n", r#"{"a": {"b": {"x": 1}}}"#),
    ] {
        same(yaml, json);
    }
}

#[test]
fn less_indented_flow_lines_keep_their_positions() {
    let doc = parse_yaml(
        "Resources:\n  Key:\n    Properties:\n      KeyPolicy: {\n        \"Version\": \"2012-10-17\",\n  \"Statement\": [\n\"s\"]\n    }\n  Other: \"x\ny\"\n  Last: 1\n",
    )
    .unwrap();
    let policy = ["Resources", "Key", "Properties", "KeyPolicy"];
    assert_eq!(pos(at(&doc, &policy)), (4, 18));
    let version = ["Resources", "Key", "Properties", "KeyPolicy", "Version"];
    assert_eq!(pos(at(&doc, &version)), (5, 20));
    let statement = ["Resources", "Key", "Properties", "KeyPolicy", "Statement"];
    assert_eq!(pos(at(&doc, &statement)), (6, 16));
    let item = [
        "Resources",
        "Key",
        "Properties",
        "KeyPolicy",
        "Statement",
        "0",
    ];
    assert_eq!(pos(at(&doc, &item)), (7, 1));
    assert_eq!(pos(at(&doc, &["Resources", "Other"])), (9, 10));
    assert_eq!(pos(at(&doc, &["Resources", "Last"])), (11, 9));
    // A duplicate key on such a line has its own position too.
    let parsed = cfn_apigatewayv2::syntax::parse_document(b"a:\n  b: {k: 1,\nk: 2}\n").unwrap();
    let duplicate = &parsed.duplicates[0];
    assert_eq!((duplicate.first.line, duplicate.first.column), (2, 7));
    assert_eq!((duplicate.repeated.line, duplicate.repeated.column), (3, 1));
}

/// What PyYAML refuses stays refused, with the error of the text as written.
#[test]
fn what_pyyaml_refuses_stays_an_error() {
    for (yaml, line, column) in [
        // Tabs before the first character of a line in a flow collection.
        ("a:\n  b: [1,\n\t2]\n", 3, 2),
        ("a: [1\n\t]\n", 1, 5),
        // A document marker inside a flow collection.
        ("a:\n  b: [1,\n---\n]\n", 3, 1),
        // Less indented block content.
        ("a:\n  b: one\n two\n", 3, 2),
        ("a:\n  b: [\n- 1]\n", 3, 1),
    ] {
        let e = error(yaml);
        assert_eq!((e.line, e.column), (line, column), "{yaml:?}: {e}");
    }
    // Where the lexer that finds the lines to indent is not sure (a plain scalar's next line
    // that starts with `[`), the scanner's tokens disagree with it, and the error stays.
    let e = error("a: foo\n  [bar\nc:\n  d: {\nx: 1}\n");
    assert_eq!((e.line, e.column), (5, 1), "{e}");
    assert!(e.message.contains("invalid indentation"), "{e}");
}

#[test]
fn many_less_indented_lines_stay_fast() {
    let lines = 20_000;
    let items: String = (0..lines).map(|i| format!("{i},\n")).collect();
    let words: String = (0..lines).map(|i| format!("w{i}\n")).collect();
    let text = format!("a:\n  b: [\n{items}]\n  c: \"\n{words}\"\n");
    let started = Instant::now();
    let doc = parse_yaml(&text).unwrap();
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(
        at(&doc, &["a", "b"]).as_sequence().map(<[Node]>::len),
        Some(lines)
    );
    assert_eq!(pos(at(&doc, &["a", "b", "19999"])), (20_002, 1));
    let c = at(&doc, &["a", "c"]).as_str().unwrap();
    assert!(
        c.starts_with(" w0 w1 ") && c.ends_with(" w19999 "),
        "{c:.20}"
    );
}
