//! Generated per-resource tables: what each property is and which constraints apply, as the
//! generator read them from the spec. The validator walks templates with these tables; typed
//! values go through the same tables, so the rules exist once.

/// A resource type's table.
#[derive(Debug)]
pub struct ResourceSchema {
    /// `AWS::ApiGatewayV2::Integration`.
    pub type_name: &'static str,
    /// The settable properties, sorted by name.
    pub properties: &'static [PropertySchema],
    /// The attributes `Fn::GetAtt` accepts.
    pub attributes: &'static [&'static str],
    /// The properties that make up the primary identifier.
    pub primary_identifier: &'static [&'static str],
}

/// One property of a resource or of a property type.
#[derive(Debug)]
pub struct PropertySchema {
    /// The CloudFormation name.
    pub name: &'static str,
    /// Whether CloudFormation requires it.
    pub required: bool,
    /// Its type.
    pub shape: Shape,
    /// Constraints on its value, each with its source.
    pub constraints: &'static [Constraint],
    /// What an update does.
    pub update: Update,
    /// Whether only an older source still lists it.
    pub deprecated: bool,
    /// Resource types whose `Ref`/`GetAtt` it takes: `(type, property or attribute)`.
    pub relationships: &'static [(&'static str, &'static str)],
}

/// A property's type.
#[derive(Debug)]
pub enum Shape {
    /// Text.
    String,
    /// A 32-bit integer.
    Integer,
    /// A 64-bit integer.
    Long,
    /// A floating-point number.
    Double,
    /// `true` or `false`.
    Boolean,
    /// An ISO 8601 timestamp.
    Timestamp,
    /// Any JSON.
    Json,
    /// A list of values of one shape.
    List(&'static Shape),
    /// A map from strings to values of one shape.
    Map(&'static Shape),
    /// An object with the given properties (a property type).
    Object(&'static str, &'static [PropertySchema]),
}

/// A constraint and where it comes from.
#[derive(Debug)]
pub struct Constraint {
    /// What is constrained.
    pub kind: ConstraintKind,
    /// The source that states it.
    pub source: Source,
}

/// The kinds of constraint.
#[derive(Debug)]
pub enum ConstraintKind {
    /// The value is one of these.
    AllowedValues(&'static [&'static str]),
    /// The string matches this regular expression.
    Pattern(&'static str),
    /// Length bounds of a string.
    Length(Option<u64>, Option<u64>),
    /// Bounds of a number.
    Range(Option<f64>, Option<f64>),
    /// Bounds of a list's item count.
    Items(Option<u64>, Option<u64>),
    /// A list's items are unique.
    UniqueItems,
    /// A map's keys match this regular expression.
    KeyPattern(&'static str),
}

/// Where a constraint comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The CloudFormation registry schema.
    Registry,
    /// The service's API model.
    ApiModel,
    /// The legacy resource specification.
    Legacy,
    /// The CDK service database.
    ServiceSpec,
}

/// What CloudFormation does when a property changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Update {
    /// Updated in place.
    Mutable,
    /// The resource is replaced.
    Immutable,
    /// Depends on the change.
    Conditional,
    /// Not stated.
    Unknown,
}

impl ResourceSchema {
    /// A property by CloudFormation name.
    pub fn property(&self, name: &str) -> Option<&'static PropertySchema> {
        let properties: &'static [PropertySchema] = self.properties;
        properties
            .binary_search_by(|p| p.name.cmp(name))
            .ok()
            .map(|i| &properties[i])
    }
}
