//! Compiles the golden outputs of the generator's fixture specs (`codegen/tests/fixtures/ok-*`)
//! against this crate's runtime, with warnings denied, and exercises them at run time.
//! `codegen/tests/fixtures.rs` checks that the goldens are what the generator produces.
#![deny(warnings)]

use cfn_apigatewayv2::{Json, ResourceType, Value};

/// The `ok-shapes` fixture: every shape, keyword names, recursion, deprecated legacy facts.
/// (`dead_code` is allowed only because a test binary, unlike the library the code is generated
/// for, has no public API to keep items alive.)
#[allow(dead_code)]
mod ok_shapes {
    include!("../codegen/tests/fixtures/ok-shapes/expected/shapes/widget.rs");
}

#[test]
fn every_golden_resource_file_is_compiled_here() {
    let this = include_str!("golden_compile.rs");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("codegen/tests/fixtures");
    for fixture in std::fs::read_dir(&root).unwrap() {
        let fixture = fixture.unwrap().path();
        let expected = fixture.join("expected");
        if !expected.is_dir() {
            continue;
        }
        for service in std::fs::read_dir(&expected).unwrap() {
            let service = service.unwrap().path();
            if !service.is_dir() {
                continue;
            }
            for file in std::fs::read_dir(&service).unwrap() {
                let file = file.unwrap().path();
                if file.file_name().unwrap() == "mod.rs" {
                    continue;
                }
                let rel = file.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap();
                let needle = format!(
                    "include!(\"../{}\")",
                    rel.to_string_lossy().replace('\\', "/")
                );
                assert!(
                    this.contains(&needle),
                    "golden {} is not compiled by this test: add `{needle}`",
                    file.display()
                );
            }
        }
    }
}

#[test]
fn fixture_types_round_trip_through_json() {
    use ok_shapes::*;
    let json = serde_json::json!({
        "Name": "abc",
        "Count": 3,
        "Ratio": 0.5,
        "Enabled": true,
        "Body": {"openapi": "3.0.1"},
        "Tags": {"team": "api"},
        "Ports": [80, {"Ref": "Port"}],
        "Root": {"Label": "root", "Next": {"Label": "next"}, "Children": [{"Label": "child"}]},
        "Nodes": {"a": {"Label": "a"}},
        "Forest": [[], [[]]],
        "Aliases": ["x", {"Fn::Sub": "${AWS::Region}"}],
        "Spec": {"Size": 1},
        "Inline": {"Depth": 2},
        "Type": "A",
        "Self": "me",
        "Match": {"Ref": "Param"},
        "3DConfig": "on"
    });
    let widget: Widget = serde_json::from_value(json.clone()).expect("fixture JSON reads");
    let minimal = Widget::new("abc");
    assert_eq!(
        serde_json::to_value(&minimal).unwrap(),
        serde_json::json!({"Name": "abc"})
    );
    assert_eq!(Node::new("n").label, Value::Literal("n".to_owned()));
    assert_eq!(WidgetProperty::default(), WidgetProperty::new());
    assert_eq!(Widget::TYPE_NAME, "Test::Shapes::Widget");
    assert_eq!(<Widget as ResourceType>::ATTRIBUTES, &["Id"]);
    assert_eq!(Widget::PRIMARY_IDENTIFIER, &["Id"]);
    let Some(Value::Literal(root)) = &widget.root else {
        panic!("Root should be a literal")
    };
    let Some(Value::Literal(next)) = &root.next else {
        panic!("Next should be a literal")
    };
    assert_eq!(next.label, Value::Literal("next".to_owned()));
    assert!(matches!(widget.r#match, Some(Value::Intrinsic(_))));
    assert_eq!(serde_json::to_value(&widget).unwrap(), json);
    let _: Option<&Json> = None;
}

#[test]
fn unknown_properties_are_rejected() {
    let err =
        serde_json::from_value::<ok_shapes::Widget>(serde_json::json!({"Name": "a", "Nope": 1}))
            .unwrap_err();
    assert!(err.to_string().contains("Nope"), "{err}");
}
