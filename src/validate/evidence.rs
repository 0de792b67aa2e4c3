//! Severities backed by evidence: where deployed public templates break a rule (the overlay's
//! `evidence`, [`crate::schema::Evidence`]), its error findings at that place are warnings that
//! cite the templates. An error means CloudFormation or API Gateway refuses the template; a
//! template that deploys shows the rule is too strict there.

use super::{Finding, Severity};
use crate::Node;
use crate::schema::Evidence;

/// Turns the error findings that evidence contradicts into warnings.
pub(crate) fn apply(template: &Node, findings: &mut [Finding]) {
    let rows = || {
        crate::DOCUMENTED_EVIDENCE
            .iter()
            .flat_map(|rows| rows.iter())
    };
    for finding in findings
        .iter_mut()
        .filter(|f| f.severity == Severity::Error)
    {
        let Some(row) =
            rows().find(|row| row.rule == finding.rule && at(template, &finding.path, row))
        else {
            continue;
        };
        finding.severity = Severity::Warning;
        let cited = row
            .templates
            .iter()
            .map(|t| format!("`{t}`"))
            .collect::<Vec<_>>()
            .join(", ");
        finding.message = format!(
            "{} (a warning, not an error: deployed templates break this rule: {cited}; {})",
            finding.message, row.why
        );
        // The cite stays; what the evidence shows joins its note.
        if let Some(source) = &mut finding.source {
            source.note = format!("{} (evidence: {})", source.note, row.why).into();
        }
    }
}

/// Whether `path` (a JSON pointer) is at or under `row`'s property of a resource of its type.
fn at(template: &Node, path: &str, row: &Evidence) -> bool {
    let mut segments = path
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"));
    let (Some(section), Some(id), Some(properties)) =
        (segments.next(), segments.next(), segments.next())
    else {
        return false;
    };
    if section != "Resources" || properties != "Properties" {
        return false;
    }
    let resource = template.get("Resources").and_then(|r| r.get(&id));
    if resource.and_then(|r| r.get("Type")).and_then(Node::as_str) != Some(row.resource) {
        return false;
    }
    let mut node = resource.and_then(|r| r.get("Properties"));
    for expected in row.object.iter().chain([&row.property]) {
        match segments.next() {
            Some(segment) if *expected == "*" || segment == *expected => {
                node = node.and_then(|n| match n.as_sequence() {
                    Some(items) => items.get(segment.parse::<usize>().ok()?),
                    None => n.get(&segment),
                });
            }
            _ => return false,
        }
    }
    row.values.is_empty()
        || node
            .and_then(Node::scalar_text)
            .is_some_and(|text| row.values.contains(&text))
}
