//! The documented rules of a service in the model: the overlay's rules, formats, same-API links
//! and evidence, resolved against the resources (part of the one model, [`super`]).

use std::collections::BTreeMap;

/// The overlay's rules of a service, resolved against its resources.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RuleSet {
    /// The overlay file (for headers and errors).
    pub file: Option<String>,
    /// Rule ids with their descriptions.
    pub ids: BTreeMap<String, String>,
    /// Named formats.
    pub formats: BTreeMap<String, Format>,
    /// One rule per checked property and place.
    pub rules: Vec<Rule>,
    /// Same-API consistency, when the overlay has it.
    pub same_api: Option<SameApiSet>,
    /// Places where deployed templates contradict a rule: its findings there are warnings.
    pub evidence: Vec<Evidence>,
}

/// A rule that deployed public templates break at one place, resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    /// The rule id.
    pub rule: String,
    /// The full resource type name.
    pub type_name: String,
    /// The path from the resource's properties to the object (`*`: every entry).
    pub object: Vec<String>,
    /// The property.
    pub property: String,
    /// The values the templates use (empty: every value).
    pub values: Vec<String>,
    /// The deployed templates that break the rule.
    pub templates: Vec<String>,
    /// What they show.
    pub why: String,
}

/// The overlay's same-API section, resolved: full type names, one link per place.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SameApiSet {
    /// The API's resource type (`AWS::ApiGatewayV2::Api`).
    pub api_type: String,
    /// The property naming a resource's API (`ApiId`).
    pub api_property: String,
    /// The API's properties that import what the template does not show.
    pub imports: Vec<String>,
    /// Resources the API creates by itself.
    pub implicit: Vec<ImplicitResource>,
    /// One link per place and property.
    pub links: Vec<Link>,
}

/// A resource an API creates when one of `when` is written.
#[derive(Debug, Clone, PartialEq)]
pub struct ImplicitResource {
    /// Its type (`AWS::ApiGatewayV2::Route`).
    pub type_name: String,
    /// Its naming property.
    pub by: String,
    /// The API's properties that make it exist.
    pub when: Vec<String>,
    /// The API's property that gives its name.
    pub from: Option<String>,
    /// Its name otherwise.
    pub default: String,
}

/// One same-API link on one property at one place.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// The rule id findings carry.
    pub id: String,
    /// The resource type.
    pub type_name: String,
    /// The path from the resource's properties to the object holding the property.
    pub object: Vec<String>,
    /// The property.
    pub property: String,
    /// What must hold.
    pub check: LinkCheck,
    /// Whether a violation is an error or a warning.
    pub warning: bool,
    /// What is wrong, after the property name.
    pub message: String,
    /// The quoted sentence.
    pub cite: String,
    /// The page it is quoted from.
    pub url: Option<String>,
}

/// What a [`Link`] checks.
#[derive(Debug, Clone, PartialEq)]
pub enum LinkCheck {
    /// The value names a resource of `target` (by reference, or by its `by` property) that
    /// belongs to the same API.
    SameApi {
        /// Full type name.
        target: String,
        /// Naming property.
        by: Option<String>,
    },
    /// Each key (or value) names a resource of `target` of the API, by its `by` property.
    Exists {
        /// Full type name.
        target: String,
        /// Naming property.
        by: String,
        /// Keys rather than values.
        keys: bool,
    },
    /// The API has one of these properties.
    ApiHas(Vec<String>),
}

/// A named format: a regular expression and what it means.
#[derive(Debug, Clone, PartialEq)]
pub struct Format {
    /// The name (`http-route-key`).
    pub name: String,
    /// A `regex-lite` pattern, searched.
    pub pattern: String,
    /// What it is, for messages.
    pub description: String,
}

/// A documented rule on one property at one place.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// The rule id findings carry.
    pub id: String,
    /// The resource type (`AWS::ApiGatewayV2::Integration`).
    pub type_name: String,
    /// The path from the resource's properties to the object holding the property (`*`: every
    /// entry of a map or list); empty for the resource's own properties.
    pub object: Vec<String>,
    /// The property checked.
    pub property: String,
    /// All must certainly hold for the check to run.
    pub when: Vec<Condition>,
    /// The check is skipped when one of these certainly holds.
    pub unless: Vec<Condition>,
    /// What must hold.
    pub checks: Vec<Check>,
    /// Whether a violation is an error or a warning.
    pub warning: bool,
    /// What is wrong, after the property name.
    pub message: String,
    /// The quoted sentence.
    pub cite: String,
    /// The page it is quoted from (the property's AWS page when the sentence is vendored).
    pub url: Option<String>,
}

/// A condition of a [`Rule`].
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    /// A property's literal value is (or, negated, is not) one of `values`.
    Value {
        /// Follow this property of the resource to another resource (`ApiId`), if set.
        via: Option<String>,
        /// Read the resource's own properties rather than the object's.
        resource_scope: bool,
        /// The property.
        property: String,
        /// The values.
        values: Vec<String>,
        /// `not_in` rather than `in`.
        negate: bool,
        /// The value when the property is absent.
        default: Option<String>,
    },
    /// A property is written (or, negated, is not).
    Present {
        /// Read the resource's own properties rather than the object's.
        resource_scope: bool,
        /// The property.
        property: String,
        /// `absent` rather than `present`.
        negate: bool,
    },
}

/// A check of a [`Rule`].
#[derive(Debug, Clone, PartialEq)]
pub enum Check {
    /// The property must not be written.
    Absent,
    /// The property must be written.
    Present,
    /// The literal value is one of these.
    Values(Vec<String>),
    /// Numeric bounds.
    Range(Option<f64>, Option<f64>),
    /// List length bounds.
    Items(Option<u64>, Option<u64>),
    /// The string (or each string of a list) has this format (a key of [`RuleSet::formats`]).
    Format(String),
    /// Each key of the map has this format.
    KeyFormat(String),
    /// Each string value of the map has this format.
    ValueFormat(String),
}
