//! Compiles the golden output of the generator's fixture spec (`codegen/tests/fixtures/ok-shapes`)
//! against this crate's runtime with warnings denied, and exercises it at run time.
//! `codegen/tests/fixtures.rs` checks that the goldens are what the generator produces.
//!
//! The generated code refers to the runtime only as `crate::Value`, `crate::Node`, ..., so the
//! imports below make this test crate a stand-in for the library the code is generated into.
//! (`dead_code` is allowed because a test binary has no public API to keep items alive.)
#![deny(warnings)]
#![allow(dead_code)]

use cfn_apigatewayv2::{
    Intrinsic, Json, Node, NodeError, ResourceAttributes, UnknownValue, cfn_enum, cfn_properties,
    schema, validate,
};

include!("../codegen/tests/fixtures/ok-shapes/expected/services.rs");

use cfn_apigatewayv2::{Handle, Referable, ResourceType, Value};
use shapes::widget::*;
use shapes::{AnyResource, Widget};

#[test]
fn every_ok_fixture_has_its_goldens_compiled() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("codegen/tests/fixtures");
    let mut ok: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("ok-"))
        .collect();
    ok.sort();
    assert_eq!(
        ok,
        ["ok-patterns", "ok-shapes", "ok-unresolvable-reference"],
        "a new ok-* fixture needs compiling too (ok-shapes here, ok-unresolvable-reference in golden_compile_refs.rs, ok-patterns in golden_compile_patterns.rs)"
    );
}

#[test]
fn fixture_types_round_trip_through_json() {
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
    let Some(Value::Literal(root)) = &widget.root else {
        panic!("Root should be a literal")
    };
    let Some(Value::Literal(next)) = &root.next else {
        panic!("Next should be a literal")
    };
    assert_eq!(next.label, Value::Literal("next".to_owned()));
    assert!(matches!(widget.r#match, Some(Value::Intrinsic(_))));
    assert_eq!(serde_json::to_value(&widget).unwrap(), json);
}

#[test]
fn constructors_metadata_and_typed_enums() {
    let minimal = Widget::new("abc");
    assert_eq!(
        serde_json::to_value(&minimal).unwrap(),
        serde_json::json!({"Name": "abc"})
    );
    assert_eq!(
        shapes::widget::Node::new("n").label,
        Value::Literal("n".to_owned())
    );
    assert_eq!(WidgetProperty::default(), WidgetProperty::new());
    assert_eq!(Widget::TYPE_NAME, "Test::Shapes::Widget");
    assert_eq!(<Widget as Referable>::ATTRIBUTES, &["Id"]);
    assert_eq!(Widget::PRIMARY_IDENTIFIER, &["Id"]);

    let typed = minimal.clone().into_typed();
    assert_eq!(typed.type_name(), "Test::Shapes::Widget");
    assert_eq!(Widget::from_typed(&typed), Some(&minimal));
    let properties = typed.to_properties().unwrap();
    let back = TypedResource::from_properties("Test::Shapes::Widget", &properties)
        .unwrap()
        .unwrap();
    assert_eq!(
        back,
        TypedResource::Shapes(AnyResource::Widget(Box::new(minimal)))
    );
    assert!(TypedResource::from_properties("AWS::S3::Bucket", &properties).is_none());
}

#[test]
fn handles_give_ref_and_one_method_per_attribute() {
    let handle = Handle::<Widget>::new("MyWidget");
    assert_eq!(
        serde_json::to_value(handle.id()).unwrap(),
        serde_json::json!({"Fn::GetAtt": ["MyWidget", "Id"]})
    );
    let reference: Value<String> = handle.reference();
    assert_eq!(
        serde_json::to_value(reference).unwrap(),
        serde_json::json!({"Ref": "MyWidget"})
    );
}

#[test]
fn unknown_properties_are_rejected() {
    let err =
        serde_json::from_value::<Widget>(serde_json::json!({"Name": "a", "Nope": 1})).unwrap_err();
    assert!(err.to_string().contains("Nope"), "{err}");
}

#[test]
fn tables_describe_recursive_types() {
    use cfn_apigatewayv2::schema::Shape;
    let root = Widget::SCHEMA.property("Root").unwrap();
    let Shape::Object("Node", rows) = &root.shape else {
        panic!("Root is a Node")
    };
    let next = rows.iter().find(|p| p.name == "Next").unwrap();
    let Shape::Object("Node", again) = &next.shape else {
        panic!("Next is a Node")
    };
    assert!(
        std::ptr::eq(*rows, *again),
        "the recursive type is one table"
    );
    let forest = Widget::SCHEMA.property("Forest").unwrap();
    let Shape::List(inner) = &forest.shape else {
        panic!("Forest is a list")
    };
    assert!(
        matches!(inner, Shape::List(_)),
        "a list of trees is a list of lists"
    );
}

#[test]
fn the_overlay_becomes_rule_rows() {
    use schema::{Check, Condition};
    let rules = shapes::rules::RULES;
    assert_eq!(rules.len(), 2);
    assert_eq!(DOCUMENTED_RULES.len(), 1);
    assert_eq!((rules[0].id, rules[0].property), ("requires", "Ratio"));
    assert!(matches!(rules[0].checks, [Check::Present]));
    assert!(matches!(
        rules[0].when,
        [Condition::Value {
            property: "Enabled",
            values: ["true"],
            negate: false,
            ..
        }]
    ));
    assert_eq!(rules[1].severity, validate::Severity::Warning);
    assert!(matches!(rules[1].checks, [Check::Format(f)] if f.pattern == "^[a-z]+$"));
    assert!(matches!(
        rules[1].unless,
        [Condition::Present {
            property: "Enabled",
            negate: true,
            ..
        }]
    ));
    // The overlay's constraint joined the property's constraints.
    let count = Widget::SCHEMA.property("Count").unwrap();
    assert!(
        count
            .constraints
            .iter()
            .any(|c| c.source == schema::Source::Documentation)
    );
}

#[test]
fn every_optional_field_has_a_setter() {
    let widget = Widget::new("abc")
        .with_count(3)
        .with_ratio(Intrinsic::reference("Ratio"))
        .with_root(shapes::widget::Node::new("root").with_next(shapes::widget::Node::new("next")))
        .with_forest(Tree(vec![Value::Literal(Tree(vec![]))]))
        .with_match(shapes::enums::MatchMode::Exact)
        .with_3d_config("on")
        .with_type("B");
    assert_eq!(
        serde_json::to_value(&widget).unwrap(),
        serde_json::json!({
            "3DConfig": "on",
            "Count": 3,
            "Forest": [[]],
            "Match": "EXACT",
            "Name": "abc",
            "Ratio": {"Ref": "Ratio"},
            "Root": {"Label": "root", "Next": {"Label": "next"}},
            "Type": "B"
        })
    );
}
