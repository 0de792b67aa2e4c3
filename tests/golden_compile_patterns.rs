//! Compiles the golden output of the generator's `ok-patterns` fixture (patterns `regex-lite`
//! cannot compile) against this crate's runtime with warnings denied, and checks what the
//! validator then does: a rewritten pattern (`\Z` → `\z`) is checked, a pattern documented as not
//! checked (look-around, `\p{L}` keys) is not.
#![deny(warnings)]
#![allow(dead_code)]

// The runtime items generated code names as `crate::...` (this fixture uses only some).
#[allow(unused_imports)]
use cfn_apigatewayv2::{
    Intrinsic, Json, Node, NodeError, Referable, ResourceAttributes, UnknownValue, cfn_enum,
    cfn_properties, cfn_references, schema, to_node, validate,
};

include!("../codegen/tests/fixtures/ok-patterns/expected/services.rs");

use cfn_apigatewayv2::{ResourceType, Value};
use patterns::thing::Thing;

fn findings(thing: &Thing) -> Vec<(&'static str, String)> {
    validate::validate_resource(thing)
        .unwrap()
        .into_iter()
        .map(|f| (f.rule, f.path))
        .collect()
}

#[test]
fn only_the_patterns_the_validator_can_check_are_checked() {
    let ok = Thing::default().with_path("a/b-c").with_path_copy("x");
    assert_eq!(findings(&ok), []);
    let bad_path = Thing::default().with_path("a b");
    assert_eq!(
        findings(&bad_path),
        [("pattern", "/Properties/Path".to_owned())]
    );
    // `^(?!aws:)[a-z]+$` and the `^\p{L}+$` key pattern are documented as not checked: the
    // table has no constraint for them (the runtime would skip them anyway).
    let constraints = |name: &str| {
        let p = Thing::SCHEMA
            .properties
            .iter()
            .find(|p| p.name == name)
            .unwrap();
        p.constraints.len()
    };
    assert_eq!(
        ["Name", "Path", "PathCopy", "Tags"].map(constraints),
        [0, 1, 0, 0]
    );
    let unchecked = Thing::default().with_name("aws:x");
    assert_eq!(findings(&unchecked), []);
}
