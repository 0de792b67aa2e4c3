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
    /// The documentation's prose, through the hand-written overlay (`spec/overlay/`).
    Documentation,
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

/// A documented rule (from the hand-written overlay, `spec/overlay/`): on resources of one type,
/// at one place, when its conditions certainly hold, one property must pass its checks.
#[derive(Debug)]
pub struct Rule {
    /// The rule id findings carry (`protocol`, `requires`, ...).
    pub id: &'static str,
    /// The resource type.
    pub resource: &'static str,
    /// The path from the resource's `Properties` to the object holding the property; `*` is
    /// every entry of a map or list. Empty for the resource's own properties.
    pub object: &'static [&'static str],
    /// The property checked.
    pub property: &'static str,
    /// Conditions that must all certainly hold; a condition that cannot be decided (an
    /// intrinsic, an Api outside the template) keeps the rule silent.
    pub when: &'static [Condition],
    /// The check is skipped when one of these certainly holds (another rule reports that case).
    pub unless: &'static [Condition],
    /// What must hold.
    pub checks: &'static [Check],
    /// How bad a violation is.
    pub severity: crate::validate::Severity,
    /// What is wrong, after the property's name.
    pub message: &'static str,
    /// The sentence of the documentation it comes from.
    pub cite: &'static str,
    /// The page that sentence is on.
    pub url: Option<&'static str>,
}

/// A condition of a [`Rule`].
#[derive(Debug)]
pub enum Condition {
    /// A property's literal value is (or, with `negate`, is not) one of `values`.
    Value {
        /// Follow this property of the resource (a `Ref` or `Fn::GetAtt` to a resource of the
        /// template) and read `property` of the resource it names.
        via: Option<&'static str>,
        /// Read the resource's own properties rather than the object's.
        resource_scope: bool,
        /// The property.
        property: &'static str,
        /// The values.
        values: &'static [&'static str],
        /// `not in` rather than `in`.
        negate: bool,
        /// The value CloudFormation uses when the property is absent.
        default: Option<&'static str>,
    },
    /// A property is written (or, with `negate`, is not).
    Present {
        /// Read the resource's own properties rather than the object's.
        resource_scope: bool,
        /// The property.
        property: &'static str,
        /// `absent` rather than `present`.
        negate: bool,
    },
}

/// A check of a [`Rule`]. Value checks judge literals only.
#[derive(Debug)]
pub enum Check {
    /// The property must not be written.
    Absent,
    /// The property must be written.
    Present,
    /// The value is one of these.
    Values(&'static [&'static str]),
    /// Bounds of a number.
    Range(Option<f64>, Option<f64>),
    /// Bounds of a list's item count.
    Items(Option<u64>, Option<u64>),
    /// The string, or each string of a list, has this format.
    Format(&'static Format),
    /// Each key of the map has this format.
    KeyFormat(&'static Format),
    /// Each string value of the map has this format.
    ValueFormat(&'static Format),
}

/// A documented format: a regular expression (searched, anchored where it says so) and what
/// it means.
#[derive(Debug)]
pub struct Format {
    /// The format's name (`http-route-key`).
    pub name: &'static str,
    /// The pattern (`regex-lite` syntax).
    pub pattern: &'static str,
    /// What the format is, for messages.
    pub description: &'static str,
}
