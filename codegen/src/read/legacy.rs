//! Reader for the legacy CloudFormation Resource Specification (`specification.json`) and its
//! documentation companion (`cfn-docs.json`).
//!
//! The structs use `deny_unknown_fields`, so an upstream format change fails loudly with the JSON
//! path of the unknown key rather than being silently ignored.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Result, pointer};
use crate::model::{Primitive, Shape, UpdateType};

/// The legacy specification (or a slice of it).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "PascalCase")]
pub struct LegacySpec {
    /// Spec version, e.g. `117.0.0`.
    pub resource_specification_version: String,
    /// `AWS::Service::Resource` → resource.
    #[serde(default)]
    pub resource_types: BTreeMap<String, LegacyResource>,
    /// `AWS::Service::Resource.Type` → property type.
    #[serde(default)]
    pub property_types: BTreeMap<String, LegacyPropertyType>,
    /// Present in full upstream files; unused.
    #[serde(default)]
    pub fingerprint: Option<String>,
}

/// A legacy resource type.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "PascalCase")]
pub struct LegacyResource {
    /// Documentation URL.
    pub documentation: Option<String>,
    /// Properties.
    #[serde(default)]
    pub properties: BTreeMap<String, LegacyProperty>,
    /// `Fn::GetAtt` attributes.
    #[serde(default)]
    pub attributes: BTreeMap<String, LegacyAttribute>,
    /// Whether arbitrary extra properties are allowed (a few resources).
    pub additional_properties: Option<bool>,
    /// The CDK's review annotation for IAM-sensitive resources (`ResourcePolicyResource`, ...).
    /// Accepted and not used: it says nothing about what a template may contain.
    pub scrutiny_type: Option<String>,
}

/// A legacy property type.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "PascalCase")]
pub struct LegacyPropertyType {
    /// Documentation URL.
    pub documentation: Option<String>,
    /// Properties.
    #[serde(default)]
    pub properties: BTreeMap<String, LegacyProperty>,
    /// Property types that are themselves a primitive or a list (rare).
    #[serde(flatten)]
    pub shape: LegacyShape,
    /// Written on a few such alias types, copied from the property that uses them. Accepted and
    /// not used: a type is not required or updated, the property that names it is (and states
    /// it itself).
    pub required: Option<bool>,
    /// See `required`.
    pub update_type: Option<String>,
}

/// One legacy property.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "PascalCase")]
pub struct LegacyProperty {
    /// Documentation URL.
    pub documentation: Option<String>,
    /// Required.
    #[serde(default)]
    pub required: bool,
    /// `Mutable`, `Immutable` or `Conditional`.
    pub update_type: Option<String>,
    /// Lists only: whether duplicates are allowed.
    pub duplicates_allowed: Option<bool>,
    /// The CDK's review annotation for IAM-sensitive properties (`InlineIdentityPolicies`,
    /// ...). Accepted and not used: it says nothing about what a template may contain.
    pub scrutiny_type: Option<String>,
    /// The type.
    #[serde(flatten)]
    pub shape: LegacyShape,
}

/// The four type keys of a legacy property.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LegacyShape {
    /// A primitive type name.
    pub primitive_type: Option<String>,
    /// `List`, `Map` or a property type name.
    #[serde(rename = "Type")]
    pub ty: Option<String>,
    /// Item primitive type for lists and maps.
    pub primitive_item_type: Option<String>,
    /// Item property type for lists and maps.
    pub item_type: Option<String>,
}

/// A legacy attribute.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "PascalCase")]
pub struct LegacyAttribute {
    /// The type.
    #[serde(flatten)]
    pub shape: LegacyShape,
}

/// `cfn-docs.json`: documentation text per type.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "PascalCase")]
pub struct DocsFile {
    /// `AWS::Service::Resource[.Type]` → docs.
    pub types: BTreeMap<String, TypeDocs>,
}

/// Documentation of one resource or property type.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypeDocs {
    /// The type's description.
    pub description: Option<String>,
    /// Property name → text.
    #[serde(default)]
    pub properties: BTreeMap<String, String>,
    /// Attribute name (and `Ref`) → text.
    #[serde(default)]
    pub attributes: BTreeMap<String, String>,
}

/// Reads a JSON file into `T`, reporting the JSON path of a shape error.
pub fn read_json<T: serde::de::DeserializeOwned>(path: &Path, display: &Path) -> Result<T> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(display, &e))?;
    let de = &mut serde_json::Deserializer::from_str(&text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let at = path_to_pointer(e.path());
        let inner = e.into_inner();
        if inner.is_syntax() || inner.is_eof() {
            Error::json(display, &inner)
        } else {
            Error::new(display, at, inner.to_string())
        }
    })
}

/// serde_path_to_error's path as an RFC 6901 JSON Pointer.
fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    path.iter()
        .fold(String::new(), |at, segment| match segment {
            Segment::Seq { index } => format!("{at}/{index}"),
            Segment::Map { key } => pointer(&at, key),
            Segment::Enum { variant } => pointer(&at, variant),
            Segment::Unknown => format!("{at}/?"),
        })
}

/// Converts a legacy primitive type name.
pub fn primitive(name: &str) -> Option<Shape> {
    Some(match name {
        "String" => Shape::Primitive(Primitive::String),
        "Integer" => Shape::Primitive(Primitive::Integer),
        "Long" => Shape::Primitive(Primitive::Long),
        "Double" => Shape::Primitive(Primitive::Double),
        "Boolean" => Shape::Primitive(Primitive::Boolean),
        "Timestamp" => Shape::Primitive(Primitive::Timestamp),
        "Json" => Shape::Json,
        _ => return None,
    })
}

impl LegacyShape {
    /// Converts to a [`Shape`]; `at` locates errors. Property-type names are returned as
    /// `Named` without checking that they exist (the caller checks).
    pub fn to_shape(&self, file: &Path, at: &str) -> Result<Shape> {
        let prim = |name: &str, key: &str| {
            primitive(name).ok_or_else(|| {
                Error::new(
                    file,
                    format!("{at}/{key}"),
                    format!("unknown primitive type `{name}`"),
                )
            })
        };
        let item = || -> Result<Shape> {
            match (&self.primitive_item_type, &self.item_type) {
                (Some(p), _) => prim(p, "PrimitiveItemType"),
                (None, Some(t)) => Ok(Shape::Named(t.clone())),
                (None, None) => Err(Error::new(
                    file,
                    at,
                    "a List or Map needs `PrimitiveItemType` or `ItemType`",
                )),
            }
        };
        match (&self.primitive_type, self.ty.as_deref()) {
            (Some(p), None) => prim(p, "PrimitiveType"),
            (None, Some("List")) => Ok(Shape::List(Box::new(item()?))),
            (None, Some("Map")) => Ok(Shape::Map(Box::new(item()?))),
            (None, Some(named)) => Ok(Shape::Named(named.to_owned())),
            (Some(_), Some(_)) => Err(Error::new(
                file,
                at,
                "both `PrimitiveType` and `Type` are set",
            )),
            (None, None) => Err(Error::new(
                file,
                at,
                "neither `PrimitiveType` nor `Type` is set",
            )),
        }
    }
}

/// Converts a legacy `UpdateType`.
pub fn update_type(value: Option<&str>, file: &Path, at: &str) -> Result<UpdateType> {
    match value {
        None => Ok(UpdateType::Unknown),
        Some("Mutable") => Ok(UpdateType::Mutable),
        Some("Immutable") => Ok(UpdateType::Immutable),
        Some("Conditional") => Ok(UpdateType::Conditional),
        Some(other) => Err(Error::new(
            file,
            format!("{at}/UpdateType"),
            format!("unknown UpdateType `{other}`"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An alias property type may carry the `Required` and `UpdateType` of the property that
    /// uses it (eleven upstream do); any other unknown key still fails.
    #[test]
    fn an_alias_type_may_state_required_and_update_type() {
        let alias: LegacyPropertyType = serde_json::from_str(
            r#"{"Documentation": "u", "ItemType": "Tag", "Type": "List", "Required": false,
                "UpdateType": "Mutable"}"#,
        )
        .unwrap();
        assert_eq!(alias.shape.item_type.as_deref(), Some("Tag"));
        let unknown = serde_json::from_str::<LegacyPropertyType>(r#"{"Requires": false}"#);
        assert!(unknown.is_err());
    }
}
