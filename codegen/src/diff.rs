//! What changed between two spec inputs, for a maintainer reviewing a spec update
//! (`cfn-codegen diff OLD NEW`; `update-spec` prints the same after re-slicing).
//!
//! Both sides go through the same readers and merge as generation does, so the diff is between
//! the two models the generator would emit, not between files. Each change is classed by what
//! it does to users of the generated code and templates:
//!
//! - **breaking**: code or templates that worked may stop working — a resource, property,
//!   attribute or property type removed; a property added as required or made required; a type
//!   changed; a constraint added or tightened (allowed values removed); an update that now
//!   replaces the resource.
//! - **additive**: a resource, optional property, attribute or property type added; a property
//!   made optional; a constraint removed or loosened (allowed values added); other update
//!   behaviour changes.
//! - **docs-only**: documentation text or links changed.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;

use crate::error::Result;
use crate::model::{
    ConstraintKind, Docs, Property, PropertyTypeKind, Resource, Service, Shape, UpdateType,
};

/// How a change affects users.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Class {
    /// Code or templates that worked may stop working.
    Breaking,
    /// Something new; nothing that worked stops working.
    Additive,
    /// Documentation only.
    DocsOnly,
}

impl Class {
    /// `breaking`, `additive` or `docs-only`.
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Breaking => "breaking",
            Class::Additive => "additive",
            Class::DocsOnly => "docs-only",
        }
    }
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    /// How it affects users.
    pub class: Class,
    /// What changed: `AWS::X::Y`, `AWS::X::Y.Prop`, `AWS::X::Y.Type.Prop`, `AWS::X::Y#Attr`.
    pub item: String,
    /// How.
    pub what: String,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.class.as_str(), self.item, self.what)
    }
}

/// The changes, sorted by class then item, and a count per class.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Diff {
    /// Every change.
    pub changes: Vec<Change>,
}

impl Diff {
    /// How many changes of `class`.
    pub fn count(&self, class: Class) -> usize {
        self.changes.iter().filter(|c| c.class == class).count()
    }
}

impl fmt::Display for Diff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for change in &self.changes {
            writeln!(f, "{change}")?;
        }
        writeln!(
            f,
            "{} breaking, {} additive, {} docs-only",
            self.count(Class::Breaking),
            self.count(Class::Additive),
            self.count(Class::DocsOnly)
        )
    }
}

/// The model a spec directory gives (the generator's readers and merge).
pub fn model(spec_dir: &Path) -> Result<Vec<Service>> {
    let inputs = crate::read::read_dir(spec_dir)?;
    let services = crate::build_model(&inputs)?.services;
    Ok(services)
}

/// Reads both spec directories and compares their models.
pub fn diff_dirs(old: &Path, new: &Path) -> Result<Diff> {
    Ok(diff(&model(old)?, &model(new)?))
}

/// Compares two models.
pub fn diff(old: &[Service], new: &[Service]) -> Diff {
    let resources = |services: &[Service]| -> BTreeMap<String, Resource> {
        services
            .iter()
            .flat_map(|s| s.resources.values())
            .map(|r| (r.type_name.clone(), r.clone()))
            .collect()
    };
    let (old, new) = (resources(old), resources(new));
    let mut out = Vec::new();
    for name in keys(&old, &new) {
        match (old.get(name), new.get(name)) {
            (Some(_), None) => out.push(change(Class::Breaking, name, "resource removed")),
            (None, Some(_)) => out.push(change(Class::Additive, name, "resource added")),
            (Some(a), Some(b)) => resource(a, b, &mut out),
            (None, None) => {}
        }
    }
    out.sort();
    Diff { changes: out }
}

fn change(class: Class, item: &str, what: impl Into<String>) -> Change {
    Change {
        class,
        item: item.to_owned(),
        what: what.into(),
    }
}

fn keys<'a, V>(a: &'a BTreeMap<String, V>, b: &'a BTreeMap<String, V>) -> BTreeSet<&'a String> {
    a.keys().chain(b.keys()).collect()
}

fn resource(old: &Resource, new: &Resource, out: &mut Vec<Change>) {
    let name = &old.type_name;
    docs(name, &old.docs, &new.docs, out);
    properties(name, &old.properties, &new.properties, out);
    for attribute in keys(&old.attributes, &new.attributes) {
        let item = format!("{name}#{attribute}");
        match (old.attributes.get(attribute), new.attributes.get(attribute)) {
            (Some(_), None) => out.push(change(Class::Breaking, &item, "attribute removed")),
            (None, Some(_)) => out.push(change(Class::Additive, &item, "attribute added")),
            (Some(a), Some(b)) => {
                if a.shape != b.shape {
                    let what = format!(
                        "attribute type {} -> {}",
                        shape_text(&a.shape),
                        shape_text(&b.shape)
                    );
                    out.push(change(Class::Breaking, &item, what));
                }
                docs(&item, &a.docs, &b.docs, out);
            }
            (None, None) => {}
        }
    }
    if old.primary_identifier != new.primary_identifier {
        let what = format!(
            "primary identifier {:?} -> {:?}",
            old.primary_identifier, new.primary_identifier
        );
        out.push(change(Class::Breaking, name, what));
    }
    for type_name in keys(&old.property_types, &new.property_types) {
        let item = format!("{name}.{type_name}");
        match (
            old.property_types.get(type_name),
            new.property_types.get(type_name),
        ) {
            (Some(_), None) => out.push(change(Class::Breaking, &item, "property type removed")),
            (None, Some(_)) => out.push(change(Class::Additive, &item, "property type added")),
            (Some(a), Some(b)) => {
                docs(&item, &a.docs, &b.docs, out);
                match (&a.kind, &b.kind) {
                    (
                        PropertyTypeKind::Struct { properties: pa },
                        PropertyTypeKind::Struct { properties: pb },
                    ) => properties(&item, pa, pb, out),
                    (PropertyTypeKind::Alias(sa), PropertyTypeKind::Alias(sb)) if sa == sb => {}
                    _ => out.push(change(
                        Class::Breaking,
                        &item,
                        "property type changed kind or aliased shape",
                    )),
                }
            }
            (None, None) => {}
        }
    }
}

fn properties(
    owner: &str,
    old: &BTreeMap<String, Property>,
    new: &BTreeMap<String, Property>,
    out: &mut Vec<Change>,
) {
    for name in keys(old, new) {
        let item = format!("{owner}.{name}");
        match (old.get(name), new.get(name)) {
            (Some(_), None) => out.push(change(Class::Breaking, &item, "property removed")),
            (None, Some(p)) if p.required => {
                out.push(change(Class::Breaking, &item, "required property added"));
            }
            (None, Some(_)) => out.push(change(Class::Additive, &item, "optional property added")),
            (Some(a), Some(b)) => property(&item, a, b, out),
            (None, None) => {}
        }
    }
}

fn property(item: &str, old: &Property, new: &Property, out: &mut Vec<Change>) {
    match (old.required, new.required) {
        (false, true) => out.push(change(Class::Breaking, item, "now required")),
        (true, false) => out.push(change(Class::Additive, item, "now optional")),
        _ => {}
    }
    if old.shape != new.shape {
        let what = format!(
            "type {} -> {}",
            shape_text(&old.shape),
            shape_text(&new.shape)
        );
        out.push(change(Class::Breaking, item, what));
    }
    if old.update != new.update {
        let class = if new.update == UpdateType::Immutable {
            Class::Breaking
        } else {
            Class::Additive
        };
        let what = format!(
            "update {} -> {}",
            update_text(old.update),
            update_text(new.update)
        );
        out.push(change(class, item, what));
    }
    // Allowed values: a value removed breaks templates that use it; one added does not.
    let values = |p: &Property| -> Option<BTreeSet<String>> {
        p.constraints
            .allowed_values()
            .map(|v| v.iter().cloned().collect())
    };
    match (values(old), values(new)) {
        (Some(a), Some(b)) => {
            let removed: Vec<&String> = a.difference(&b).collect();
            let added: Vec<&String> = b.difference(&a).collect();
            if !removed.is_empty() {
                out.push(change(
                    Class::Breaking,
                    item,
                    format!("allowed values removed: {removed:?}"),
                ));
            }
            if !added.is_empty() {
                out.push(change(
                    Class::Additive,
                    item,
                    format!("allowed values added: {added:?}"),
                ));
            }
        }
        (None, Some(b)) => out.push(change(
            Class::Breaking,
            item,
            format!("value set closed: {b:?}"),
        )),
        (Some(_), None) => out.push(change(Class::Additive, item, "value set opened")),
        (None, None) => {}
    }
    // Bounds, as the intersection of what every source states: tightened is breaking.
    for (kind, bounds_of) in BOUNDS {
        let (a, b) = (bounds_of(old), bounds_of(new));
        if a == b {
            continue;
        }
        let tighter = |x: Option<f64>, y: Option<f64>, lower: bool| match (x, y) {
            (None, Some(_)) => true,
            (Some(x), Some(y)) => (lower && y > x) || (!lower && y < x),
            _ => false,
        };
        let class = if tighter(a.0, b.0, true) || tighter(a.1, b.1, false) {
            Class::Breaking
        } else {
            Class::Additive
        };
        let what = format!("{kind} {} -> {}", bounds_text(a), bounds_text(b));
        out.push(change(class, item, what));
    }
    // Patterns and other statements, compared as text whatever their source.
    let others = |p: &Property| -> BTreeSet<String> {
        p.constraints
            .0
            .iter()
            .filter_map(|c| match &c.kind {
                ConstraintKind::Pattern(p) => Some(format!("pattern `{p}`")),
                ConstraintKind::KeyPattern(p) => Some(format!("key pattern `{p}`")),
                ConstraintKind::UniqueItems => Some("unique items".to_owned()),
                _ => None,
            })
            .collect()
    };
    let (a, b) = (others(old), others(new));
    for added in b.difference(&a) {
        out.push(change(
            Class::Breaking,
            item,
            format!("constraint added: {added}"),
        ));
    }
    for removed in a.difference(&b) {
        out.push(change(
            Class::Additive,
            item,
            format!("constraint removed: {removed}"),
        ));
    }
    let relationships = |p: &Property| -> BTreeSet<String> {
        p.relationships
            .iter()
            .map(|r| format!("{} ({})", r.target_type, r.target_property))
            .collect()
    };
    let (a, b) = (relationships(old), relationships(new));
    for added in b.difference(&a) {
        out.push(change(
            Class::Additive,
            item,
            format!("now refers to {added}"),
        ));
    }
    for removed in a.difference(&b) {
        out.push(change(
            Class::Breaking,
            item,
            format!("no longer refers to {removed}"),
        ));
    }
    docs(item, &old.docs, &new.docs, out);
}

fn docs(item: &str, old: &Docs, new: &Docs, out: &mut Vec<Change>) {
    if old.text != new.text {
        out.push(change(Class::DocsOnly, item, "documentation changed"));
    }
    if old.url != new.url {
        out.push(change(Class::DocsOnly, item, "documentation link changed"));
    }
}

/// `String`, `List<Integer>`, `Map<Json>`, `TlsConfig`.
pub fn shape_text(shape: &Shape) -> String {
    match shape {
        Shape::Primitive(p) => format!("{p:?}"),
        Shape::List(inner) => format!("List<{}>", shape_text(inner)),
        Shape::Map(inner) => format!("Map<{}>", shape_text(inner)),
        Shape::Named(name) => name.clone(),
        Shape::Json => "Json".to_owned(),
    }
}

fn update_text(update: UpdateType) -> &'static str {
    match update {
        UpdateType::Mutable => "in place",
        UpdateType::Immutable => "replacement",
        UpdateType::Conditional => "conditional",
        UpdateType::Unknown => "unstated",
    }
}

/// Lower and upper bounds.
type Bounds = (Option<f64>, Option<f64>);

/// How to read one kind of bounds from a property.
type BoundsOf = fn(&Property) -> Bounds;

/// The bound kinds compared, with how to read each from a property.
const BOUNDS: [(&str, BoundsOf); 3] = [
    ("length", |p| {
        bounds(p, |k| match k {
            ConstraintKind::Length { min, max } => {
                Some((min.map(|v| v as f64), max.map(|v| v as f64)))
            }
            _ => None,
        })
    }),
    ("range", |p| {
        bounds(p, |k| match k {
            ConstraintKind::Range { min, max } => Some((*min, *max)),
            _ => None,
        })
    }),
    ("items", |p| {
        bounds(p, |k| match k {
            ConstraintKind::Items { min, max } => {
                Some((min.map(|v| v as f64), max.map(|v| v as f64)))
            }
            _ => None,
        })
    }),
];

/// The intersection of the bounds of one kind that a property's constraints state.
fn bounds(p: &Property, of: impl Fn(&ConstraintKind) -> Option<Bounds>) -> Bounds {
    p.constraints
        .0
        .iter()
        .filter_map(|c| of(&c.kind))
        .fold((None, None), |(lo, hi), (min, max)| {
            let lo = match (lo, min) {
                (Some(a), Some(b)) => Some(f64::max(a, b)),
                (a, b) => a.or(b),
            };
            let hi = match (hi, max) {
                (Some(a), Some(b)) => Some(f64::min(a, b)),
                (a, b) => a.or(b),
            };
            (lo, hi)
        })
}

fn bounds_text((min, max): Bounds) -> String {
    match (min, max) {
        (Some(a), Some(b)) => format!("{a}..={b}"),
        (Some(a), None) => format!(">= {a}"),
        (None, Some(b)) => format!("<= {b}"),
        (None, None) => "none".to_owned(),
    }
}
