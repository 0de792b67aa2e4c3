//! The one model (IR) between the spec readers and the emitters.
//!
//! Every reader produces facts about resources; [`crate::merge`] folds them into a [`Service`];
//! every emitter consumes only this model. Maps are `BTreeMap`s, so iteration order, and with it
//! the generated code, is deterministic by construction.
//!
//! Names here are always the CloudFormation names (`JWTConfiguration`, `ApiId`); Rust names are
//! derived by [`crate::naming`] at emission time, where collisions are detected.

use std::collections::{BTreeMap, BTreeSet};

mod pattern;
mod rules;
pub use pattern::{PatternCheck, for_validator};
pub use rules::*;

/// All resources of one CloudFormation service namespace (e.g. `AWS::ApiGatewayV2`).
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    /// The namespace, e.g. `AWS::ApiGatewayV2`.
    pub namespace: String,
    /// Resources by short name (`Integration`).
    pub resources: BTreeMap<String, Resource>,
    /// The input files the service was read from, for the generated header.
    pub inputs: Vec<InputFile>,
    /// Closed value sets of string properties, by enum name (see [`crate::enrich::enums`]).
    pub enums: BTreeMap<String, EnumType>,
    /// Resource types outside the namespace that its relationships name, by type name
    /// (`AWS::Lambda::Function`): generated as small typed handles, kept verbatim in templates.
    pub referenced: BTreeMap<String, ReferencedResource>,
    /// Documented rules from the overlay (see [`crate::enrich::overlay`]).
    pub rules: RuleSet,
}

/// A resource type outside the service that a relationship names: what a typed handle of it
/// needs (no properties: templates keep such resources verbatim).
#[derive(Debug, Clone, PartialEq)]
pub struct ReferencedResource {
    /// Full type name, `AWS::Lambda::Function`.
    pub type_name: String,
    /// Documentation.
    pub docs: Docs,
    /// What `Ref` returns, as property names.
    pub ref_identifier: Vec<String>,
    /// `Fn::GetAtt` attributes by name.
    pub attributes: BTreeMap<String, Attribute>,
}

/// A closed set of string values, generated as a Rust enum with a catch-all variant.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumType {
    /// The enum's name (`IntegrationType`).
    pub name: String,
    /// The allowed values, in the source's order.
    pub values: Vec<String>,
    /// Where the value set comes from, for docs (`API model shape IntegrationType`).
    pub origin: String,
    /// The properties that use it (`Integration.IntegrationType`).
    pub used_by: Vec<String>,
}

/// One input file, as named in the generated files' header.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct InputFile {
    /// Path relative to the spec directory.
    pub file: String,
    /// `package@version`, when the provenance manifest says so.
    pub origin: Option<String>,
}

/// A CloudFormation resource type.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    /// Full type name, `AWS::ApiGatewayV2::Integration`.
    pub type_name: String,
    /// Short name, `Integration`.
    pub name: String,
    /// Documentation.
    pub docs: Docs,
    /// Settable properties by CloudFormation name.
    pub properties: BTreeMap<String, Property>,
    /// `Fn::GetAtt` attributes by name.
    pub attributes: BTreeMap<String, Attribute>,
    /// Property types (structs and aliases) by CloudFormation name.
    pub property_types: BTreeMap<String, PropertyType>,
    /// The primary identifier, as property names.
    pub primary_identifier: Vec<String>,
    /// Set when the resource is only known to a legacy source.
    pub deprecated: Option<String>,
    /// The input file that defined the resource (for error messages and headers).
    pub file: String,
}

/// A named property type of a resource: a struct, or an alias for another shape.
#[derive(Debug, Clone, PartialEq)]
pub struct PropertyType {
    /// CloudFormation name (`TlsConfig`).
    pub name: String,
    /// Documentation.
    pub docs: Docs,
    /// What the type is.
    pub kind: PropertyTypeKind,
    /// Set when no current source has the type any more.
    pub deprecated: Option<String>,
}

/// The two kinds of property type.
#[derive(Debug, Clone, PartialEq)]
pub enum PropertyTypeKind {
    /// An object with named properties.
    Struct {
        /// Properties by CloudFormation name.
        properties: BTreeMap<String, Property>,
    },
    /// A name for another shape (the registry's `"type": "array"` definitions).
    Alias(Shape),
}

/// One property of a resource or of a property type.
#[derive(Debug, Clone, PartialEq)]
pub struct Property {
    /// CloudFormation name (`ApiId`).
    pub name: String,
    /// Documentation.
    pub docs: Docs,
    /// Its type.
    pub shape: Shape,
    /// Whether CloudFormation requires it.
    pub required: bool,
    /// What an update of this property does.
    pub update: UpdateType,
    /// Why the property is deprecated, if it is.
    pub deprecated: Option<String>,
    /// Constraints from the registry schema (validated by a later layer; shown in docs now).
    pub constraints: Constraints,
    /// Resources this property refers to (from the service database).
    pub relationships: Vec<Relationship>,
    /// Set when the relationships list only some of the resource types the property accepts
    /// (from the overlay): where that is stated (`url: "quote"`).
    pub open_references: Option<Vec<String>>,
    /// Which sources stated the property.
    pub sources: BTreeSet<Source>,
    /// The service enum holding its value set, for a string with a closed value set.
    pub enum_type: Option<String>,
    /// What kind of string its value (each item of a list) must be, where the spec says
    /// ([`crate::enrich::kinds`]): what a reference or function gives it is checked against it.
    pub expects: Option<Expects>,
    /// The shape the validator checks where the spec's own shape says less: a `Json` value the
    /// API model types as a map of strings ([`crate::enrich::api_match`]). The Rust type keeps
    /// `shape`.
    pub checked_as: Option<Shape>,
}

/// What kind of string a property needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Expects {
    /// An ARN.
    Arn,
    /// An identifier.
    Id,
    /// A name.
    Name,
    /// A URL.
    Url,
    /// Any string but a number (its pattern or allowed values admit no number).
    NotNumber,
    /// A value built around a reference (`integrations/{IntegrationId}`): a bare `Ref` or
    /// `Fn::GetAtt` cannot be it.
    Composed,
    /// The id of the resources its relationships name, whose `Ref` gives an id: a name does not
    /// fit (availability-zone names as `SubnetIds`), unlike a field that is an id only by its
    /// name (a security group's `Ref` is its name in a default VPC).
    TargetId,
    /// An ARN or a URL: a field whose relationships give ARNs and that also takes values of
    /// other kinds the overlay names (`IntegrationUri`: a Lambda function's ARN, a listener's
    /// ARN, a URL).
    ArnOrUrl,
}

/// A `Fn::GetAtt` attribute of a resource.
#[derive(Debug, Clone, PartialEq)]
pub struct Attribute {
    /// Attribute name (`ApiEndpoint`, or dotted like `Endpoint.Address` elsewhere).
    pub name: String,
    /// Documentation.
    pub docs: Docs,
    /// Its type.
    pub shape: Shape,
    /// Which sources stated the attribute.
    pub sources: BTreeSet<Source>,
}

/// The type of a property.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Shape {
    /// A scalar.
    Primitive(Primitive),
    /// A list of values.
    List(Box<Shape>),
    /// A map from string keys to values.
    Map(Box<Shape>),
    /// A property type of the same resource, by CloudFormation name.
    Named(String),
    /// Arbitrary JSON.
    Json,
}

/// CloudFormation's primitive types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Primitive {
    /// `String`.
    String,
    /// `Integer`.
    Integer,
    /// `Long`.
    Long,
    /// `Double`.
    Double,
    /// `Boolean`.
    Boolean,
    /// `Timestamp` (ISO 8601 text).
    Timestamp,
}

/// What CloudFormation does when the property changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum UpdateType {
    /// Updated in place.
    Mutable,
    /// The resource is replaced.
    Immutable,
    /// Depends on other properties.
    Conditional,
    /// No source says.
    Unknown,
}

/// Documentation collected for one item.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Docs {
    /// Markdown text, as upstream wrote it.
    pub text: Option<String>,
    /// The AWS documentation page.
    pub url: Option<String>,
}

/// Value constraints on a property, each with the source that states it. All apply together
/// (the merge rule for constraints is the union of what the sources say).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints(pub Vec<Constraint>);

/// One constraint and where it comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct Constraint {
    /// What is constrained.
    pub kind: ConstraintKind,
    /// Which source states it.
    pub source: Source,
    /// The API model shape it came from, if any (names the enum of a closed value set).
    pub shape: Option<String>,
}

impl ConstraintKind {
    /// Why no value could satisfy the constraint, if so: bounds the wrong way round (the
    /// validator would reject every value). Generation stops on these; the registry reader checks
    /// the registry's own. (A pattern the validator cannot check is not unusable: the docs say it
    /// is not checked, see [`for_validator`].)
    pub fn unusable(&self) -> Option<String> {
        fn bounds<T: PartialOrd + std::fmt::Display>(
            what: &str,
            min: &Option<T>,
            max: &Option<T>,
        ) -> Option<String> {
            match (min, max) {
                (Some(a), Some(b)) if a > b => Some(format!(
                    "{what}: minimum {a} is greater than maximum {b}: no value could be valid"
                )),
                _ => None,
            }
        }
        match self {
            ConstraintKind::Length { min, max } => bounds("length", min, max),
            ConstraintKind::Range { min, max } => bounds("range", min, max),
            ConstraintKind::Items { min, max } => bounds("items", min, max),
            ConstraintKind::AllowedValues(_)
            | ConstraintKind::Pattern(_)
            | ConstraintKind::KeyPattern(_)
            | ConstraintKind::UniqueItems => None,
        }
    }
}

/// The kinds of constraint (JSON Schema keywords of the registry schema, and their equivalents
/// in the API model).
#[derive(Debug, Clone, PartialEq)]
pub enum ConstraintKind {
    /// `enum`: the value is one of these.
    AllowedValues(Vec<String>),
    /// `pattern`: the string matches this regular expression.
    Pattern(String),
    /// `minLength` / `maxLength`.
    Length {
        /// Minimum length.
        min: Option<u64>,
        /// Maximum length.
        max: Option<u64>,
    },
    /// `minimum` / `maximum`.
    Range {
        /// Minimum.
        min: Option<f64>,
        /// Maximum.
        max: Option<f64>,
    },
    /// `minItems` / `maxItems`.
    Items {
        /// Minimum item count.
        min: Option<u64>,
        /// Maximum item count.
        max: Option<u64>,
    },
    /// `uniqueItems: true`.
    UniqueItems,
    /// `patternProperties` with one pattern: map keys match it.
    KeyPattern(String),
}

impl Constraints {
    /// The allowed values, if some source closes the value set (the first source that does).
    pub fn allowed_values(&self) -> Option<&[String]> {
        self.0.iter().find_map(|c| match &c.kind {
            ConstraintKind::AllowedValues(v) => Some(v.as_slice()),
            _ => None,
        })
    }
}

/// A reference from a property to another resource (the service database's `relationshipRefs`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Relationship {
    /// Target resource type (`AWS::Lambda::Function`).
    pub target_type: String,
    /// The target's property or attribute whose value is meant (`Arn`).
    pub target_property: String,
    /// How a template obtains that value from the target; `None` until
    /// [`crate::enrich::references::resolve`] has run.
    pub via: Option<Via>,
    /// The documented form around the value, when it is not the bare value (from the overlay).
    pub form: Option<ReferenceForm>,
}

/// How a template obtains the value a relationship wants from the target resource.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Via {
    /// `{"Ref": id}`: the target's `Ref` returns it.
    Ref,
    /// `{"Fn::GetAtt": [id, attribute]}`.
    GetAtt(String),
}

/// A value built around the target's value: `prefix` + value + `suffix`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ReferenceForm {
    /// The form as written, `integrations/{IntegrationId}`.
    pub form: String,
    /// Text before the value.
    pub prefix: String,
    /// Text after the value.
    pub suffix: String,
    /// Where the form is stated (`url: "quote"`).
    pub sources: Vec<String>,
}

/// The inputs a fact can come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    /// The registry resource schemas (authoritative for existence and types).
    Registry,
    /// The legacy CloudFormation resource specification.
    Legacy,
    /// The CDK service database (`@aws-cdk/aws-service-spec`).
    ServiceSpec,
    /// The service's API model (botocore `service-2.json`).
    ApiModel,
    /// The hand-written overlay of documented rules (`spec/overlay/`).
    Overlay,
}

impl Source {
    /// How documentation names the source.
    pub fn label(self) -> &'static str {
        match self {
            Source::Registry => "registry schema",
            Source::Legacy => "legacy resource specification",
            Source::ServiceSpec => "CDK service database",
            Source::ApiModel => "API model",
            Source::Overlay => "documentation",
        }
    }
}

impl Property {
    /// A property as one source first states it: no docs, constraints, relationships or
    /// sources yet (the caller adds what its source says).
    pub fn new(name: &str, shape: Shape, required: bool, update: UpdateType) -> Self {
        Property {
            name: name.to_owned(),
            docs: Docs::default(),
            shape,
            required,
            update,
            deprecated: None,
            constraints: Constraints::default(),
            relationships: Vec::new(),
            open_references: None,
            sources: BTreeSet::new(),
            enum_type: None,
            expects: None,
            checked_as: None,
        }
    }
}

#[cfg(test)]
impl Property {
    /// A string property with these registry constraints, for tests.
    pub(crate) fn test_string(name: &str, required: bool, kinds: Vec<ConstraintKind>) -> Self {
        let mut p = Property::new(
            name,
            Shape::Primitive(Primitive::String),
            required,
            UpdateType::Mutable,
        );
        p.constraints = Constraints(
            kinds
                .into_iter()
                .map(|kind| Constraint {
                    kind,
                    source: Source::Registry,
                    shape: None,
                })
                .collect(),
        );
        p
    }
}

impl Resource {
    /// The struct properties of a named property type, if it is a struct.
    pub fn struct_properties(&self, name: &str) -> Option<&BTreeMap<String, Property>> {
        match &self.property_types.get(name)?.kind {
            PropertyTypeKind::Struct { properties } => Some(properties),
            PropertyTypeKind::Alias(_) => None,
        }
    }
}

impl Shape {
    /// Every property-type name this shape mentions directly or inside lists and maps.
    pub fn named(&self) -> Option<&str> {
        match self {
            Shape::Named(n) => Some(n),
            Shape::List(inner) | Shape::Map(inner) => inner.named(),
            Shape::Primitive(_) | Shape::Json => None,
        }
    }
}
