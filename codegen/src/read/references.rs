//! Reader for the hand-written overlay of reference forms (`overlay/references.json`): the value a
//! relationship field takes when it is not the target's bare identifier, which only prose states
//! (a route's `Target` is `integrations/{IntegrationId}`), and the fields whose relationships do
//! not list every resource type they accept. Every entry cites its sources.

use serde::Deserialize;

/// The file `overlay/references.json`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ReferencesOverlay {
    /// What the file is (free text).
    pub about: String,
    /// The forms, one per relationship.
    pub reference_forms: Vec<ReferenceFormEntry>,
    /// Fields whose relationships list only some of the resource types they accept.
    #[serde(default)]
    pub open_references: Vec<OpenReference>,
}

/// A field that accepts more than its relationships' targets (a URL, another service's ARN).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpenReference {
    /// The resource type (`AWS::ApiGatewayV2::Integration`).
    pub resource: String,
    /// The property (`IntegrationUri`).
    pub property: String,
    /// Where that is stated.
    pub sources: Vec<Citation>,
}

/// The form of one relationship's value.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferenceFormEntry {
    /// The resource type of the field (`AWS::ApiGatewayV2::Route`).
    pub resource: String,
    /// The property (`Target`).
    pub property: String,
    /// The relationship's target type (`AWS::ApiGatewayV2::Integration`).
    pub target: String,
    /// The value with the target's property in braces (`integrations/{IntegrationId}`).
    pub form: String,
    /// Where the form is stated.
    pub sources: Vec<Citation>,
}

/// A source: the page and the sentence quoted from it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    /// The page.
    pub url: String,
    /// The sentence, quoted exactly.
    pub quote: String,
}
