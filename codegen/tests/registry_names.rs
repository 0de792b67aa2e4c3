//! Table test of the registry's naming and typing edge cases. Each row is a small hand-written
//! registry schema (and, where the row needs one, a legacy specification) generated through
//! [`cfn_codegen::generate`] from a temporary spec folder. Every generated file must parse with
//! syn; the row then lists the items that must come out and those that must not, as facts read
//! back from the parsed code, or the error generation must stop with.
//!
//! Facts (types written without spaces; `std::X` is the standard type, whatever the generated
//! code spells out, and a bare `String` is a generated type of that name):
//! - `struct Name`, `enum Name`, `type Name = Ty`;
//! - `Name.field: Ty` (a tuple struct's field is `Name.0: Ty`);
//! - `Name::method() -> Ty` for a method that takes only `&self` (an attribute's `Fn::GetAtt`).

use std::collections::{BTreeMap, BTreeSet};

use quote::ToTokens;
use serde_json::{Value, json};

/// What a row expects.
enum Expect {
    /// Generation succeeds; these facts are present, those absent, and each text appears in
    /// the generated files.
    Items {
        present: &'static [&'static str],
        absent: &'static [&'static str],
        texts: &'static [&'static str],
    },
    /// Generation fails with a message that contains this.
    Error(&'static str),
}

struct Row {
    name: &'static str,
    /// The schema of `Test::Names::Widget` (`typeName` is added).
    schema: Value,
    /// `ResourceTypes.Test::Names::Widget` of a legacy specification, if the row needs one.
    legacy: Option<Value>,
    expect: Expect,
}

fn rows() -> Vec<Row> {
    let string = json!({"type": "string"});
    vec![
        Row {
            name: "type names that collide after case conversion take the suffix Property",
            schema: json!({
                "definitions": {
                    "EFSVolume": {"type": "object", "properties": {"A": string}},
                    "EfsVolume": {"type": "object", "properties": {"B": {"type": "integer"}}},
                },
                "properties": {
                    "First": {"$ref": "#/definitions/EFSVolume"},
                    "Second": {"$ref": "#/definitions/EfsVolume"},
                },
            }),
            legacy: None,
            expect: Expect::Items {
                present: &[
                    "EfsVolume.a: std::Option<Value<std::String>>",
                    "EfsVolumeProperty.b: std::Option<Value<i64>>",
                    "Widget.first: std::Option<Value<EfsVolume>>",
                    "Widget.second: std::Option<Value<EfsVolumeProperty>>",
                ],
                absent: &[],
                texts: &[],
            },
        },
        Row {
            name: "fields that collide after case conversion are an error naming both",
            schema: json!({"properties": {"FooBar": string, "Foo_Bar": string}}),
            legacy: None,
            expect: Expect::Error(
                "properties `FooBar` and `Foo_Bar` would both be the Rust field `foo_bar`",
            ),
        },
        Row {
            name: "Rust keywords become raw identifiers, or take `_`/`Type` where raw cannot",
            schema: json!({
                "definitions": {
                    "Match": {"type": "object", "properties": {"Type": string, "Async": string}},
                    "Self": {"type": "object", "properties": {"Crate": string, "Super": string}},
                },
                "properties": {
                    "Type": string,
                    "Self": {"$ref": "#/definitions/Self"},
                    "Match": {"$ref": "#/definitions/Match"},
                    "Fn": {"type": "boolean"},
                },
            }),
            legacy: None,
            expect: Expect::Items {
                present: &[
                    "Widget.r#type: std::Option<Value<std::String>>",
                    "Widget.self_: std::Option<Value<SelfType>>",
                    "Widget.r#match: std::Option<Value<Match>>",
                    "Widget.r#fn: std::Option<Value<bool>>",
                    "Match.r#type: std::Option<Value<std::String>>",
                    "Match.r#async: std::Option<Value<std::String>>",
                    "SelfType.crate_: std::Option<Value<std::String>>",
                    "SelfType.super_: std::Option<Value<std::String>>",
                ],
                absent: &["struct Self_", "struct Self"],
                texts: &["with_type(::std::string::String)", "with_self_(SelfType)"],
            },
        },
        Row {
            name: "names that start with a digit get a leading `_`",
            schema: json!({
                "definitions": {
                    "3DSettings": {"type": "object", "properties": {"2Way": {"type": "boolean"}}},
                },
                "properties": {
                    "3DConfig": string,
                    "Settings": {"$ref": "#/definitions/3DSettings"},
                },
            }),
            legacy: None,
            expect: Expect::Items {
                present: &[
                    "Widget._3d_config: std::Option<Value<std::String>>",
                    "Widget.settings: std::Option<Value<_3dSettings>>",
                    "_3dSettings._2way: std::Option<Value<bool>>",
                ],
                absent: &[],
                texts: &["with_3d_config(::std::string::String)"],
            },
        },
        Row {
            name: "property types named like their resource or like std types",
            schema: json!({
                "definitions": {
                    "Widget": {"type": "object", "properties": {"Size": {"type": "integer"}}},
                    "String": {"type": "object", "properties": {"Text": string}},
                    "Option": {"type": "object", "properties": {"Some": string}},
                    "Result": {"type": "object", "properties": {"Ok": string}},
                    "Box": {"type": "object", "properties": {"Inner": {"$ref": "#/definitions/Box"}}},
                    "Vec": {"type": "array", "items": {"$ref": "#/definitions/String"}},
                },
                "properties": {
                    "Self": {"$ref": "#/definitions/Widget"},
                    "Name": {"$ref": "#/definitions/String"},
                    "Choice": {"$ref": "#/definitions/Option"},
                    "Outcome": {"$ref": "#/definitions/Result"},
                    "Boxed": {"$ref": "#/definitions/Box"},
                    "Many": {"$ref": "#/definitions/Vec"},
                    "Plain": string,
                },
                "required": ["Name"],
            }),
            legacy: None,
            expect: Expect::Items {
                present: &[
                    "struct Widget",
                    "WidgetProperty.size: std::Option<Value<i64>>",
                    "Widget.self_: std::Option<Value<WidgetProperty>>",
                    "Widget.name: Value<String>",
                    "String.text: std::Option<Value<std::String>>",
                    "Widget.choice: std::Option<Value<Option>>",
                    "Option.some: std::Option<Value<std::String>>",
                    "Widget.outcome: std::Option<Value<Result>>",
                    "Widget.boxed: std::Option<Value<Box>>",
                    "Box.inner: std::Option<Value<std::Box<Box>>>",
                    "type Vec = std::Vec<Value<String>>",
                    "Widget.many: std::Option<Value<Vec>>",
                    "Widget.plain: std::Option<Value<std::String>>",
                ],
                absent: &[],
                texts: &[],
            },
        },
        Row {
            name: "mutual recursion (WAFv2's statements): direct cycles are boxed, lists are not",
            schema: json!({
                "definitions": {
                    "Statement": {"type": "object", "properties": {
                        "AndStatement": {"$ref": "#/definitions/AndStatement"},
                        "NotStatement": {"$ref": "#/definitions/NotStatement"},
                        "Label": string,
                    }},
                    "AndStatement": {"type": "object", "properties": {
                        "Statements": {"type": "array", "items": {"$ref": "#/definitions/Statement"}},
                    }, "required": ["Statements"]},
                    "NotStatement": {"type": "object", "properties": {
                        "Statement": {"$ref": "#/definitions/Statement"},
                    }, "required": ["Statement"]},
                    "Chain": {"type": "array", "items": {"$ref": "#/definitions/Chain"}},
                },
                "properties": {
                    "Statement": {"$ref": "#/definitions/Statement"},
                    "Chain": {"$ref": "#/definitions/Chain"},
                },
            }),
            legacy: None,
            expect: Expect::Items {
                present: &[
                    "Statement.and_statement: std::Option<Value<AndStatement>>",
                    "Statement.not_statement: std::Option<Value<std::Box<NotStatement>>>",
                    "AndStatement.statements: Value<std::Vec<Value<Statement>>>",
                    "NotStatement.statement: Value<std::Box<Statement>>",
                    "Chain.0: std::Vec<Value<Chain>>",
                    "Widget.chain: std::Option<Value<Chain>>",
                ],
                absent: &["type Chain = std::Vec<Value<Chain>>"],
                texts: &[],
            },
        },
        Row {
            name: "maps and lists of nested types, lists of lists, JSON and timestamps",
            schema: json!({
                "definitions": {
                    "Node": {"type": "object", "properties": {"Label": string}},
                },
                "properties": {
                    "NodeMap": {"type": "object", "patternProperties": {"^.+$": {"$ref": "#/definitions/Node"}}},
                    "NodeList": {"type": "array", "items": {"$ref": "#/definitions/Node"}},
                    "MapOfLists": {"type": "object", "additionalProperties": {"type": "array", "items": {"$ref": "#/definitions/Node"}}},
                    "Matrix": {"type": "array", "items": {"type": "array", "items": {"type": "integer"}}},
                    "Untyped": {"type": "array"},
                    "Document": {"type": "object"},
                    "Either": {"oneOf": [string, {"type": "integer"}]},
                    "Mixed": {"type": ["object", "string"]},
                    "Nothing": {},
                    "TwoPatterns": {"type": "object", "patternProperties": {"^a": string, "^b": string}},
                    "At": {"type": "string", "format": "date-time"},
                    "Ratio": {"type": "number"},
                },
            }),
            legacy: None,
            expect: Expect::Items {
                present: &[
                    "Widget.node_map: std::Option<Value<std::BTreeMap<std::String,Value<Node>>>>",
                    "Widget.node_list: std::Option<Value<std::Vec<Value<Node>>>>",
                    "Widget.map_of_lists: std::Option<Value<std::BTreeMap<std::String,Value<std::Vec<Value<Node>>>>>>",
                    "Widget.matrix: std::Option<Value<std::Vec<Value<std::Vec<Value<i64>>>>>>",
                    "Widget.untyped: std::Option<Value<std::Vec<Value<Json>>>>",
                    "Widget.document: std::Option<Value<Json>>",
                    "Widget.either: std::Option<Value<Json>>",
                    "Widget.mixed: std::Option<Value<Json>>",
                    "Widget.nothing: std::Option<Value<Json>>",
                    "Widget.two_patterns: std::Option<Value<Json>>",
                    "Widget.at: std::Option<Value<std::String>>",
                    "Widget.ratio: std::Option<Value<f64>>",
                ],
                absent: &[],
                texts: &[
                    // A list or map in a list or map passes clippy's complexity threshold.
                    "#[allow(clippy::type_complexity)]\n    pub matrix:",
                    "#[allow(clippy::type_complexity)]\n    pub map_of_lists:",
                ],
            },
        },
        Row {
            name: "an inline object named like another type takes its path; an equal one shares",
            schema: json!({
                "definitions": {
                    "FieldToMatch": {"type": "object", "properties": {
                        "SingleHeader": {"type": "object", "properties": {"Name": string}, "required": ["Name"]},
                        "Same": {"type": "object", "properties": {"X": {"type": "integer"}}},
                    }},
                    "SingleHeader": {"type": "object", "properties": {"Name": string}},
                    "Same": {"type": "object", "properties": {"X": {"type": "integer"}}},
                    "A": {"type": "object", "properties": {
                        "Config": {"type": "object", "properties": {"P": string}},
                    }},
                    "B": {"type": "object", "properties": {
                        "Config": {"type": "object", "properties": {"Q": string}},
                    }},
                    "C": {"type": "object", "properties": {
                        "Config": {"type": "object", "properties": {"P": string}},
                    }},
                    "ErrorLog": {"type": "object", "description": "A definition.", "properties": {"Enabled": {"type": "boolean"}}},
                    "Rules": {"type": "array", "items": string},
                },
                "properties": {
                    "Match": {"$ref": "#/definitions/FieldToMatch"},
                    "Header": {"$ref": "#/definitions/SingleHeader"},
                    "A": {"$ref": "#/definitions/A"},
                    "B": {"$ref": "#/definitions/B"},
                    "C": {"$ref": "#/definitions/C"},
                    "Log": {"$ref": "#/definitions/ErrorLog"},
                    "ErrorLog": {"type": "object", "properties": {"Enabled": {"type": "boolean"}}},
                    "Rules": {"type": "array", "items": {"type": "object", "properties": {"Id": string}}},
                    "Names": {"$ref": "#/definitions/Rules"},
                },
            }),
            legacy: None,
            expect: Expect::Items {
                present: &[
                    "FieldToMatch.single_header: std::Option<Value<FieldToMatchSingleHeader>>",
                    "FieldToMatchSingleHeader.name: Value<std::String>",
                    "SingleHeader.name: std::Option<Value<std::String>>",
                    "Widget.header: std::Option<Value<SingleHeader>>",
                    "FieldToMatch.same: std::Option<Value<Same>>",
                    "A.config: std::Option<Value<Config>>",
                    "Config.p: std::Option<Value<std::String>>",
                    "B.config: std::Option<Value<BConfig>>",
                    "BConfig.q: std::Option<Value<std::String>>",
                    "C.config: std::Option<Value<Config>>",
                    "Widget.log: std::Option<Value<ErrorLog>>",
                    "Widget.error_log: std::Option<Value<WidgetErrorLog>>",
                    "WidgetErrorLog.enabled: std::Option<Value<bool>>",
                    "Widget.rules: std::Option<Value<std::Vec<Value<RulesItem>>>>",
                    "Widget.names: std::Option<Value<Rules>>",
                ],
                absent: &[
                    "struct FieldToMatchSame",
                    "struct CConfig",
                    "struct Config2",
                ],
                texts: &[
                    "The inline object type of `FieldToMatch.SingleHeader` (a different type is named `SingleHeader`).",
                    "The inline object type of `Widget.ErrorLog` (a different type is named `ErrorLog`).",
                ],
            },
        },
        Row {
            name: "two attributes that give one method name: the dotted one spells its path",
            schema: json!({
                "properties": {
                    "Name": string,
                    "EndpointPort": string,
                    "New": string,
                    "Type": {"type": "integer"},
                },
                "readOnlyProperties": ["/properties/EndpointPort", "/properties/New", "/properties/Type"],
            }),
            legacy: Some(json!({
                "Attributes": {
                    "Endpoint.Port": {"PrimitiveType": "String"},
                    "Type": {"PrimitiveType": "Integer"},
                },
                "Properties": {
                    "Name": {"PrimitiveType": "String", "Required": false, "UpdateType": "Mutable"},
                },
            })),
            expect: Expect::Items {
                present: &[
                    "WidgetAttributes::endpoint_port() -> Value<std::String>",
                    "WidgetAttributes::endpoint_dot_port() -> Value<std::String>",
                    "WidgetAttributes::new_attribute() -> Value<std::String>",
                    "WidgetAttributes::r#type() -> Value<i64>",
                ],
                absent: &["WidgetAttributes::endpoint_port_2() -> Value<std::String>"],
                texts: &[
                    "Named `endpoint_dot_port` because `endpoint_port` is the method of the attribute `EndpointPort`.",
                    "\"Endpoint.Port\"",
                ],
            },
        },
    ]
}

/// Generates `row` from a temporary spec folder: the files, or the error's text.
fn generate(row: &Row) -> Result<BTreeMap<String, String>, String> {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path();
    std::fs::create_dir_all(spec.join("schemas")).unwrap();
    let mut schema = row.schema.clone();
    schema["typeName"] = json!("Test::Names::Widget");
    std::fs::write(
        spec.join("schemas/test-names-widget.json"),
        serde_json::to_string_pretty(&schema).unwrap(),
    )
    .unwrap();
    if let Some(legacy) = &row.legacy {
        std::fs::create_dir_all(spec.join("cfnspec")).unwrap();
        let file = json!({
            "ResourceSpecificationVersion": "1.0.0",
            "PropertyTypes": {},
            "ResourceTypes": {"Test::Names::Widget": legacy},
        });
        std::fs::write(
            spec.join("cfnspec/specification.json"),
            serde_json::to_string_pretty(&file).unwrap(),
        )
        .unwrap();
    }
    cfn_codegen::generate(spec)
        .map(|g| g.files)
        .map_err(|e| e.to_string())
}

/// A type as the facts write it.
fn ty(tokens: impl ToTokens) -> String {
    // Without spaces, and without the trailing comma of generic arguments split over lines.
    let text = tokens
        .to_token_stream()
        .to_string()
        .replace(' ', "")
        .replace(",>", ">");
    [
        ("::std::option::Option", "std::Option"),
        ("::std::string::String", "std::String"),
        ("::std::vec::Vec", "std::Vec"),
        ("::std::boxed::Box", "std::Box"),
        ("::std::collections::BTreeMap", "std::BTreeMap"),
        ("crate::Value", "Value"),
        ("crate::Json", "Json"),
    ]
    .iter()
    .fold(text, |text, (long, short)| text.replace(long, short))
}

/// The facts of one parsed file's top-level items.
fn facts(file: &syn::File, out: &mut BTreeSet<String>) {
    for item in &file.items {
        match item {
            syn::Item::Struct(s) => {
                let name = &s.ident;
                out.insert(format!("struct {name}"));
                for (i, field) in s.fields.iter().enumerate() {
                    let field_name = field
                        .ident
                        .as_ref()
                        .map_or(i.to_string(), ToString::to_string);
                    out.insert(format!("{name}.{field_name}: {}", ty(&field.ty)));
                }
            }
            syn::Item::Enum(e) => {
                out.insert(format!("enum {}", e.ident));
            }
            syn::Item::Type(t) => {
                out.insert(format!("type {} = {}", t.ident, ty(&t.ty)));
            }
            syn::Item::Impl(imp) if imp.trait_.is_none() => {
                let owner = ty(&imp.self_ty);
                for member in &imp.items {
                    let syn::ImplItem::Fn(f) = member else {
                        continue;
                    };
                    let only_self = f.sig.inputs.len() == 1
                        && matches!(f.sig.inputs.first(), Some(syn::FnArg::Receiver(_)));
                    if let (true, syn::ReturnType::Type(_, ret)) = (only_self, &f.sig.output) {
                        out.insert(format!("{owner}::{}() -> {}", f.sig.ident, ty(ret)));
                    }
                }
            }
            _ => {}
        }
    }
}

#[test]
fn registry_naming_and_typing_edge_cases() {
    let mut failures = Vec::new();
    for row in rows() {
        let name = row.name;
        let result = generate(&row);
        match (&row.expect, result) {
            (Expect::Error(expected), Err(message)) => {
                if !message.contains(expected) {
                    failures.push(format!("{name}: error `{message}`, expected `{expected}`"));
                }
            }
            (Expect::Error(expected), Ok(_)) => {
                failures.push(format!(
                    "{name}: generated, expected the error `{expected}`"
                ));
            }
            (Expect::Items { .. }, Err(message)) => {
                failures.push(format!("{name}: generation failed: {message}"));
            }
            (
                Expect::Items {
                    present,
                    absent,
                    texts,
                },
                Ok(files),
            ) => {
                let before = failures.len();
                if generate(&row).as_ref() != Ok(&files) {
                    failures.push(format!("{name}: a second generation differs"));
                }
                let mut found = BTreeSet::new();
                for (path, text) in &files {
                    match syn::parse_file(text) {
                        Ok(file) => facts(&file, &mut found),
                        Err(e) => failures.push(format!("{name}: {path} does not parse: {e}")),
                    }
                }
                for fact in *present {
                    if !found.contains(*fact) {
                        failures.push(format!("{name}: missing `{fact}`"));
                    }
                }
                for fact in *absent {
                    if found.contains(*fact) {
                        failures.push(format!("{name}: unexpected `{fact}`"));
                    }
                }
                let all: String = files.values().map(String::as_str).collect();
                for text in *texts {
                    if !all.contains(text) {
                        failures.push(format!("{name}: no generated file contains `{text}`"));
                    }
                }
                if failures.len() > before {
                    let list: Vec<&str> = found.iter().map(String::as_str).collect();
                    failures.push(format!(
                        "{name}: the facts found were\n  {}",
                        list.join("\n  ")
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The facts read the generated code as the rows mean them: a fact of each kind is found in a
/// known snippet, so a row cannot pass because nothing was read.
#[test]
fn facts_are_read_from_code() {
    let file = syn::parse_file(
        "pub struct A { pub b: ::std::option::Option<crate::Value<::std::string::String>> }
         pub struct N(::std::vec::Vec<crate::Value<N>>);
         pub type T = ::std::collections::BTreeMap<::std::string::String, crate::Value<crate::Json>>;
         pub enum E { X }
         impl AAttributes { pub fn r#type(&self) -> crate::Value<i64> { todo!() } pub fn new(x: u8) -> u8 { x } }",
    )
    .unwrap();
    let mut found = BTreeSet::new();
    facts(&file, &mut found);
    let expected: BTreeSet<String> = [
        "struct A",
        "A.b: std::Option<Value<std::String>>",
        "struct N",
        "N.0: std::Vec<Value<N>>",
        "type T = std::BTreeMap<std::String,Value<Json>>",
        "enum E",
        "AAttributes::r#type() -> Value<i64>",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    assert_eq!(found, expected);
}
