//! Template-level references: `Ref`, `Fn::GetAtt`, every `${...}` of `Fn::Sub`, `DependsOn`, and
//! condition names, wherever CloudFormation resolves them (resource `Properties` including
//! `Json` values such as an OpenAPI `Body`, resource attributes, `Outputs`, `Conditions`); and
//! the type of what a field with relationships refers to (`ref-type`, `ref-attribute`).

use std::fmt;

use super::schema::{Fast, FastSet};
use super::{Finding, Pointer, Segment, Severity, Transforms};
use crate::{Node, Pseudo, Span};

/// The names a template defines.
struct Names<'a> {
    resources: FastSet<&'a str>,
    parameters: FastSet<&'a str>,
    conditions: FastSet<&'a str>,
    /// Resource logical id → `Type`.
    types: Fast<&'a str, &'a str>,
}

/// How a name is referred to, for messages (formatted only when there is a finding).
#[derive(Clone, Copy)]
enum How<'s> {
    Ref,
    GetAtt,
    Sub(&'s str),
}

impl fmt::Display for How<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            How::Ref => f.write_str("Ref"),
            How::GetAtt => f.write_str("Fn::GetAtt"),
            How::Sub(name) => write!(f, "Fn::Sub's ${{{name}}}"),
        }
    }
}

fn keys(node: Option<&Node>) -> impl Iterator<Item = (&str, &Node)> {
    node.and_then(Node::as_mapping)
        .unwrap_or_default()
        .iter()
        .map(|(k, v)| (k.as_str(), v))
}

/// Checks every reference in `template`.
pub(crate) fn check(template: &Node, transforms: &Transforms, findings: &mut Vec<Finding>) {
    let resources = template.get("Resources");
    let names = Names {
        resources: keys(resources).map(|(k, _)| k).collect(),
        parameters: keys(template.get("Parameters")).map(|(k, _)| k).collect(),
        conditions: keys(template.get("Conditions")).map(|(k, _)| k).collect(),
        types: keys(resources)
            .filter_map(|(k, r)| Some((k, r.get("Type")?.as_str()?)))
            .collect(),
    };
    let mut walker = Walker {
        names: &names,
        current: None,
        edges: Vec::new(),
        path: Pointer::default(),
        findings,
        open: transforms.adds_resources(),
        in_conditions: false,
    };
    let ids: Vec<(&str, Option<Span>)> = keys(resources).map(|(k, r)| (k, r.span)).collect();
    walker.section(template, "Resources", |walker, resource| {
        for (key, value) in resource.as_mapping().unwrap_or_default() {
            walker.path.push(Segment::Key(key));
            match key.as_str() {
                "DependsOn" => walker.depends_on(value),
                "Condition" => walker.condition_name(value),
                "Properties"
                | "UpdatePolicy"
                | "CreationPolicy"
                | "DeletionPolicy"
                | "UpdateReplacePolicy" => walker.visit(value),
                _ => {}
            }
            walker.path.pop();
        }
    });
    let edges = std::mem::take(&mut walker.edges);
    if !transforms.adds_resources() {
        super::cycles::check(&ids, &edges, walker.findings);
    }
    walker.section(template, "Outputs", |walker, output| {
        for (key, value) in output.as_mapping().unwrap_or_default() {
            walker.path.push(Segment::Key(key));
            match key.as_str() {
                "Condition" => walker.condition_name(value),
                "Value" | "Export" => walker.visit(value),
                _ => {}
            }
            walker.path.pop();
        }
    });
    walker.in_conditions = true;
    walker.section(template, "Conditions", |walker, condition| {
        walker.visit(condition)
    });
    if !transforms.other {
        check_types(template, &names, findings);
    }
}

/// Whether what `Ref`/`Fn::GetAtt` of a resource of this type returns is fixed by its type:
/// an AWS resource type, except SAM's (the transform generates other types under the same
/// logical id) and CloudFormation's own (custom resources and stacks return anything).
fn judged_type(type_name: &str) -> bool {
    type_name.starts_with("AWS::")
        && !type_name.starts_with("AWS::Serverless::")
        && !type_name.starts_with("AWS::CloudFormation::")
}

/// `ref-type` and `ref-attribute`: in a field with relationships (a list field: in each item),
/// a bare `Ref`/`Fn::GetAtt` naming a resource the template declares with a [judged
/// type](judged_type) must name one of the relationship's target types, and obtain the wanted
/// value: `Ref` where the target's `Ref` returns it, `Fn::GetAtt` of that attribute otherwise.
/// In a field that accepts more than its targets ([`crate::OPEN_RELATIONSHIPS`]: an integration
/// URI may be a load balancer listener's ARN) another type is not judged. Parameters, imports and other intrinsics are never judged, nor is a `Fn::GetAtt` of another
/// attribute where `Ref` returns the value (an attribute may return the same thing: a security
/// group's `GroupId` is its `Ref`).
fn check_types<'a>(template: &'a Node, names: &Names<'a>, findings: &mut Vec<Finding>) {
    for (logical_id, resource) in keys(template.get("Resources")) {
        let Some(schema) = names
            .types
            .get(logical_id)
            .and_then(|t| crate::TypedResource::schema_for(t))
        else {
            continue;
        };
        for property in schema
            .properties
            .iter()
            .filter(|p| !p.relationships.is_empty())
        {
            let Some(value) = resource
                .get("Properties")
                .and_then(|p| p.get(property.name))
            else {
                continue;
            };
            let mut pointer = Pointer::new(&["Resources", logical_id, "Properties", property.name]);
            let mut judge = |node: &Node, path: &Pointer<'_>| {
                if let Some((rule, message)) =
                    judge_reference(schema.type_name, property, node, names)
                {
                    findings.push(Finding {
                        path: path.render(),
                        span: node.span,
                        rule,
                        severity: Severity::Error,
                        message,
                    });
                }
            };
            match (&property.shape, value.as_sequence()) {
                (crate::schema::Shape::List(_), Some(items)) => {
                    for (index, item) in items.iter().enumerate() {
                        pointer.push(Segment::Index(index));
                        judge(item, &pointer);
                        pointer.pop();
                    }
                }
                (crate::schema::Shape::List(_), None) => {}
                _ => judge(value, &pointer),
            }
        }
    }
}

/// The finding for one value of a field with relationships, if it is certainly wrong.
fn judge_reference(
    owner: &str,
    property: &crate::schema::PropertySchema,
    node: &Node,
    names: &Names<'_>,
) -> Option<(&'static str, String)> {
    let [(function, args)] = node.as_mapping()? else {
        return None;
    };
    let (target, attribute) = match function.as_str() {
        "Ref" => (args.as_str()?, None),
        "Fn::GetAtt" => match (args.as_str(), args.as_sequence()) {
            (Some(text), _) => {
                let (r, a) = text.split_once('.')?;
                (r, Some(a))
            }
            (_, Some([r, a])) => (r.as_str()?, Some(a.as_str()?)),
            _ => return None,
        },
        _ => return None,
    };
    let target_type = *names.types.get(target)?;
    if !judged_type(target_type) {
        return None;
    }
    // Only formatted for a finding.
    let field = || format!("`{}` of `{owner}`", property.name);
    let how = || match attribute {
        None => format!("Ref {target:?}"),
        Some(a) => format!("Fn::GetAtt {target}.{a}"),
    };
    let wanted: Vec<&(&str, &str)> = property
        .relationships
        .iter()
        .filter(|(t, _)| *t == target_type)
        .collect();
    if wanted.is_empty() {
        let open = crate::OPEN_RELATIONSHIPS
            .iter()
            .any(|&(t, p)| t == owner && p == property.name);
        if open {
            return None;
        }
        let allowed: Vec<&str> = property.relationships.iter().map(|(t, _)| *t).collect();
        return Some((
            "ref-type",
            format!(
                "{} refers to {}, but {} names a `{target_type}`",
                field(),
                allowed.join(" or "),
                how()
            ),
        ));
    }
    let via = |(t, p): &&(&str, &str)| {
        crate::RELATIONSHIP_VIA
            .iter()
            .find(|(vt, vp, _)| vt == t && vp == p)
            .map(|(_, _, via)| *via)
    };
    let fits = wanted.iter().any(|r| match (attribute, via(r)) {
        // `Ref` returns the value.
        (None, Some(None)) => true,
        // `Ref` returns it; another attribute may too (not judged).
        (Some(_), Some(None)) => true,
        (Some(a), Some(Some(needed))) => a == needed || a == r.1,
        (None, Some(Some(_))) => false,
        (_, None) => true,
    });
    if fits {
        return None;
    }
    let needed: Vec<String> = wanted
        .iter()
        .filter_map(|r| via(r).flatten().map(|a| format!("Fn::GetAtt {target}.{a}")))
        .collect();
    Some((
        "ref-attribute",
        format!(
            "{} takes the `{}` of a `{target_type}`, which {} does not return (use {})",
            field(),
            wanted[0].1,
            how(),
            needed.join(" or ")
        ),
    ))
}

struct Walker<'a, 'f> {
    names: &'a Names<'a>,
    /// The resource being walked, and the resources each resource depends on (`DependsOn`,
    /// `Ref`, `Fn::GetAtt`, `Fn::Sub`), for `circular-dependency`.
    current: Option<&'a str>,
    edges: Vec<(&'a str, &'a str)>,
    path: Pointer<'a>,
    findings: &'f mut Vec<Finding>,
    /// A transform may add resources: unknown targets are not reported.
    open: bool,
    /// Inside `Conditions`, where `{"Condition": name}` is a function.
    in_conditions: bool,
}

impl<'a> Walker<'a, '_> {
    fn report(&mut self, span: Option<Span>, rule: &'static str, message: String) {
        self.findings.push(Finding {
            path: self.path.render(),
            span,
            rule,
            severity: Severity::Error,
            message,
        });
    }

    /// Calls `each` for every entry of the top-level `section`, with the path set.
    fn section(
        &mut self,
        template: &'a Node,
        section: &'a str,
        each: impl Fn(&mut Self, &'a Node),
    ) {
        self.path.push(Segment::Key(section));
        for (name, value) in keys(template.get(section)) {
            self.path.push(Segment::Key(name));
            self.current = (section == "Resources").then_some(name);
            each(self, value);
            self.path.pop();
        }
        self.current = None;
        self.path.pop();
    }

    fn depends_on(&mut self, node: &'a Node) {
        if self.open {
            return;
        }
        let check = |walker: &mut Self, node: &Node| {
            if let Some(name) = node.as_str() {
                walker.depends(name);
                if !walker.names.resources.contains(name) {
                    walker.report(
                        node.span,
                        "depends-on",
                        format!(
                            "DependsOn names {name:?}, which is not a resource of the template"
                        ),
                    );
                }
            }
        };
        match node.as_sequence() {
            Some(items) => {
                for (index, item) in items.iter().enumerate() {
                    self.path.push(Segment::Index(index));
                    check(self, item);
                    self.path.pop();
                }
            }
            None => check(self, node),
        }
    }

    fn condition_name(&mut self, node: &Node) {
        if let Some(name) = node.as_str() {
            if !self.names.conditions.contains(name) {
                self.report(
                    node.span,
                    "condition",
                    format!("the condition {name:?} is not defined in `Conditions`"),
                );
            }
        }
    }

    /// Notes that the current resource depends on `name`, if that is a resource.
    fn depends(&mut self, name: &str) {
        if let Some(current) = self.current
            && let Some(&target) = self.names.resources.get(name)
        {
            self.edges.push((current, target));
        }
    }

    fn reference(&mut self, span: Option<Span>, name: &str, how: How<'_>) {
        self.depends(name);
        let known = self.names.resources.contains(name)
            || self.names.parameters.contains(name)
            || Pseudo::from_name(name).is_some();
        if !known && !self.open {
            self.report(
                span,
                "ref-target",
                format!(
                    "{how} names {name:?}, which is not a resource, parameter or pseudo parameter"
                ),
            );
        }
    }

    fn get_att(
        &mut self,
        span: Option<Span>,
        resource: &str,
        attribute: Option<&str>,
        how: How<'_>,
    ) {
        self.depends(resource);
        let Some(type_name) = self.names.types.get(resource) else {
            if !self.open && !self.names.resources.contains(resource) {
                self.report(
                    span,
                    "getatt-target",
                    format!("{how} names {resource:?}, which is not a resource of the template"),
                );
            }
            return;
        };
        let (Some(schema), Some(attribute)) =
            (crate::TypedResource::schema_for(type_name), attribute)
        else {
            return;
        };
        if !schema.attributes.contains(&attribute) {
            self.report(
                span,
                "getatt-attribute",
                format!(
                    "{how}: `{type_name}` has no attribute {attribute:?} (it has: {})",
                    schema.attributes.join(", ")
                ),
            );
        }
    }

    fn sub(&mut self, span: Option<Span>, template: &str, variables: Option<&Node>) {
        let mut rest = template;
        while let Some(start) = rest.find("${") {
            rest = &rest[start + 2..];
            let Some(end) = rest.find('}') else { break };
            let name = &rest[..end];
            rest = &rest[end + 1..];
            let defined =
                variables.is_some_and(|v| v.intrinsic_name().is_some() || v.get(name).is_some());
            if name.starts_with('!')
                || name.is_empty()
                || name.contains(char::is_whitespace)
                || defined
            {
                continue;
            }
            let how = How::Sub(name);
            match name.split_once('.') {
                Some((resource, attribute)) => self.get_att(span, resource, Some(attribute), how),
                None => self.reference(span, name, how),
            }
        }
    }

    /// Checks the intrinsic functions in `node` and everything below it.
    fn visit(&mut self, node: &'a Node) {
        if let Some(items) = node.as_sequence() {
            for (index, item) in items.iter().enumerate() {
                self.path.push(Segment::Index(index));
                self.visit(item);
                self.path.pop();
            }
            return;
        }
        let Some(entries) = node.as_mapping() else {
            return;
        };
        if let [(name, args)] = entries {
            match name.as_str() {
                "Ref" => {
                    if let Some(target) = args.as_str() {
                        return self.reference(node.span, target, How::Ref);
                    }
                }
                "Fn::GetAtt" => {
                    let (resource, attribute) = match (args.as_str(), args.as_sequence()) {
                        (Some(text), _) => match text.split_once('.') {
                            Some((r, a)) => (Some(r), Some(a)),
                            None => (None, None),
                        },
                        (_, Some([r, a])) => (r.as_str(), a.as_str()),
                        _ => (None, None),
                    };
                    if let Some(resource) = resource {
                        self.get_att(node.span, resource, attribute, How::GetAtt);
                    }
                    if let Some([_, attribute]) = args.as_sequence() {
                        self.visit(attribute);
                    }
                    return;
                }
                "Fn::Sub" => match (args.as_str(), args.as_sequence()) {
                    (Some(template), _) => return self.sub(node.span, template, None),
                    (_, Some([template, variables])) => {
                        if let Some(text) = template.as_str() {
                            self.sub(node.span, text, Some(variables));
                        }
                        self.path.push(Segment::Key(name));
                        self.path.push(Segment::Index(1));
                        self.visit(variables);
                        self.path.pop();
                        self.path.pop();
                        return;
                    }
                    _ => {}
                },
                "Fn::If" => {
                    if let Some([condition, ..]) = args.as_sequence() {
                        self.path.push(Segment::Key(name));
                        self.path.push(Segment::Index(0));
                        self.condition_name(condition);
                        self.path.pop();
                        self.path.pop();
                    }
                }
                "Condition" if self.in_conditions && args.as_str().is_some() => {
                    return self.condition_name(args);
                }
                _ => {}
            }
        }
        for (key, value) in entries {
            self.path.push(Segment::Key(key));
            self.visit(value);
            self.path.pop();
        }
    }
}
