//! Generated per-resource tables: what each property is and which constraints apply, as the
//! generator read them from the spec. The validator walks templates with these tables; typed
//! values go through the same tables, so the rules exist once.

pub use super::links::{ApiLinks, Implicit, Link, LinkCheck};

/// The setters of a generated row that quotes its documentation: `message`, `cite`, `url`
/// (shared by [`Rule`] and [`Link`]).
macro_rules! cited_setters {
    () => {
        /// What is wrong, after the property's name.
        pub const fn message(mut self, message: &'static str) -> Self {
            self.message = message;
            self
        }

        /// The sentence it comes from.
        pub const fn cite(mut self, cite: &'static str) -> Self {
            self.cite = cite;
            self
        }

        /// The page that sentence is on.
        pub const fn url(mut self, url: &'static str) -> Self {
            self.url = Some(url);
            self
        }
    };
}
pub(super) use cited_setters;

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
    /// The resource type's page of the AWS documentation, where the spec names one.
    pub docs: Option<&'static str>,
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
    /// What kind of string its value (each item of a list) must be, where the spec says: what
    /// a reference, parameter or function gives it is checked against it.
    pub expects: Option<Expects>,
    /// The property's entry in the AWS documentation, where the spec names one.
    pub docs: Option<&'static str>,
}

/// What kind of string a property needs (from its relationships, pattern, allowed values and
/// name; see the generator's `enrich::kinds`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expects {
    /// An ARN.
    Arn,
    /// An identifier.
    Id,
    /// A name.
    Name,
    /// A URL.
    Url,
    /// Any string but a number: its pattern or allowed values admit no number.
    NotNumber,
    /// A value built around a reference (`integrations/{IntegrationId}`): a bare `Ref` or
    /// `Fn::GetAtt` cannot be it.
    Composed,
    /// An ARN or a URL (a field that takes more than its targets, which give ARNs).
    ArnOrUrl,
    /// The id of the resources its relationships name (their `Ref` gives an id): a name does
    /// not fit, unlike a field that is an id only by its name.
    TargetId,
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

impl Source {
    /// How findings and docs name it (`registry schema`, `API model`, ...).
    pub const fn label(self) -> &'static str {
        match self {
            Source::Registry => "registry schema",
            Source::ApiModel => "API model",
            Source::Legacy => "legacy resource specification",
            Source::ServiceSpec => "CDK service database",
            Source::Documentation => "documentation",
        }
    }
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

/// Constructors that keep the generated property tables one short row each (`const`, so the
/// tables stay `static` data): `PropertySchema::optional("Name", Shape::String)`, then only what
/// differs from an optional, updatable, current property without constraints or references.
impl PropertySchema {
    /// A required property of this shape.
    pub const fn required(name: &'static str, shape: Shape) -> Self {
        PropertySchema {
            name,
            required: true,
            shape,
            constraints: &[],
            update: Update::Mutable,
            deprecated: false,
            relationships: &[],
            expects: None,
            docs: None,
        }
    }

    /// An optional property of this shape.
    pub const fn optional(name: &'static str, shape: Shape) -> Self {
        PropertySchema {
            required: false,
            ..Self::required(name, shape)
        }
    }

    /// With these constraints.
    pub const fn constraints(mut self, constraints: &'static [Constraint]) -> Self {
        self.constraints = constraints;
        self
    }

    /// With this update behaviour (rather than [`Update::Mutable`]).
    pub const fn update(mut self, update: Update) -> Self {
        self.update = update;
        self
    }

    /// Only an older source still lists it.
    pub const fn deprecated(mut self) -> Self {
        self.deprecated = true;
        self
    }

    /// Takes the `Ref`/`GetAtt` of these `(type, property or attribute)`.
    pub const fn refers_to(
        mut self,
        relationships: &'static [(&'static str, &'static str)],
    ) -> Self {
        self.relationships = relationships;
        self
    }

    /// Its value must be this kind of string.
    pub const fn expects(mut self, expects: Expects) -> Self {
        self.expects = Some(expects);
        self
    }

    /// Documented at this URL.
    pub const fn docs(mut self, url: &'static str) -> Self {
        self.docs = Some(url);
        self
    }
}

/// Constructors of the generated constraint rows, the source last:
/// `Constraint::length(1, 1024, Source::ApiModel)`.
impl Constraint {
    /// Any kind of constraint.
    pub const fn new(kind: ConstraintKind, source: Source) -> Self {
        Constraint { kind, source }
    }

    /// The value is one of `values`.
    pub const fn allowed_values(values: &'static [&'static str], source: Source) -> Self {
        Self::new(ConstraintKind::AllowedValues(values), source)
    }

    /// The string matches `pattern`.
    pub const fn pattern(pattern: &'static str, source: Source) -> Self {
        Self::new(ConstraintKind::Pattern(pattern), source)
    }

    /// A map's keys match `pattern`.
    pub const fn key_pattern(pattern: &'static str, source: Source) -> Self {
        Self::new(ConstraintKind::KeyPattern(pattern), source)
    }

    /// A string of `min` to `max` characters.
    pub const fn length(min: u64, max: u64, source: Source) -> Self {
        Self::new(ConstraintKind::Length(Some(min), Some(max)), source)
    }

    /// A string of at least `min` characters.
    pub const fn min_length(min: u64, source: Source) -> Self {
        Self::new(ConstraintKind::Length(Some(min), None), source)
    }

    /// A string of at most `max` characters.
    pub const fn max_length(max: u64, source: Source) -> Self {
        Self::new(ConstraintKind::Length(None, Some(max)), source)
    }

    /// A number from `min` to `max`.
    pub const fn range(min: f64, max: f64, source: Source) -> Self {
        Self::new(ConstraintKind::Range(Some(min), Some(max)), source)
    }

    /// A number of at least `min`.
    pub const fn min(min: f64, source: Source) -> Self {
        Self::new(ConstraintKind::Range(Some(min), None), source)
    }

    /// A number of at most `max`.
    pub const fn max(max: f64, source: Source) -> Self {
        Self::new(ConstraintKind::Range(None, Some(max)), source)
    }

    /// A list of `min` to `max` items.
    pub const fn items(min: u64, max: u64, source: Source) -> Self {
        Self::new(ConstraintKind::Items(Some(min), Some(max)), source)
    }

    /// A list of at least `min` items.
    pub const fn min_items(min: u64, source: Source) -> Self {
        Self::new(ConstraintKind::Items(Some(min), None), source)
    }

    /// A list of at most `max` items.
    pub const fn max_items(max: u64, source: Source) -> Self {
        Self::new(ConstraintKind::Items(None, Some(max)), source)
    }

    /// A list whose items are unique.
    pub const fn unique_items(source: Source) -> Self {
        Self::new(ConstraintKind::UniqueItems, source)
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
    pub severity: super::severity::Severity,
    /// What is wrong, after the property's name.
    pub message: &'static str,
    /// The sentence of the documentation it comes from.
    pub cite: &'static str,
    /// The page that sentence is on.
    pub url: Option<&'static str>,
}

/// A rule that deployed public templates break at one place (the overlay's `evidence`): its
/// findings there are warnings, citing the templates.
#[derive(Debug)]
pub struct Evidence {
    /// The rule id.
    pub rule: &'static str,
    /// The resource type.
    pub resource: &'static str,
    /// The path from the resource's `Properties` to the object holding the property (`*`:
    /// every entry of a map or list).
    pub object: &'static [&'static str],
    /// The property.
    pub property: &'static str,
    /// The values the templates use: only findings on these values are warnings (empty:
    /// every value).
    pub values: &'static [&'static str],
    /// The deployed templates that break the rule (under `tests/evidence/templates/`).
    pub templates: &'static [&'static str],
    /// What they show.
    pub why: &'static str,
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

/// Constructors that keep the generated rule tables one short row each (`const`, so the tables
/// stay `static` data).
impl Rule {
    /// A rule `id` on `property` of the object at `object` in resources of type `resource`,
    /// with no condition, no check, an error severity and no message yet.
    pub const fn new(
        id: &'static str,
        resource: &'static str,
        object: &'static [&'static str],
        property: &'static str,
    ) -> Self {
        Rule {
            id,
            resource,
            object,
            property,
            when: &[],
            unless: &[],
            checks: &[],
            severity: super::severity::Severity::Error,
            message: "",
            cite: "",
            url: None,
        }
    }

    /// With these conditions, all of which must certainly hold.
    pub const fn when(mut self, when: &'static [Condition]) -> Self {
        self.when = when;
        self
    }

    /// Skipped when one of these certainly holds.
    pub const fn unless(mut self, unless: &'static [Condition]) -> Self {
        self.unless = unless;
        self
    }

    /// With these checks.
    pub const fn checks(mut self, checks: &'static [Check]) -> Self {
        self.checks = checks;
        self
    }

    /// A warning rather than an error.
    pub const fn warning(mut self) -> Self {
        self.severity = super::severity::Severity::Warning;
        self
    }

    cited_setters!();
}

impl Condition {
    /// The object's `property` is one of `values`.
    pub const fn is(property: &'static str, values: &'static [&'static str]) -> Self {
        Condition::Value {
            via: None,
            resource_scope: false,
            property,
            values,
            negate: false,
            default: None,
        }
    }

    /// The object's `property` is none of `values`.
    pub const fn is_not(property: &'static str, values: &'static [&'static str]) -> Self {
        Condition::Value {
            via: None,
            resource_scope: false,
            property,
            values,
            negate: true,
            default: None,
        }
    }

    /// `property` of the resource that the resource's `via` names is one of `values`.
    pub const fn via(
        via: &'static str,
        property: &'static str,
        values: &'static [&'static str],
    ) -> Self {
        Condition::Value {
            via: Some(via),
            resource_scope: false,
            property,
            values,
            negate: false,
            default: None,
        }
    }

    /// `property` is written (`negate`: is not).
    pub const fn present(property: &'static str, negate: bool) -> Self {
        Condition::Present {
            resource_scope: false,
            property,
            negate,
        }
    }

    /// Reads the resource's own properties rather than the object's.
    pub const fn on_resource(mut self) -> Self {
        match &mut self {
            Condition::Value { resource_scope, .. } | Condition::Present { resource_scope, .. } => {
                *resource_scope = true;
            }
        }
        self
    }

    /// The opposite test: `not in` for a value, `absent` for a presence.
    pub const fn negated(mut self) -> Self {
        match &mut self {
            Condition::Value { negate, .. } | Condition::Present { negate, .. } => {
                *negate = !*negate;
            }
        }
        self
    }

    /// With the value CloudFormation uses when the property is absent.
    pub const fn or_default(mut self, value: &'static str) -> Self {
        if let Condition::Value { default, .. } = &mut self {
            *default = Some(value);
        }
        self
    }
}
