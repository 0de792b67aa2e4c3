//! Cross-property and cross-resource rules: the extension point for rules the tables cannot
//! state alone (the docs' "supported only for HTTP APIs", ranges that depend on the protocol).
//!
//! A rule sees one resource at a time with its context ([`ResourceContext`]: its properties,
//! the template, and the protocol of the Api it belongs to when that is certain) and pushes
//! [`Finding`]s. The generator is meant to emit overlay rules as data (a table of
//! [`Rule`] implementations, e.g. a `static` of a table-row type implementing [`Rule`]) and
//! list them in [`RULES`]; validation runs them all over every resource. Rules must stay silent
//! when their premise is unsure (an intrinsic value, an Api the template does not define).

use super::{Finding, Pointer, Segment, Severity};
use crate::{Node, Span};

/// One resource as a rule sees it.
#[derive(Debug, Clone, Copy)]
pub struct ResourceContext<'a> {
    /// The whole template.
    pub template: &'a Node,
    /// The resource's logical id.
    pub logical_id: &'a str,
    /// Its `Type`.
    pub type_name: &'a str,
    /// Its `Properties` (an empty mapping's worth: `None` when absent).
    pub properties: Option<&'a Node>,
}

impl<'a> ResourceContext<'a> {
    /// A property's value, if written.
    pub fn property(&self, name: &str) -> Option<&'a Node> {
        self.properties?.get(name)
    }

    /// The literal `ProtocolType` (`HTTP`/`WEBSOCKET`) of the Api this resource's `ApiId`
    /// names, when `ApiId` is a `Ref` to an `AWS::ApiGatewayV2::Api` of the template whose
    /// `ProtocolType` is a literal. `None` whenever that is not certain.
    pub fn api_protocol(&self) -> Option<&'a str> {
        let api_id = self.property("ApiId")?.get("Ref")?.as_str()?;
        let api = self.template.get("Resources")?.get(api_id)?;
        if api.get("Type")?.as_str()? != "AWS::ApiGatewayV2::Api" {
            return None;
        }
        api.get("Properties")?.get("ProtocolType")?.as_str()
    }

    /// A finding about this resource's property `property` (at `span`).
    pub fn finding(
        &self,
        property: &str,
        span: Option<Span>,
        rule: &'static str,
        severity: Severity,
        message: String,
    ) -> Finding {
        let mut path = Pointer::new(&["Resources", self.logical_id, "Properties"]);
        path.push(Segment::Key(property));
        Finding {
            path: path.render(),
            span,
            rule,
            severity,
            message,
        }
    }
}

/// A rule over one resource.
pub trait Rule: Sync {
    /// The stable rule id its findings carry.
    fn id(&self) -> &'static str;
    /// The resource types it applies to (`AWS::ApiGatewayV2::Integration`, ...).
    fn applies_to(&self, type_name: &str) -> bool;
    /// Checks one resource, pushing findings.
    fn check(&self, resource: &ResourceContext<'_>, findings: &mut Vec<Finding>);
}

/// The registered rules. Empty until the overlay tables are generated; add table-driven rules
/// here (and their ids to [`super::RULES`]).
pub static RULES: &[&dyn Rule] = &[];

/// Runs every registered rule over every resource of `template`.
pub(crate) fn check(template: &Node, findings: &mut Vec<Finding>) {
    if RULES.is_empty() {
        return;
    }
    let resources = template.get("Resources").and_then(Node::as_mapping);
    for (logical_id, resource) in resources.unwrap_or_default() {
        let Some(type_name) = resource.get("Type").and_then(Node::as_str) else {
            continue;
        };
        let context = ResourceContext {
            template,
            logical_id,
            type_name,
            properties: resource.get("Properties"),
        };
        for rule in RULES.iter().filter(|r| r.applies_to(type_name)) {
            rule.check(&context, findings);
        }
    }
}
