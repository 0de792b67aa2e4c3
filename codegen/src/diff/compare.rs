//! The comparison of two models, item by item, each change classed (the rules are in the
//! [module documentation](super)).

use std::collections::{BTreeMap, BTreeSet};

use super::{Change, Class};
use crate::model::{
    ConstraintKind, Docs, Property, PropertyTypeKind, Resource, Service, Shape, UpdateType,
};

/// Compares two models; the changes are sorted by class, then item.
pub(super) fn compare(old: &[Service], new: &[Service]) -> Vec<Change> {
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
    out
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
    deprecation(name, &old.deprecated, &new.deprecated, out);
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
                deprecation(&item, &a.deprecated, &b.deprecated, out);
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
    deprecation(item, &old.deprecated, &new.deprecated, out);
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

/// What removed from the registry schema (while older sources still list it, so the item is still
/// generated, deprecated) says.
pub(super) const NO_LONGER_IN_REGISTRY: &str =
    "removed from the registry schema (still generated, deprecated: only older sources list it)";

/// What back in the registry schema says.
pub(super) const BACK_IN_REGISTRY: &str = "back in the registry schema (no longer deprecated)";

/// An item the registry schema dropped is still generated, deprecated, while an older source
/// lists it; templates that set it may fail, as CloudFormation validates against the schema.
fn deprecation(item: &str, old: &Option<String>, new: &Option<String>, out: &mut Vec<Change>) {
    match (old, new) {
        (None, Some(_)) => out.push(change(Class::Breaking, item, NO_LONGER_IN_REGISTRY)),
        (Some(_), None) => out.push(change(Class::Additive, item, BACK_IN_REGISTRY)),
        _ => {}
    }
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
