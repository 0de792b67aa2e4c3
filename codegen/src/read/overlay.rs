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
    /// Unconditional constraints merged into the properties.
    #[serde(default)]
    pub constraints: Vec<OverlayConstraint>,
    /// Conditional rules.
    #[serde(default)]
    pub rules: Vec<OverlayRule>,
    /// Documented statements deliberately not turned into rules, with the reason.
    #[serde(default)]
    pub omitted: Vec<Omitted>,
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
