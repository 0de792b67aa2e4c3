//! Template-level references: `Ref`, `Fn::GetAtt`, every `${...}` of `Fn::Sub`, `DependsOn`, and
//! condition names, wherever CloudFormation resolves them (resource `Properties` including
//! `Json` values such as an OpenAPI `Body`, resource attributes, `Outputs`, `Conditions`); and
//! the type of what a field with relationships refers to (`ref-type`, `ref-attribute`: in
//! [`super::ref_types`]).

use std::fmt;

use super::index::Index;
use super::{Finding, Pointer, Segment, Severity, Transforms};
use crate::{Node, Pseudo, Span};

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

pub(super) fn keys(node: Option<&Node>) -> impl Iterator<Item = (&str, &Node)> {
    node.and_then(Node::as_mapping)
        .unwrap_or_default()
        .iter()
        .map(|(k, v)| (k.as_str(), v))
}

/// Checks every reference in `template`.
pub(crate) fn check<'a>(
    template: &'a Node,
    index: &'a Index<'a>,
    transforms: &Transforms,
    findings: &mut Vec<Finding>,
) {
    let resources = template.get("Resources");
    let mut walker = Walker {
        names: index,
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
        super::ref_types::check(template, index, findings);
    }
}

struct Walker<'a, 'f> {
    names: &'a Index<'a>,
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
    /// An error at the current path; `help`: the name the finding's name is closest to.
    fn report(
        &mut self,
        span: Option<Span>,
        rule: &'static str,
        message: String,
        help: Option<String>,
    ) {
        self.findings.push(Finding {
            path: self.path.render(),
            span,
            rule,
            severity: Severity::Error,
            message,
            help,
            source: None,
        });
    }

    /// The template's resources a name may have meant: all but the one being walked (naming
    /// itself would be a cycle). Gathered only for a finding.
    fn other_resources(&self) -> impl Iterator<Item = &'a str> + '_ {
        let current = self.current;
        self.names
            .resources
            .keys()
            .copied()
            .filter(move |id| Some(*id) != current)
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
                if !walker.names.resources.contains_key(name) {
                    let help = super::suggest::did_you_mean(name, walker.other_resources());
                    walker.report(
                        node.span,
                        "depends-on",
                        format!(
                            "DependsOn names {name:?}, which is not a resource of the template"
                        ),
                        help,
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
                let help =
                    super::suggest::did_you_mean(name, self.names.conditions.iter().copied());
                self.report(
                    node.span,
                    "condition",
                    format!("the condition {name:?} is not defined in `Conditions`"),
                    help,
                );
            }
        }
    }

    /// Notes that the current resource depends on `name`, if that is a resource.
    fn depends(&mut self, name: &str) {
        if let Some(current) = self.current
            && let Some(target) = self.names.resource_name(name)
        {
            self.edges.push((current, target));
        }
    }

    fn reference(&mut self, span: Option<Span>, name: &str, how: How<'_>) {
        self.depends(name);
        let known = self.names.resources.contains_key(name)
            || self.names.parameters.contains_key(name)
            || Pseudo::from_name(name).is_some();
        if !known && !self.open {
            let candidates = self
                .other_resources()
                .chain(self.names.parameters.keys().copied())
                .chain(Pseudo::ALL.iter().map(|p| p.name()));
            let help = super::suggest::did_you_mean(name, candidates);
            self.report(
                span,
                "ref-target",
                format!(
                    "{how} names {name:?}, which is not a resource, parameter or pseudo parameter"
                ),
                help,
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
        let Some(type_name) = self.names.type_of(resource) else {
            if !self.open && !self.names.resources.contains_key(resource) {
                let help = super::suggest::did_you_mean(resource, self.other_resources());
                self.report(
                    span,
                    "getatt-target",
                    format!("{how} names {resource:?}, which is not a resource of the template"),
                    help,
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
            let help = super::suggest::did_you_mean(attribute, schema.attributes.iter().copied());
            self.report(
                span,
                "getatt-attribute",
                format!(
                    "{how}: `{type_name}` has no attribute {attribute:?} (it has: {})",
                    schema.attributes.join(", ")
                ),
                help,
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
