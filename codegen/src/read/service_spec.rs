//! Reader for the slice of the CDK service database (`@aws-cdk/aws-service-spec`, `db.json.gz`):
//! the newest documentation text and the relationships between resources.
//!
//! The database carries many annotations this generator does not use, so unknown keys are
//! tolerated on entities; the type grammar is closed, so an unknown type kind is an error.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Result, pointer};
use crate::model::{Primitive, Relationship, Shape};

/// The slice file: resources of one service and the type definitions they use.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ServiceSpec {
    /// Resource entities.
    pub resources: Vec<SsResource>,
    /// Type definition entities.
    pub type_definitions: Vec<SsTypeDefinition>,
    /// Resource types outside the service that its relationships name (cut down by
    /// `update-spec` to what references need).
    #[serde(default)]
    pub referenced_resources: Vec<SsReferenced>,
}

/// A resource type outside the service that a relationship names.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SsReferenced {
    /// `AWS::Lambda::Function`.
    pub cloud_formation_type: String,
    /// `Function`.
    pub name: String,
    /// Markdown documentation.
    pub documentation: Option<String>,
    /// The primary identifier, as property names.
    #[serde(default)]
    pub primary_identifier: Vec<String>,
    /// What `Ref` returns, when it is not the primary identifier.
    pub cfn_ref_identifier: Option<Vec<String>>,
    /// Attributes.
    #[serde(default)]
    pub attributes: BTreeMap<String, SsProperty>,
}

/// A resource entity.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SsResource {
    /// `AWS::ApiGatewayV2::Integration`.
    pub cloud_formation_type: String,
    /// Markdown documentation.
    pub documentation: Option<String>,
    /// Properties.
    #[serde(default)]
    pub properties: BTreeMap<String, SsProperty>,
    /// Attributes.
    #[serde(default)]
    pub attributes: BTreeMap<String, SsProperty>,
    /// What `Ref` returns, when it is not the primary identifier.
    pub cfn_ref_identifier: Option<Vec<String>>,
}

/// A type definition entity (a property type).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SsTypeDefinition {
    /// Database id, the target of `{"$ref": id}`.
    #[serde(rename = "$id")]
    pub id: String,
    /// CloudFormation name of the type.
    pub name: String,
    /// Markdown documentation.
    pub documentation: Option<String>,
    /// Properties.
    #[serde(default)]
    pub properties: BTreeMap<String, SsProperty>,
}

/// A property or attribute.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SsProperty {
    /// The type.
    #[serde(rename = "type")]
    pub ty: SsType,
    /// Markdown documentation.
    pub documentation: Option<String>,
    /// Required.
    #[serde(default)]
    pub required: bool,
    /// References to other resources.
    #[serde(default)]
    pub relationship_refs: Vec<SsRelationship>,
}

/// A relationship reference.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SsRelationship {
    /// Target type.
    pub cloud_formation_type: String,
    /// Target property.
    pub property_name: String,
}

/// The database's type grammar.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum SsType {
    /// string
    String,
    /// integer
    Integer,
    /// number
    Number,
    /// boolean
    Boolean,
    /// json
    Json,
    /// date-time
    DateTime,
    /// null
    Null,
    /// A standard tag `{Key, Value}`.
    Tag,
    /// array of `element`
    Array {
        /// Element type.
        element: Box<SsType>,
    },
    /// map of `element`
    Map {
        /// Element type.
        element: Box<SsType>,
    },
    /// reference to a type definition
    Ref {
        /// `{"$ref": id}`.
        reference: SsRef,
    },
    /// one of several types
    Union {
        /// The alternatives.
        types: Vec<SsType>,
    },
}

/// `{"$ref": "123"}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SsRef {
    /// Target id.
    #[serde(rename = "$ref")]
    pub id: String,
}

impl ServiceSpec {
    /// Type definition names by id.
    pub fn names_by_id(&self) -> BTreeMap<&str, &str> {
        self.type_definitions
            .iter()
            .map(|t| (t.id.as_str(), t.name.as_str()))
            .collect()
    }

    /// Ids of the type definitions a resource uses, transitively.
    pub fn types_of(&self, resource: &SsResource) -> Vec<&SsTypeDefinition> {
        let by_id: BTreeMap<&str, &SsTypeDefinition> = self
            .type_definitions
            .iter()
            .map(|t| (t.id.as_str(), t))
            .collect();
        let mut seen = std::collections::BTreeSet::new();
        let mut stack: Vec<&SsType> = resource.properties.values().map(|p| &p.ty).collect();
        while let Some(ty) = stack.pop() {
            match ty {
                SsType::Array { element } | SsType::Map { element } => stack.push(element),
                SsType::Union { types } => stack.extend(types),
                SsType::Ref { reference } => {
                    if seen.insert(reference.id.as_str())
                        && let Some(def) = by_id.get(reference.id.as_str())
                    {
                        stack.extend(def.properties.values().map(|p| &p.ty));
                    }
                }
                _ => {}
            }
        }
        seen.into_iter()
            .filter_map(|id| by_id.get(id).copied())
            .collect()
    }
}

impl SsType {
    /// Converts to a [`Shape`]; `$ref` ids are resolved through `names`.
    pub fn to_shape(&self, names: &BTreeMap<&str, &str>, file: &Path, at: &str) -> Result<Shape> {
        Ok(match self {
            SsType::String => Shape::Primitive(Primitive::String),
            SsType::Integer => Shape::Primitive(Primitive::Integer),
            SsType::Number => Shape::Primitive(Primitive::Double),
            SsType::Boolean => Shape::Primitive(Primitive::Boolean),
            SsType::DateTime => Shape::Primitive(Primitive::Timestamp),
            SsType::Json | SsType::Null | SsType::Tag | SsType::Union { .. } => Shape::Json,
            SsType::Array { element } => Shape::List(Box::new(element.to_shape(names, file, at)?)),
            SsType::Map { element } => Shape::Map(Box::new(element.to_shape(names, file, at)?)),
            SsType::Ref { reference } => match names.get(reference.id.as_str()) {
                Some(name) => Shape::Named((*name).to_owned()),
                None => {
                    return Err(Error::new(
                        file,
                        pointer(at, "type"),
                        format!(
                            "reference to type definition `{}`, which the file does not contain",
                            reference.id
                        ),
                    ));
                }
            },
        })
    }
}

impl SsProperty {
    /// The relationships in model form.
    pub fn relationships(&self) -> Vec<Relationship> {
        self.relationship_refs
            .iter()
            .map(|r| Relationship {
                target_type: r.cloud_formation_type.clone(),
                target_property: r.property_name.clone(),
                via: None,
                form: None,
            })
            .collect()
    }
}
