//! The table walker: a resource's `Properties` against its generated
//! [`ResourceSchema`], recursively through [`Shape`]s.
//!
//! Scalars are judged with CloudFormation's coercions (the same ones `&Node`'s deserializer
//! applies): a string field takes a string, number or boolean; an integer field takes an
//! integral number or a string of one; a boolean field takes `true`/`false` or the strings
//! `true`, `True`, `false`, `False`. Intrinsic functions are not judged, except `Fn::If`, whose
//! two branches are each judged as the value.

pub(crate) use super::fast::{Fast, FastSet, matches};
use super::field::{Field, bounds};
use super::kinds::{self, Names};
use super::{Cite, Finding, Pointer, Segment, Severity, Transforms};
use crate::schema::{ConstraintKind, PropertySchema, ResourceSchema, Shape};
use crate::{Node, NodeKind, Span};

/// Checks one resource's `Properties` if its type has a generated table.
pub(crate) fn check_resource(
    logical_id: &str,
    resource: &Node,
    transforms: &Transforms,
    names: &Names<'_, '_>,
    findings: &mut Vec<Finding>,
) {
    let mut walker = Walker {
        path: Pointer::new(&["Resources", logical_id]),
        findings,
        check_required: !transforms.other,
        // Under a macro, references may name what the macro adds.
        names: (!transforms.other).then_some(names),
        resource: "",
    };
    // The resource's own shape (`Type`, attributes, `Properties` a mapping) is judged by
    // [`super::structure`].
    let Some(type_name) = resource.get("Type").and_then(Node::as_str) else {
        return;
    };
    let Some(schema) = crate::TypedResource::schema_for(type_name) else {
        return;
    };
    walker.resource = schema.type_name;
    match resource.get("Properties") {
        Some(properties)
            if properties.as_sequence().is_some() || properties.scalar_text().is_some() => {}
        Some(properties) => {
            walker.path.push(Segment::Key("Properties"));
            walker.value(
                &Shape::Object(schema.type_name, schema.properties),
                &[],
                Field::resource(schema),
                properties,
            );
        }
        None => walker.missing(schema, resource.span),
    }
}

/// Checks a resource's properties against `schema` (used for typed resources); paths start
/// with `prefix` + `/Properties`.
pub(crate) fn check_properties(
    schema: &ResourceSchema,
    properties: &Node,
    prefix: &str,
    findings: &mut Vec<Finding>,
) {
    let mut walker = Walker {
        path: Pointer::default(),
        findings,
        check_required: true,
        names: None,
        resource: schema.type_name,
    };
    if !prefix.is_empty() {
        walker.path.push(Segment::Key(prefix));
    }
    walker.path.push(Segment::Key("Properties"));
    walker.value(
        &Shape::Object(schema.type_name, schema.properties),
        &[],
        Field::resource(schema),
        properties,
    );
}

struct Walker<'p, 'f, 'n> {
    path: Pointer<'p>,
    findings: &'f mut Vec<Finding>,
    check_required: bool,
    /// What the template's references name, for [`kinds::judge`] (`None`: not judged).
    names: Option<&'n Names<'n, 'n>>,
    /// The resource type walked, for cites.
    resource: &'static str,
}

impl<'p> Walker<'p, '_, '_> {
    fn report(
        &mut self,
        span: Option<Span>,
        rule: &'static str,
        severity: Severity,
        message: String,
        source: Option<Cite>,
    ) {
        self.report_help(span, rule, severity, message, None, source);
    }

    /// [`Self::report`] with the finding's help.
    fn report_help(
        &mut self,
        span: Option<Span>,
        rule: &'static str,
        severity: Severity,
        message: String,
        help: Option<String>,
        source: Option<Cite>,
    ) {
        self.findings.push(Finding {
            path: self.path.render(),
            span,
            rule,
            severity,
            message,
            help,
            source,
        });
    }

    /// Reports every required property of `schema` as missing (the resource has no
    /// `Properties`), at `span`.
    fn missing(&mut self, schema: &ResourceSchema, span: Option<Span>) {
        if !self.check_required {
            return;
        }
        self.path.push(Segment::Key("Properties"));
        for property in schema.properties.iter().filter(|p| p.required) {
            self.path.push(Segment::Key(property.name));
            let source = Field::of(schema.type_name, property).cite_required(self.resource);
            self.report(
                span,
                "required",
                Severity::Error,
                format!(
                    "missing required property `{}` of `{}`",
                    property.name, schema.type_name
                ),
                source,
            );
            self.path.pop();
        }
        self.path.pop();
    }

    /// Judges `node` as a value of `shape` with `constraints`.
    fn value(
        &mut self,
        shape: &Shape,
        constraints: &'static [crate::schema::Constraint],
        field: Field,
        node: &'p Node,
    ) {
        if let Some(name) = node.intrinsic_name() {
            if name != "Fn::If" {
                let judged = self.names.and_then(|names| {
                    let name = self.path.last_key().unwrap_or_default();
                    kinds::judge(name, shape, field.expects, node, names, field.item)
                });
                if let Some((message, help)) = judged {
                    // Cited by the catalogue: the value-kind table and the function reference.
                    self.report_help(
                        node.span,
                        "value-kind",
                        Severity::Error,
                        message,
                        help,
                        None,
                    );
                }
            } else {
                if let Some([_, then, otherwise]) = node
                    .get("Fn::If")
                    .and_then(Node::as_sequence)
                    .and_then(|items| <&[Node; 3]>::try_from(items).ok())
                {
                    self.path.push(Segment::Key("Fn::If"));
                    for (index, branch) in [(1, then), (2, otherwise)] {
                        self.path.push(Segment::Index(index));
                        self.value(shape, constraints, field, branch);
                        self.path.pop();
                    }
                    self.path.pop();
                }
            }
            return;
        }
        if node.is_null() {
            return;
        }
        match shape {
            Shape::Json => {}
            Shape::Object(name, properties) => self.object(name, properties, field, node),
            Shape::List(item) => self.list(item, constraints, field, node),
            Shape::Map(item) => self.map(item, constraints, field, node),
            Shape::String | Shape::Timestamp => {
                if let Some(text) = node.scalar_text() {
                    self.text(constraints, field, node, text);
                } else {
                    self.mismatch(field, node, "a string");
                }
            }
            Shape::Integer | Shape::Long => match integer(node) {
                Some(v) => self.number(constraints, field, node, v),
                None => self.mismatch(field, node, "an integer"),
            },
            Shape::Double => match number(node) {
                Some(v) => self.number(constraints, field, node, v),
                None => self.mismatch(field, node, "a number"),
            },
            Shape::Boolean => {
                let ok = matches!(node.kind, NodeKind::Bool(_))
                    || matches!(node.as_str(), Some("true" | "True" | "false" | "False"));
                if !ok {
                    self.mismatch(field, node, "a boolean");
                }
            }
        }
    }

    fn mismatch(&mut self, field: Field, node: &Node, expected: &str) {
        let source = field.cite_type(self.resource, expected);
        self.report(
            node.span,
            "type",
            Severity::Error,
            format!("expected {expected}, found {}", describe(node)),
            source,
        );
    }

    fn object(
        &mut self,
        name: &'static str,
        properties: &'static [PropertySchema],
        field: Field,
        node: &'p Node,
    ) {
        let Some(entries) = node.as_mapping() else {
            return self.mismatch(field, node, &format!("a mapping (`{name}`)"));
        };
        // The object's own page: the resource's, or the property's that holds it.
        let here = Field {
            owner: name,
            property: "",
            ..field
        };
        let transformed = entries.iter().any(|(key, _)| key == "Fn::Transform");
        for (key, value) in entries {
            self.path.push(Segment::Key(key));
            match properties.binary_search_by(|p| p.name.cmp(key)) {
                Ok(i) => {
                    let property = &properties[i];
                    let field = Field::of(name, property);
                    if property.deprecated {
                        let source = field.cite_deprecated(self.resource);
                        self.report(
                            value.span,
                            "deprecated-property",
                            Severity::Warning,
                            format!("`{key}` is only listed by an older specification of `{name}`"),
                            source,
                        );
                    }
                    self.value(&property.shape, property.constraints, field, value);
                }
                Err(_) if transformed || key.starts_with("Fn::") => {}
                Err(_) => {
                    let known: Vec<&str> = properties
                        .iter()
                        .filter(|p| !p.deprecated)
                        .map(|p| p.name)
                        .collect();
                    let source = here.cite_unknown(self.resource, key);
                    let help = super::suggest::did_you_mean(key, known.iter().copied());
                    let message = match help {
                        Some(_) => format!("`{key}` is not a property of `{name}`"),
                        None => format!(
                            "`{key}` is not a property of `{name}` (known: {})",
                            known.join(", ")
                        ),
                    };
                    self.report_help(
                        value.span,
                        "unknown-property",
                        Severity::Error,
                        message,
                        help,
                        source,
                    );
                }
            }
            self.path.pop();
        }
        if !transformed {
            let absent = properties
                .iter()
                .filter(|p| p.required && node.get(p.name).is_none());
            for property in absent {
                if !self.check_required {
                    break;
                }
                self.path.push(Segment::Key(property.name));
                let source = Field::of(name, property).cite_required(self.resource);
                self.report(
                    node.span,
                    "required",
                    Severity::Error,
                    format!("missing required property `{}` of `{name}`", property.name),
                    source,
                );
                self.path.pop();
            }
        }
    }

    fn list(
        &mut self,
        item: &Shape,
        constraints: &'static [crate::schema::Constraint],
        field: Field,
        node: &'p Node,
    ) {
        let Some(items) = node.as_sequence() else {
            return self.mismatch(field, node, "a list");
        };
        let certain = !items.iter().any(|i| i.intrinsic_name() == Some("Fn::If"));
        for constraint in constraints {
            match constraint.kind {
                ConstraintKind::Items(min, max) if certain => {
                    let n = items.len() as u64;
                    if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) {
                        let source = field.cite_constraint(self.resource, constraint);
                        self.report(
                            node.span,
                            "items",
                            Severity::Error,
                            format!("{n} items, allowed {}", bounds(min, max)),
                            source,
                        );
                    }
                }
                ConstraintKind::UniqueItems => {
                    let repeated = items
                        .iter()
                        .enumerate()
                        .find(|(i, a)| a.intrinsic_name().is_none() && items[..*i].contains(a));
                    if let Some((_, a)) = repeated {
                        let source = field.cite_constraint(self.resource, constraint);
                        self.report(
                            node.span,
                            "unique-items",
                            Severity::Error,
                            format!("the items must be unique; {} is repeated", describe(a)),
                            source,
                        );
                    }
                }
                _ => {}
            }
        }
        for (index, value) in items.iter().enumerate() {
            self.path.push(Segment::Index(index));
            let field = Field {
                item: true,
                ..field
            };
            self.value(item, &[], field, value);
            self.path.pop();
        }
    }

    fn map(
        &mut self,
        item: &Shape,
        constraints: &'static [crate::schema::Constraint],
        field: Field,
        node: &'p Node,
    ) {
        let Some(entries) = node.as_mapping() else {
            return self.mismatch(field, node, "a mapping");
        };
        for (key, value) in entries {
            self.path.push(Segment::Key(key));
            for constraint in constraints {
                if let ConstraintKind::KeyPattern(pattern) = constraint.kind {
                    if !key.starts_with("Fn::") && matches(pattern, key) == Some(false) {
                        let source = field.cite_constraint(self.resource, constraint);
                        self.report(
                            value.span,
                            "key-pattern",
                            Severity::Error,
                            format!("the key {key:?} does not match the pattern {pattern:?}"),
                            source,
                        );
                    }
                }
            }
            let field = Field {
                expects: None,
                item: false,
                ..field
            };
            self.value(item, &[], field, value);
            self.path.pop();
        }
    }

    fn text(
        &mut self,
        constraints: &'static [crate::schema::Constraint],
        field: Field,
        node: &Node,
        text: &str,
    ) {
        for constraint in constraints {
            match constraint.kind {
                ConstraintKind::AllowedValues(allowed) if !allowed.contains(&text) => {
                    // Only the API model lists the values and one differs only in case: a
                    // warning (a deployed AWS sample sets `EndpointType: Regional`; the
                    // registry's schema, which CloudFormation enforces, has no list here).
                    let case_only = allowed.iter().find(|a| a.eq_ignore_ascii_case(text));
                    let help = super::suggest::did_you_mean(text, allowed.iter().copied());
                    let (severity, message) = match case_only {
                        Some(value) if constraint.source == crate::schema::Source::ApiModel => (
                            Severity::Warning,
                            format!(
                                "{} differs from `{value}` only in case (only the API model lists the values: {})",
                                describe(node),
                                allowed.join(", ")
                            ),
                        ),
                        _ => (
                            Severity::Error,
                            format!("{} is not one of {}", describe(node), allowed.join(", ")),
                        ),
                    };
                    let source = field.cite_constraint(self.resource, constraint);
                    self.report_help(node.span, "allowed-values", severity, message, help, source);
                }
                ConstraintKind::Length(min, max) => {
                    let n = text.chars().count() as u64;
                    if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) {
                        let source = field.cite_constraint(self.resource, constraint);
                        self.report(
                            node.span,
                            "length",
                            Severity::Error,
                            format!(
                                "{} has length {n}, allowed {}",
                                describe(node),
                                bounds(min, max)
                            ),
                            source,
                        );
                    }
                }
                ConstraintKind::Pattern(pattern) if matches(pattern, text) == Some(false) => {
                    let source = field.cite_constraint(self.resource, constraint);
                    self.report(
                        node.span,
                        "pattern",
                        Severity::Error,
                        format!("{} does not match the pattern {pattern:?}", describe(node)),
                        source,
                    );
                }
                _ => {}
            }
        }
    }

    fn number(
        &mut self,
        constraints: &'static [crate::schema::Constraint],
        field: Field,
        node: &Node,
        value: f64,
    ) {
        for constraint in constraints {
            match constraint.kind {
                ConstraintKind::Range(min, max)
                    if min.is_some_and(|m| value < m) || max.is_some_and(|m| value > m) =>
                {
                    let source = field.cite_constraint(self.resource, constraint);
                    self.report(
                        node.span,
                        "range",
                        Severity::Error,
                        format!(
                            "{} is out of range, allowed {}",
                            describe(node),
                            bounds(min, max)
                        ),
                        source,
                    );
                }
                ConstraintKind::AllowedValues(allowed) => {
                    let text = node.scalar_text().unwrap_or_default();
                    if !allowed.contains(&text) {
                        let source = field.cite_constraint(self.resource, constraint);
                        self.report(
                            node.span,
                            "allowed-values",
                            Severity::Error,
                            format!("{} is not one of {}", describe(node), allowed.join(", ")),
                            source,
                        );
                    }
                }
                _ => {}
            }
        }
    }
}

/// The node for a message: `string "LAMBDA"`, `number 10`, ...
fn describe(node: &Node) -> String {
    match &node.kind {
        NodeKind::Null => "null".to_owned(),
        NodeKind::Bool(b) => format!("boolean {b}"),
        NodeKind::Number(text) => format!("number {text}"),
        NodeKind::String(s) if s.chars().count() > 60 => {
            format!("string {:?}…", s.chars().take(60).collect::<String>())
        }
        NodeKind::String(s) => format!("string {s:?}"),
        NodeKind::Sequence(items) => format!("a list of {} items", items.len()),
        NodeKind::Mapping(_) => "a mapping".to_owned(),
    }
}

/// An integer as CloudFormation reads one: an integral number (`1.0` too) or a string of an
/// integer.
fn integer(node: &Node) -> Option<f64> {
    match &node.kind {
        NodeKind::Number(text) => text.parse::<f64>().ok().filter(|v| v.fract() == 0.0),
        NodeKind::String(text) => text.trim().parse::<i64>().ok().map(|v| v as f64),
        _ => None,
    }
}

/// A number, or a string of a finite number.
fn number(node: &Node) -> Option<f64> {
    match &node.kind {
        NodeKind::Number(text) | NodeKind::String(text) => {
            text.trim().parse::<f64>().ok().filter(|v| v.is_finite())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Constraint, Source, Update};

    /// No generated table has item-count or uniqueness constraints yet: a synthetic one.
    static LIST: [PropertySchema; 1] = [PropertySchema {
        name: "Names",
        required: false,
        shape: Shape::List(&Shape::String),
        constraints: &[
            Constraint {
                kind: ConstraintKind::Items(Some(1), Some(2)),
                source: Source::Registry,
            },
            Constraint {
                kind: ConstraintKind::UniqueItems,
                source: Source::Registry,
            },
        ],
        update: Update::Mutable,
        deprecated: false,
        relationships: &[],
        expects: None,
        docs: None,
    }];
    static SCHEMA: ResourceSchema = ResourceSchema {
        type_name: "Test::Type",
        properties: &LIST,
        attributes: &[],
        primary_identifier: &[],
        docs: None,
    };

    fn rules(properties: &str) -> Vec<&'static str> {
        let (node, _) = crate::syntax::parse(properties.as_bytes()).unwrap();
        let mut findings = Vec::new();
        check_properties(&SCHEMA, &node, "", &mut findings);
        findings.iter().map(|f| f.rule).collect()
    }

    #[test]
    fn items_and_unique_items() {
        assert_eq!(rules("{\"Names\": []}"), ["items"]);
        assert_eq!(rules("{\"Names\": [\"a\", \"b\", \"c\"]}"), ["items"]);
        assert_eq!(rules("{\"Names\": [\"a\", \"a\"]}"), ["unique-items"]);
        assert!(rules("{\"Names\": [\"a\", \"b\"]}").is_empty());
        // An `Fn::If` item may vanish: the count is unsure, so not judged.
        let with_if = r#"{"Names": ["a", "b", {"Fn::If": ["C", "c", {"Ref": "AWS::NoValue"}]}]}"#;
        assert!(rules(with_if).is_empty());
    }

    #[test]
    fn patterns_search_like_json_schema_and_bad_ones_are_skipped() {
        assert_eq!(matches("[a-z]+", "ABC-def"), Some(true));
        assert_eq!(matches("^[a-z]+$", "ABC-def"), Some(false));
        assert_eq!(matches("(?<!x)y", "y"), None);
    }
}
