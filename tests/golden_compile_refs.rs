//! Compiles the golden output of the generator's `ok-unresolvable-reference` fixture (a field
//! whose only relationship no expression satisfies) against this crate's runtime with warnings
//! denied: the field keeps its marker and setter, and no handle fills it.
#![deny(warnings)]
#![allow(dead_code)]

// The runtime items generated code names as `crate::...` (this fixture uses only some).
#[allow(unused_imports)]
use cfn_apigatewayv2::{
    Intrinsic, Json, Node, NodeError, Referable, ResourceAttributes, UnknownValue, cfn_enum,
    cfn_properties, cfn_references, schema, to_node, validate,
};

include!("../codegen/tests/fixtures/ok-unresolvable-reference/expected/services.rs");

use cfn_apigatewayv2::{Handle, ReferenceTo, ResourceType, Value};
use refs::widget::Widget;

#[test]
fn the_field_takes_literals_and_intrinsics_but_no_handle() {
    let widget = Widget::default().with_gadget_ref("gadget-name");
    assert_eq!(
        widget.gadget_ref,
        Some(Value::Literal("gadget-name".to_owned()))
    );
    let widget = Widget::default().with_gadget_ref(Intrinsic::reference("Param"));
    assert_eq!(
        serde_json::to_value(&widget).unwrap(),
        serde_json::json!({"GadgetRef": {"Ref": "Param"}})
    );
    // No `ReferenceTo<GadgetRef>` for `&Handle<Gadget>`: only literals and intrinsics fit.
    fn fits<T: ReferenceTo<refs::widget::refs::GadgetRef>>(_: T) {}
    fits("x");
    let gadget: Handle<refs::gadget::Gadget> = Handle::new("G");
    assert_eq!(gadget.logical_id(), "G");
    assert_eq!(
        <Widget as ResourceType>::SCHEMA.type_name,
        "Test::Refs::Widget"
    );
}
