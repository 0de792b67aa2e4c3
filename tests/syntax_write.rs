//! The writers: exact output for the common shapes, and round trips through both readers.

use cfn_apigatewayv2::syntax::{parse_json, parse_yaml, to_json, to_yaml};
use cfn_apigatewayv2::{Node, NodeKind};

/// Both writers' output reads back to `node`.
#[track_caller]
fn round_trips(node: &Node) {
    let yaml = to_yaml(node);
    let read = parse_yaml(&yaml).unwrap_or_else(|e| panic!("{e}\n{yaml}"));
    assert_eq!(&read, node, "YAML:\n{yaml}");
    let json = to_json(node);
    let read = parse_json(&json).unwrap_or_else(|e| panic!("{e}\n{json}"));
    assert_eq!(&read, node, "JSON:\n{json}");
}

fn string(s: &str) -> Node {
    Node::from(s)
}

fn mapping(entries: Vec<(&str, Node)>) -> Node {
    Node::from(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect::<Vec<_>>(),
    )
}

#[test]
fn yaml_uses_short_tags() {
    let json = r#"{
  "Resources": {
    "Api": {
      "Type": "AWS::ApiGatewayV2::Api",
      "Condition": "IsProd",
      "Properties": {
        "Name": {"Fn::Sub": "${AWS::StackName}-api"},
        "Target": {"Fn::GetAtt": ["Fn", "Arn"]},
        "Dotted": {"Fn::GetAtt": ["My.Res", "Arn"]},
        "StringForm": {"Fn::GetAtt": "Fn.Arn"},
        "Body": {"Fn::Transform": {"Name": "AWS::Include", "Parameters": {"Location": "s3://b/k"}}},
        "Cors": {"Fn::If": ["IsProd", {"Ref": "Origins"}, {"Ref": "AWS::NoValue"}]},
        "Ids": {"Fn::Split": [",", {"Fn::ImportValue": "Ids"}]},
        "Az": {"Fn::Select": [0, {"Fn::GetAZs": ""}]},
        "Data": {"Fn::Base64": {"Fn::Sub": "echo ${X}"}},
        "Cidrs": {"Fn::Cidr": ["10.0.0.0/16", 4, 8]},
        "Map": {"Fn::FindInMap": ["M", {"Ref": "AWS::Region"}, "Key"]},
        "Json": {"Fn::ToJsonString": {"a": 1}},
        "Count": {"Fn::Length": []},
        "Number": {"Ref": 5},
        "Other": {"Fn::Unknown": "x"},
        "Two": {"Ref": "A", "Extra": 1}
      }
    }
  },
  "Conditions": {
    "IsProd": {"Fn::And": [{"Fn::Equals": [{"Ref": "Env"}, "prod"]},
                           {"Fn::Or": [{"Condition": "A"}, {"Fn::Not": [{"Condition": "B"}]}]}]}
  }
}"#;
    let node = parse_json(json).unwrap();
    let expected = "\
Resources:
  Api:
    Type: AWS::ApiGatewayV2::Api
    Condition: IsProd
    Properties:
      Name: !Sub ${AWS::StackName}-api
      Target: !GetAtt Fn.Arn
      Dotted: !GetAtt
        - My.Res
        - Arn
      StringForm:
        Fn::GetAtt: Fn.Arn
      Body: !Transform
        Name: AWS::Include
        Parameters:
          Location: s3://b/k
      Cors: !If
        - IsProd
        - !Ref Origins
        - !Ref AWS::NoValue
      Ids: !Split
        - ','
        - !ImportValue Ids
      Az: !Select
        - 0
        - !GetAZs ''
      Data:
        Fn::Base64: !Sub echo ${X}
      Cidrs: !Cidr
        - 10.0.0.0/16
        - 4
        - 8
      Map: !FindInMap
        - M
        - !Ref AWS::Region
        - Key
      Json: !ToJsonString
        a: 1
      Count: !Length []
      Number:
        Ref: 5
      Other:
        Fn::Unknown: x
      Two:
        Ref: A
        Extra: 1
Conditions:
  IsProd: !And
    - !Equals
      - !Ref Env
      - prod
    - !Or
      - !Condition A
      - !Not
        - !Condition B
";
    assert_eq!(to_yaml(&node), expected);
    round_trips(&node);
}

#[test]
fn json_layout() {
    let node = parse_yaml("a: !Ref x\nb: [1.0, \"é\\\"\\\\\\n\\t\\x01\"]\nc: {}\nd: []\n").unwrap();
    let expected = r#"{
  "a": {
    "Ref": "x"
  },
  "b": [
    1.0,
    "é\"\\\n\t\u0001"
  ],
  "c": {},
  "d": []
}
"#;
    assert_eq!(to_json(&node), expected);
    assert_eq!(to_json(&Node::from("x")), "\"x\"\n");
}

#[test]
fn yaml_quotes_what_would_read_back_differently() {
    let cases = [
        ("plain", "plain"),
        ("2010-09-09", "'2010-09-09'"),
        ("1.0", "'1.0'"),
        ("5000", "'5000'"),
        ("1e3", "'1e3'"),
        ("0x1F", "'0x1F'"),
        (".inf", "'.inf'"),
        ("true", "'true'"),
        ("yes", "'yes'"),
        ("No", "'No'"),
        ("off", "'off'"),
        ("y", "'y'"),
        ("null", "'null'"),
        ("~", "'~'"),
        ("", "''"),
        (" lead", "' lead'"),
        ("trail ", "'trail '"),
        ("a: b", "'a: b'"),
        ("a #b", "'a #b'"),
        ("ends:", "'ends:'"),
        ("*", "'*'"),
        ("!Ref", "'!Ref'"),
        ("&a", "'&a'"),
        ("- x", "'- x'"),
        ("{x}", "'{x}'"),
        ("it's", "it's"),
        ("'q'", "'''q'''"),
        ("\"q\"", "'\"q\"'"),
        ("<<", "'<<'"),
        ("tab\there", "\"tab\\there\""),
        ("bell\u{7}", "\"bell\\x07\""),
        ("nel\u{85}", "\"nel\\x85\""),
        ("10.0.0.0/16", "10.0.0.0/16"),
        ("arn:aws:s3:::b/*", "arn:aws:s3:::b/*"),
        ("$default", "$default"),
        ("${AWS::Region}", "${AWS::Region}"),
        ("GET /items/{id}", "GET /items/{id}"),
        ("a:b", "a:b"),
        ("a#b", "a#b"),
        ("é ü 😀", "é ü 😀"),
    ];
    for (value, written) in cases {
        let node = mapping(vec![("k", string(value))]);
        assert_eq!(to_yaml(&node), format!("k: {written}\n"), "{value:?}");
        round_trips(&node);
        // Keys follow the same rules.
        let node = mapping(vec![(value, Node::from(true))]);
        assert_eq!(
            to_yaml(&node),
            format!("{written}: true\n"),
            "key {value:?}"
        );
        round_trips(&node);
    }
}

#[test]
fn yaml_multi_line_strings() {
    let node = mapping(vec![
        ("clip", string("line 1\n  line 2\n")),
        ("strip", string("a\n\nb")),
        ("keep", string("a\n\n\n")),
        ("lead", string("  indented\nx\n")),
        ("newline", string("\nx")),
        ("cr", string("a\r\nb\r\n")),
        ("tabs", string("a\tb\n\tc\n")),
        ("spaces", string("a\n   \nb  \n")),
        (
            "in-seq",
            Node::from(vec![string("x\ny\n"), mapping(vec![("k", string("p\nq"))])]),
        ),
    ]);
    let expected = "\
clip: |
  line 1
    line 2
strip: |-
  a

  b
keep: |+
  a


lead: \"  indented\\nx\\n\"
newline: \"\\nx\"
cr: \"a\\r\\nb\\r\\n\"
tabs: |
  a\tb
  \tc
spaces: |
  a
     
  b  
in-seq:
  - |
    x
    y
  - k: |-
      p
      q
";
    assert_eq!(to_yaml(&node), expected);
    round_trips(&node);
    // A multi-line key is double-quoted, a document that is one string is a block too.
    round_trips(&mapping(vec![("a\nb", Node::from(1i64))]));
    assert_eq!(to_yaml(&string("a\nb\n")), "|\n  a\n  b\n");
    round_trips(&string("a\nb\n"));
}

#[test]
fn numbers_keep_their_text() {
    for text in [
        "0", "-0", "5000", "1.0", "1.50", "-12.5", "1.5e+3", "1e3", "1E3", "1.0e5", "2e-7",
    ] {
        let node = Node::from(vec![Node::number(text)]);
        round_trips(&node);
        let yaml = to_yaml(&node);
        let plain = matches!(
            text,
            "0" | "-0" | "5000" | "1.0" | "1.50" | "-12.5" | "1.5e+3"
        );
        assert_eq!(yaml.starts_with("- !!"), !plain, "{text}: {yaml}");
    }
    // A hand-built number that is not a numeral is written as a string.
    let odd = Node::number("NaN");
    assert_eq!(to_json(&odd), "\"NaN\"\n");
    assert_eq!(
        parse_yaml(&to_yaml(&odd)).unwrap().kind,
        NodeKind::String("NaN".into())
    );
}

#[test]
fn unusual_shapes_round_trip() {
    let long_key = "k".repeat(2000);
    let nested = Node::from(vec![
        Node::from(vec![
            Node::from(vec![Node::from(1i64)]),
            Node::from(Vec::<Node>::new()),
        ]),
        mapping(vec![]),
        mapping(vec![(
            "a",
            mapping(vec![("b", Node::from(Vec::<Node>::new()))]),
        )]),
        Node::default(),
    ]);
    let cases = [
        Node::default(),
        Node::from(true),
        string("top"),
        Node::from(Vec::<Node>::new()),
        mapping(vec![]),
        mapping(vec![(&long_key, string("v"))]),
        mapping(vec![("", string(""))]),
        nested,
        // A top-level short form with a block argument.
        mapping(vec![(
            "Fn::Transform",
            mapping(vec![("Name", string("M"))]),
        )]),
        mapping(vec![(
            "Fn::If",
            Node::from(vec![string("C"), mapping(vec![("Ref", string("A"))])]),
        )]),
        mapping(vec![(
            "Fn::Join",
            Node::from(vec![string(""), Node::from(vec![string("a\nb")])]),
        )]),
        mapping(vec![("Ref", string("multi\nline"))]),
        mapping(vec![(
            "Fn::GetAtt",
            Node::from(vec![string("R"), string("")]),
        )]),
        mapping(vec![(
            "Fn::GetAtt",
            Node::from(vec![string("R"), string("A: b")]),
        )]),
        mapping(vec![("Fn::GetAtt", Node::from(vec![string("R")]))]),
        mapping(vec![("Fn::Sub", mapping(vec![("Ref", string("x"))]))]),
        mapping(vec![("Condition", Node::default())]),
    ];
    for node in &cases {
        round_trips(node);
    }
    // The deepest tree a reader accepts is written without recursion and reads back.
    let mut deep = Node::from(1i64);
    for i in 0..Node::MAX_DEPTH {
        deep = if i % 2 == 0 {
            Node::from(vec![deep])
        } else {
            mapping(vec![("k", deep)])
        };
    }
    round_trips(&deep);
}
