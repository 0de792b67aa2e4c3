//! Reader for the hand-written overlay (`overlay/*-rules.json`): what only the documentation's
//! prose states, as constraints (unconditional: "Supported values are `1.0` and `2.0`") and
//! rules (conditional: "Supported only for HTTP APIs", "Required for the `JWT` authorizer type").
//!
//! This reader only checks the file's shape; [`crate::enrich::overlay`] resolves its names
//! against the model and checks every citation.

use std::collections::BTreeMap;

use serde::Deserialize;

/// One overlay file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverlayFile {
    /// A note for readers.
    #[serde(rename = "$comment", default)]
    pub comment: Option<String>,
    /// The namespace it applies to (`AWS::ApiGatewayV2`).
    pub service: String,
    /// The rule ids its rules may use, with a one-line description each.
    pub rule_ids: BTreeMap<String, String>,
    /// Named conditions, usable by name in a rule's `when`.
    #[serde(default)]
    pub conditions: BTreeMap<String, OverlayCondition>,
    /// Named formats: a regular expression and what it means.
    #[serde(default)]
    pub formats: BTreeMap<String, OverlayFormat>,
    /// Same-API consistency: what must belong to the resource's own API, and names that must
    /// exist in it.
    #[serde(default)]
    pub same_api: Option<SameApi>,
    /// Unconditional constraints merged into the properties.
    #[serde(default)]
    pub constraints: Vec<OverlayConstraint>,
    /// Conditional rules.
    #[serde(default)]
    pub rules: Vec<OverlayRule>,
    /// Documented statements deliberately not turned into rules, with the reason.
    #[serde(default)]
    pub omitted: Vec<Omitted>,
    /// Rules that deployed public templates break: their findings at these places are
    /// warnings, with the templates cited.
    #[serde(default)]
    pub evidence: Vec<OverlayEvidence>,
}

/// Deployed templates that contradict a rule (`tests/evidence/`): the rule's findings at these
/// places become warnings.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverlayEvidence {
    /// The rule id (`length`, `protocol`: a generated table's or a documented rule's).
    pub rule: String,
    /// Places, as a rule's `on` (`Integration`, `Stage/AccessLogSettings`).
    pub on: Vec<Target>,
    /// The properties at those places.
    pub properties: Vec<String>,
    /// The values the templates use: only findings on these values become warnings (empty:
    /// every value).
    #[serde(default)]
    pub values: Vec<String>,
    /// The deployed templates that break the rule (files under `tests/evidence/templates/`).
    pub templates: Vec<String>,
    /// What the templates show.
    pub why: String,
}

/// Where a rule or constraint applies: `Integration` (a resource's properties) or
/// `ApiGatewayManagedOverrides/Integration`, `Stage/RouteSettings/*` (an object inside them;
/// `*` is every entry of a map or list).
pub type Target = String;

/// A condition of a rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverlayCondition {
    /// Follow this property (`Ref`/`Fn::GetAtt` to a resource of the template) and test the
    /// property of the resource it names.
    #[serde(default)]
    pub via: Option<String>,
    /// `"resource"` to test the resource's own properties rather than the target object's.
    #[serde(default)]
    pub scope: Option<String>,
    /// The property tested by `in`/`not_in`.
    #[serde(default)]
    pub property: Option<String>,
    /// The property's value is one of these.
    #[serde(default, rename = "in")]
    pub is_in: Option<Vec<String>>,
    /// The property's value is none of these.
    #[serde(default)]
    pub not_in: Option<Vec<String>>,
    /// The value CloudFormation uses when the property is absent.
    #[serde(default)]
    pub default: Option<String>,
    /// This property is written.
    #[serde(default)]
    pub present: Option<String>,
    /// This property is not written.
    #[serde(default)]
    pub absent: Option<String>,
}

/// A named format.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverlayFormat {
    /// A `regex-lite` regular expression, searched (anchor it with `^…$` for a whole match).
    pub pattern: String,
    /// What the format is, for messages.
    pub description: String,
}

/// Where a statement comes from.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cite {
    /// The quoted sentence.
    pub text: String,
    /// The page it is quoted from, when it is not in the vendored documentation.
    #[serde(default)]
    pub url: Option<String>,
    /// The vendored documentation that holds it (`Resource`, `Resource.Property` or
    /// `Resource.PropertyType.Property`), when not the property the rule checks.
    #[serde(default)]
    pub doc: Option<String>,
}

/// An unconditional constraint.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverlayConstraint {
    /// Where.
    pub on: Vec<Target>,
    /// Which property.
    pub property: String,
    /// The closed value set.
    #[serde(default)]
    pub allowed_values: Option<Vec<String>>,
    /// Numeric bounds.
    #[serde(default)]
    pub range: Option<(Option<f64>, Option<f64>)>,
    /// Length bounds.
    #[serde(default)]
    pub length: Option<(Option<u64>, Option<u64>)>,
    /// The source.
    pub cite: Cite,
}

/// A condition in a rule: a named one or written out.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum WhenItem {
    /// A name from the file's `conditions`.
    Named(String),
    /// Written out.
    Inline(OverlayCondition),
}

/// A check: `"absent"`, `"present"`, or an object of value checks.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum OverlayCheck {
    /// `"absent"` or `"present"`.
    Presence(String),
    /// Value checks, all applied.
    Values(ValueChecks),
}

/// Checks on a written value (literals only; intrinsics are not judged).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValueChecks {
    /// The value is one of these.
    #[serde(default)]
    pub values: Option<Vec<String>>,
    /// Numeric bounds.
    #[serde(default)]
    pub range: Option<(Option<f64>, Option<f64>)>,
    /// List length bounds.
    #[serde(default)]
    pub items: Option<(Option<u64>, Option<u64>)>,
    /// The string (or each string of a list) has this format.
    #[serde(default)]
    pub format: Option<String>,
    /// Each key of a map has this format.
    #[serde(default)]
    pub key_format: Option<String>,
    /// Each string value of a map has this format.
    #[serde(default)]
    pub value_format: Option<String>,
}

/// A conditional rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverlayRule {
    /// The rule id findings carry (one of the file's `rule_ids`).
    pub id: String,
    /// Where.
    pub on: Vec<Target>,
    /// All must hold (certainly) for the check to run.
    #[serde(default)]
    pub when: Vec<WhenItem>,
    /// The check is skipped when one of these certainly holds (another rule reports that
    /// case: a `JWT` authorizer on a WebSocket API needs no `JwtConfiguration`, it is wrong).
    #[serde(default)]
    pub unless: Vec<WhenItem>,
    /// The properties checked, each on its own.
    pub properties: Vec<String>,
    /// What must hold.
    pub check: OverlayCheck,
    /// `error` (default) or `warning`.
    #[serde(default)]
    pub severity: Option<String>,
    /// What is wrong, after the property name (`is supported only for HTTP APIs`).
    pub message: String,
    /// The source.
    pub cite: Cite,
}

/// A statement not turned into a rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Omitted {
    /// Where it is documented.
    pub doc: String,
    /// The sentence.
    pub text: String,
    /// Why it is not a rule.
    pub why: String,
}

/// The `same_api` section: the resource type that is the API, the property naming it, and the
/// links between resources of one API.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SameApi {
    /// A note for readers.
    #[serde(rename = "$comment", default)]
    pub comment: Option<String>,
    /// The resource that is the API (`Api`).
    pub api: String,
    /// The property of every other resource that names its API (`ApiId`).
    pub api_property: String,
    /// The API's properties that import a definition (routes, models) the template does not
    /// show.
    pub imports: SameApiImports,
    /// Resources the API creates by itself (quick create's route and stage).
    #[serde(default)]
    pub implicit: Vec<Implicit>,
    /// The links checked.
    pub links: Vec<Link>,
}

/// The API's importing properties, with their source.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SameApiImports {
    /// The properties.
    pub properties: Vec<String>,
    /// The source.
    pub cite: Cite,
}

/// A resource the API creates when one of `when` is written: of type `names`, whose `by` is
/// the API's `from` property or else `default`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Implicit {
    /// The resource type created (`Route`).
    pub names: String,
    /// Its naming property (`RouteKey`).
    pub by: String,
    /// The API's properties that make it exist (any of them written).
    pub when: Vec<String>,
    /// The API's property that gives its name, if any.
    #[serde(default)]
    pub from: Option<String>,
    /// Its name otherwise.
    pub default: String,
    /// The source.
    pub cite: Cite,
}

/// One link: a property whose value names something that must be in the resource's API.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// The rule id findings carry (one of the file's `rule_ids`).
    pub id: String,
    /// Where (as in rules).
    pub on: Vec<Target>,
    /// The property.
    pub property: String,
    /// `same_api` (the resource it names belongs to the same API), `exists` (each key or value
    /// names a resource of the API) or `api_has` (the API has one of `properties`).
    pub check: String,
    /// The resource type named (`Integration`); for `same_api` and `exists`.
    #[serde(default)]
    pub names: Option<String>,
    /// The named resource's naming property (`StageName`), when the value is a name rather than
    /// (only) a reference.
    #[serde(default)]
    pub by: Option<String>,
    /// For `exists`: `keys` or `values` of a map.
    #[serde(default, rename = "in")]
    pub within: Option<String>,
    /// For `api_has`: the API's properties, one of which must be written.
    #[serde(default)]
    pub properties: Vec<String>,
    /// `error` (default) or `warning`.
    #[serde(default)]
    pub severity: Option<String>,
    /// What is wrong, after the property name.
    pub message: String,
    /// Why it is a rule (and why its severity), for readers.
    #[serde(default)]
    pub why: Option<String>,
    /// The source.
    pub cite: Cite,
}
