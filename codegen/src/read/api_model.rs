//! Reader for a service's API model (botocore `service-2.json`): operations and shapes, used to
//! attach enums and ranges to CloudFormation properties by name (see [`crate::enrich::api_match`]).

use std::collections::BTreeMap;

use serde::Deserialize;

/// The parts of an API model the generator uses. Unknown keys (documentation, endpoints,
/// error shapes, ...) are ignored: the model is large and only these parts are read.
#[derive(Debug, Clone, Deserialize)]
pub struct ApiModel {
    /// Operations by name (`CreateIntegration`).
    pub operations: BTreeMap<String, Operation>,
    /// Shapes by name.
    pub shapes: BTreeMap<String, ApiShape>,
}

/// An operation.
#[derive(Debug, Clone, Deserialize)]
pub struct Operation {
    /// Its input shape.
    pub input: Option<ShapeRef>,
}

/// A reference to a shape.
#[derive(Debug, Clone, Deserialize)]
pub struct ShapeRef {
    /// The shape's name.
    pub shape: String,
}

/// A shape: a structure, list, map or scalar.
#[derive(Debug, Clone, Deserialize)]
pub struct ApiShape {
    /// `structure`, `list`, `map`, `string`, `integer`, `long`, `double`, `boolean`, ...
    #[serde(rename = "type")]
    pub ty: String,
    /// Structure members.
    #[serde(default)]
    pub members: BTreeMap<String, ShapeRef>,
    /// List element.
    pub member: Option<ShapeRef>,
    /// Map value.
    pub value: Option<ShapeRef>,
    /// Closed value set of a string.
    #[serde(rename = "enum", default)]
    pub enum_values: Vec<String>,
    /// Minimum (value, length or item count, by type).
    pub min: Option<f64>,
    /// Maximum (value, length or item count, by type).
    pub max: Option<f64>,
    /// Regular expression of a string.
    pub pattern: Option<String>,
}
