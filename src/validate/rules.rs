//! The documented rules: what only the documentation's prose states ("Supported only for HTTP
//! APIs", "Required for the `JWT` authorizer type", TimeoutInMillis 50–29,000 for WebSocket
//! APIs, the format of route keys, ...).
//!
//! The rules are data ([`crate::schema::Rule`] rows generated from the hand-written overlay in
//! `spec/overlay/`, each with the sentence it comes from); this module is the one engine that
//! evaluates them over the parsed tree. A rule runs only when every condition certainly holds:
//! a condition on an intrinsic value, on a property written with `Fn::If`, or on an Api the
//! template does not define (or whose `ProtocolType` is not a literal) keeps it silent. Value
//! checks judge literals only (both branches of an `Fn::If`).

use std::cell::Cell;
use std::sync::OnceLock;

use super::index::Index;
use super::schema::Fast;
use super::{Finding, Pointer, Segment};
use crate::schema::{Check, Condition, Format, Rule};
use crate::{Node, NodeKind};

/// Every documented rule of every generated service.
pub fn all() -> impl Iterator<Item = &'static Rule> {
    crate::DOCUMENTED_RULES
        .iter()
        .flat_map(|rules| rules.iter())
}

/// The documented rules of one resource type (an index built on first use).
fn rules_for(type_name: &str) -> &'static [&'static Rule] {
    static INDEX: OnceLock<Fast<&'static str, Vec<&'static Rule>>> = OnceLock::new();
    let index = INDEX.get_or_init(|| {
        let mut index: Fast<&'static str, Vec<&'static Rule>> = Fast::default();
        for rule in all() {
            index.entry(rule.resource).or_default().push(rule);
        }
        index
    });
    index.get(type_name).map_or(&[], Vec::as_slice)
}

/// Runs every documented rule over every resource of `template`.
pub(crate) fn check<'a>(template: &'a Node, index: &'a Index<'a>, findings: &mut Vec<Finding>) {
    let resources = template
        .get("Resources")
        .and_then(Node::as_mapping)
        .unwrap_or_default();
    for (logical_id, resource) in resources {
        let Some(type_name) = resource.get("Type").and_then(Node::as_str) else {
            continue;
        };
        let Some(properties) = resource.get("Properties") else {
            // Rules about missing properties are the `required` family's business when there
            // are no properties at all.
            continue;
        };
        let rules = rules_for(type_name);
        if rules.is_empty() {
            continue;
        }
        let context = Context {
            index,
            properties,
            via_memo: Cell::new(None),
        };
        let start = findings.len();
        let mut path = Pointer::new(&["Resources", logical_id, "Properties"]);
        for rule in rules {
            context.objects(rule, properties, rule.object, &mut path, findings);
        }
        // Two rules may say the same thing at one path (an HTTP-only property on a WebSocket
        // API that its integration type rules out as well): keep the first.
        let mut seen = std::collections::HashSet::new();
        let mut i = start;
        while i < findings.len() {
            if seen.insert((findings[i].path.clone(), findings[i].rule)) {
                i += 1;
            } else {
                findings.remove(i);
            }
        }
    }
    // The rules between resources of one API, from the same overlay.
    super::same_api::check(template, index, findings);
}

struct Context<'a> {
    index: &'a Index<'a>,
    properties: &'a Node,
    /// The last `via` followed from this resource and where it led (rules of one resource ask
    /// the same question: the `ApiId`'s Api): `(via, (target, its properties))`.
    via_memo: Cell<Option<ViaMemo<'a>>>,
}

/// A `via` property and the resource it names, with that resource's properties.
type ViaMemo<'a> = (&'static str, Option<(&'a str, &'a Node)>);

/// A condition's outcome: true, false, or not certain.
type Certain = Option<bool>;

impl<'a> Context<'a> {
    /// Walks `rest` of the rule's object path from `node`, then checks each object reached.
    fn objects(
        &self,
        rule: &'static Rule,
        node: &'a Node,
        rest: &'static [&'static str],
        path: &mut Pointer<'a>,
        findings: &mut Vec<Finding>,
    ) {
        if node.intrinsic_name().is_some() {
            return;
        }
        let Some((first, rest)) = rest.split_first() else {
            if node.as_mapping().is_some() {
                self.check_object(rule, node, path, findings);
            }
            return;
        };
        match (*first, &node.kind) {
            ("*", NodeKind::Mapping(entries)) => {
                for (key, value) in entries {
                    path.push(Segment::Key(key));
                    self.objects(rule, value, rest, path, findings);
                    path.pop();
                }
            }
            ("*", NodeKind::Sequence(items)) => {
                for (i, item) in items.iter().enumerate() {
                    path.push(Segment::Index(i));
                    self.objects(rule, item, rest, path, findings);
                    path.pop();
                }
            }
            (key, NodeKind::Mapping(entries)) => {
                if let Some((key, value)) = entries.iter().find(|(k, _)| k == key) {
                    path.push(Segment::Key(key));
                    self.objects(rule, value, rest, path, findings);
                    path.pop();
                }
            }
            _ => {}
        }
    }

    fn check_object(
        &self,
        rule: &'static Rule,
        object: &'a Node,
        path: &mut Pointer<'a>,
        findings: &mut Vec<Finding>,
    ) {
        let value = object.get(rule.property);
        // Only `present` judges an absent property: the others need a value, so their
        // conditions are not worth working out without one.
        if value.is_none() && !rule.checks.iter().any(|c| matches!(c, Check::Present)) {
            return;
        }
        for condition in rule.when {
            match self.condition(condition, object, None) {
                Some(true) => {}
                Some(false) | None => return,
            }
        }
        for condition in rule.unless {
            if self.condition(condition, object, None) == Some(true) {
                return;
            }
        }
        // Why the rule applies, for messages: only worked out when there is a finding.
        let because = || {
            let mut because = Vec::new();
            for condition in rule.when {
                self.condition(condition, object, Some(&mut because));
            }
            if because.is_empty() {
                String::new()
            } else {
                format!(" ({})", because.join("; "))
            }
        };
        let mut report = |at: &Pointer<'_>, node: Option<&Node>, detail: String| {
            let because = because();
            findings.push(Finding {
                path: at.render(),
                span: node.and_then(|n| n.span).or(object.span),
                rule: rule.id,
                severity: rule.severity,
                message: if rule.message.starts_with(|c: char| c.is_ascii_lowercase()) {
                    format!("`{}` {}{detail}{because}", rule.property, rule.message)
                } else {
                    format!("{}{detail}{because}", rule.message)
                },
                help: None,
                source: super::Cite::documentation(rule.cite, rule.url),
            });
        };
        path.push(Segment::Key(rule.property));
        for check in rule.checks {
            match (check, value) {
                (Check::Present, None) => report(path, None, String::new()),
                (Check::Absent, Some(v)) if presence(v) == Some(true) => {
                    report(path, Some(v), String::new())
                }
                (Check::Values(allowed), Some(v)) => {
                    for (literal, text) in scalars(v) {
                        if !allowed.contains(&text) {
                            let allowed: Vec<String> =
                                allowed.iter().map(|a| format!("`{a}`")).collect();
                            let detail =
                                format!(": found `{text}`, allowed: {}", allowed.join(", "));
                            report(path, Some(literal), detail);
                        }
                    }
                }
                (Check::Range(min, max), Some(v)) => {
                    for (literal, text) in scalars(v) {
                        let Ok(n) = text.trim().parse::<f64>() else {
                            continue;
                        };
                        if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) {
                            report(path, Some(literal), format!(": found {text}"));
                        }
                    }
                }
                (Check::Items(min, max), Some(v)) => {
                    if let Some(items) = v.as_sequence() {
                        let n = items.len() as u64;
                        if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) {
                            report(path, Some(v), format!(": found {n} items"));
                        }
                    }
                }
                (Check::Format(format), Some(v)) => {
                    let items = match v.as_sequence() {
                        Some(items) => items
                            .iter()
                            .enumerate()
                            .map(|(i, n)| (Some(i), n))
                            .collect(),
                        None => vec![(None, v)],
                    };
                    for (index, item) in items {
                        for (literal, text) in scalars(item) {
                            if !matches(format, text) {
                                if let Some(i) = index {
                                    path.push(Segment::Index(i));
                                }
                                report(path, Some(literal), found(format, text));
                                if index.is_some() {
                                    path.pop();
                                }
                            }
                        }
                    }
                }
                (Check::KeyFormat(format), Some(v)) if v.intrinsic_name().is_none() => {
                    for (key, entry) in v.as_mapping().unwrap_or_default() {
                        if !matches(format, key) {
                            path.push(Segment::Key(key));
                            let detail = format!(": key `{key}` is not {}", format.description);
                            report(path, Some(entry), detail);
                            path.pop();
                        }
                    }
                }
                (Check::ValueFormat(format), Some(v)) if v.intrinsic_name().is_none() => {
                    for (key, entry) in v.as_mapping().unwrap_or_default() {
                        for (literal, text) in scalars(entry) {
                            if !matches(format, text) {
                                path.push(Segment::Key(key));
                                report(path, Some(literal), found(format, text));
                                path.pop();
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        path.pop();
    }

    /// Whether `condition` holds for `object`, noting why in `because` when it does.
    /// The resource `via` (a property of `scope`, the resource's own properties) names with
    /// `Ref`/`Fn::GetAtt`, and that resource's properties.
    fn follow(&self, scope: &'a Node, via: &'static str) -> Option<(&'a str, &'a Node)> {
        if let Some((last, led)) = self.via_memo.get()
            && last == via
        {
            return led;
        }
        let led = (|| {
            let target = reference_target(scope.get(via)?)?;
            Some((target, self.index.resources.get(target)?.properties?))
        })();
        self.via_memo.set(Some((via, led)));
        led
    }

    fn condition(
        &self,
        condition: &Condition,
        object: &'a Node,
        because: Option<&mut Vec<String>>,
    ) -> Certain {
        match *condition {
            Condition::Value {
                via,
                resource_scope,
                property,
                values,
                negate,
                default,
            } => {
                let scope = if resource_scope || via.is_some() {
                    self.properties
                } else {
                    object
                };
                let (holder, node) = match via {
                    Some(via) => {
                        let (target, properties) = self.follow(scope, via)?;
                        (Some((via, target)), properties.get(property))
                    }
                    None => (None, scope.get(property)),
                };
                let text = match node {
                    Some(node) => node.scalar_text()?,
                    None => default?,
                };
                let holds = values.contains(&text) != negate;
                if let (true, Some(because)) = (holds, because) {
                    because.push(match holder {
                        Some((via, target)) => {
                            format!("`{via}` names `{target}`, whose `{property}` is `{text}`")
                        }
                        None if node.is_none() => format!("`{property}` defaults to `{text}`"),
                        None => format!("`{property}` is `{text}`"),
                    });
                }
                Some(holds)
            }
            Condition::Present {
                resource_scope,
                property,
                negate,
            } => {
                let scope = if resource_scope {
                    self.properties
                } else {
                    object
                };
                let present = match scope.get(property) {
                    None => false,
                    Some(node) => presence(node)?,
                };
                let holds = present != negate;
                if let (true, true, Some(because)) = (holds, present, because) {
                    because.push(format!("`{property}` is set"));
                }
                Some(holds)
            }
        }
    }
}

/// Whether a written value certainly makes the property present: `Ref AWS::NoValue` removes
/// it, and an `Fn::If` with such a branch may.
pub(super) fn presence(node: &Node) -> Certain {
    if node.get("Ref").and_then(Node::as_str) == Some("AWS::NoValue") {
        return Some(false);
    }
    if node.intrinsic_name() == Some("Fn::If") {
        let branches = node.get("Fn::If")?.as_sequence()?;
        let mut outcome = Some(true);
        for branch in branches.iter().skip(1) {
            if presence(branch) != Some(true) {
                outcome = None;
            }
        }
        return outcome;
    }
    Some(true)
}

/// The name a `Ref` or `Fn::GetAtt` names.
fn reference_target(node: &Node) -> Option<&str> {
    if let Some(name) = node.get("Ref") {
        return name.as_str();
    }
    super::index::get_att_args(node.get("Fn::GetAtt")?).map(|(name, _)| name)
}

/// The literal scalars a value may take: itself, or the branches of an `Fn::If` (recursively);
/// intrinsics and `AWS::NoValue` give none.
fn scalars(node: &Node) -> Vec<(&Node, &str)> {
    if node.intrinsic_name() == Some("Fn::If") {
        return node
            .get("Fn::If")
            .and_then(Node::as_sequence)
            .map(|branches| branches.iter().skip(1).flat_map(scalars).collect())
            .unwrap_or_default();
    }
    node.scalar_text()
        .map(|t| vec![(node, t)])
        .unwrap_or_default()
}

fn matches(format: &Format, text: &str) -> bool {
    // A pattern that does not compile is a generator bug caught by the tests; never judge.
    super::schema::matches(format.pattern, text).unwrap_or(true)
}

fn found(format: &Format, text: &str) -> String {
    format!(": found `{text}`, expected {}", format.description)
}
