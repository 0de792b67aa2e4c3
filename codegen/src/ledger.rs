//! The ledger: every fact read from every source, keyed by a typed [`ItemKey`], and where it went.
//!
//! The mergers and enrichment stages record facts with [`Ledger::kept`]; the emitters record what
//! they emitted under the same keys, built by the same constructors, so the two sides cannot
//! disagree on a key's spelling; [`crate::generate`] checks that every kept fact was emitted.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::model::{PropertyTypeKind, Resource, Service, Source};

/// The kinds of fact the ledger counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FactKind {
    /// A resource type.
    Resource,
    /// A property of a resource.
    Property,
    /// An attribute of a resource.
    Attribute,
    /// A property type.
    PropertyType,
    /// A property of a property type.
    TypeProperty,
    /// A relationship of a property to another resource.
    Relationship,
    /// A constraint on a property's value.
    Constraint,
    /// A resource type outside the service that a relationship names.
    ReferencedResource,
    /// An attribute of such a resource type.
    ReferencedAttribute,
    /// The documented form of a relationship's value.
    ReferenceForm,
    /// A field that accepts more than its relationships' target types.
    OpenReference,
    /// A documented rule (the overlay).
    Rule,
}

impl FactKind {
    /// Plural label for summaries.
    pub fn label(self) -> &'static str {
        match self {
            FactKind::Resource => "resources",
            FactKind::Property => "properties",
            FactKind::Attribute => "attributes",
            FactKind::PropertyType => "property types",
            FactKind::TypeProperty => "property-type properties",
            FactKind::Relationship => "relationships",
            FactKind::Constraint => "constraints",
            FactKind::ReferencedResource => "referenced resource types",
            FactKind::ReferencedAttribute => "referenced resource attributes",
            FactKind::ReferenceForm => "reference forms",
            FactKind::OpenReference => "open references",
            FactKind::Rule => "rules",
        }
    }
}

/// Identifies one item of the model: its kind, the resource type it belongs to
/// (`AWS::X::Y`), and the item within it. Built only by the constructors below, so whoever
/// records an item and whoever emits it spell its key the same way.
///
/// Ordered by kind, then type name, then item (the order of `--report`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ItemKey {
    kind: FactKind,
    type_name: String,
    item: String,
}

impl ItemKey {
    fn new(kind: FactKind, type_name: &str, item: String) -> Self {
        ItemKey {
            kind,
            type_name: type_name.to_owned(),
            item,
        }
    }

    /// The resource type `type_name` itself.
    pub fn resource(type_name: &str) -> Self {
        Self::new(FactKind::Resource, type_name, String::new())
    }

    /// A property of the resource.
    pub fn property(type_name: &str, property: &str) -> Self {
        Self::new(FactKind::Property, type_name, property.to_owned())
    }

    /// An attribute of the resource.
    pub fn attribute(type_name: &str, attribute: &str) -> Self {
        Self::new(FactKind::Attribute, type_name, attribute.to_owned())
    }

    /// A property type of the resource.
    pub fn property_type(type_name: &str, property_type: &str) -> Self {
        Self::new(FactKind::PropertyType, type_name, property_type.to_owned())
    }

    /// A property of one of the resource's property types (`Type.Prop`).
    pub fn type_property(type_name: &str, property_type: &str, property: &str) -> Self {
        Self::new(
            FactKind::TypeProperty,
            type_name,
            format!("{property_type}.{property}"),
        )
    }

    /// A property of the resource (`owner` `None`) or of its property type `owner`.
    pub fn field(type_name: &str, owner: Option<&str>, property: &str) -> Self {
        match owner {
            None => Self::property(type_name, property),
            Some(pt) => Self::type_property(type_name, pt, property),
        }
    }

    /// The relationship of the resource's `property` to `target_type`'s `target_property`.
    pub fn relationship(
        type_name: &str,
        property: &str,
        target_type: &str,
        target_property: &str,
    ) -> Self {
        Self::new(
            FactKind::Relationship,
            type_name,
            format!("{property}->{target_type}.{target_property}"),
        )
    }

    /// The `index`th constraint of the property this key names (a [`Self::property`] or
    /// [`Self::type_property`] key).
    pub fn constraint(&self, index: usize) -> Self {
        debug_assert!(matches!(
            self.kind,
            FactKind::Property | FactKind::TypeProperty
        ));
        Self::new(
            FactKind::Constraint,
            &self.type_name,
            format!("{}#{index}", self.item),
        )
    }

    /// A resource type outside the service that a relationship names.
    pub fn referenced_resource(type_name: &str) -> Self {
        Self::new(FactKind::ReferencedResource, type_name, String::new())
    }

    /// An attribute of a referenced resource type.
    pub fn referenced_attribute(type_name: &str, attribute: &str) -> Self {
        Self::new(
            FactKind::ReferencedAttribute,
            type_name,
            attribute.to_owned(),
        )
    }

    /// The documented form of the value of the resource's `property` that refers to
    /// `target_type`.
    pub fn reference_form(type_name: &str, property: &str, target_type: &str) -> Self {
        Self::new(
            FactKind::ReferenceForm,
            type_name,
            format!("{property}->{target_type}"),
        )
    }

    /// A property of the resource that accepts more than its relationships' target types.
    pub fn open_reference(type_name: &str, property: &str) -> Self {
        Self::new(FactKind::OpenReference, type_name, property.to_owned())
    }

    /// The `n`th rule of a service's overlay, which applies to resource `type_name`.
    pub fn rule(type_name: &str, n: usize) -> Self {
        Self::new(FactKind::Rule, type_name, format!("rule#{n}"))
    }

    /// The `n`th same-API link of a service's overlay, on resource `type_name`.
    pub fn link(type_name: &str, n: usize) -> Self {
        Self::new(FactKind::Rule, type_name, format!("link#{n}"))
    }

    /// The kind of fact.
    pub fn kind(&self) -> FactKind {
        self.kind
    }
}

/// `Property AWS::X::Y Name` (the form `--report` and errors print).
impl fmt::Display for ItemKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} {} {}", self.kind, self.type_name, self.item)
    }
}

/// Where each fact read from a source went.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ledger {
    /// `(source, item)` → `None` when the fact is in the model as `item`, `Some(reason)` when it
    /// was superseded.
    pub facts: BTreeMap<(Source, ItemKey), Option<String>>,
    /// What generation chose not to do with facts it kept, and why (printed by `--report`).
    pub notes: Vec<String>,
}

impl Ledger {
    /// Adds another generation unit's facts and notes (item keys name full type names, so
    /// units never share one).
    pub fn absorb(&mut self, other: Ledger) {
        self.facts.extend(other.facts);
        self.notes.extend(other.notes);
    }

    /// Records that the fact `key` read from `source` is in the model.
    pub fn kept(&mut self, source: Source, key: ItemKey) {
        self.facts.insert((source, key), None);
    }

    /// Records that the fact `key` read from `source` was superseded, and why.
    pub fn superseded(&mut self, source: Source, key: ItemKey, reason: String) {
        self.facts.insert((source, key), Some(reason));
    }

    /// Facts read, by source and kind.
    pub fn read_counts(&self) -> BTreeMap<(Source, FactKind), usize> {
        let mut out = BTreeMap::new();
        for (source, key) in self.facts.keys() {
            *out.entry((*source, key.kind)).or_insert(0) += 1;
        }
        out
    }

    /// The model items that must appear in the generated code.
    pub fn kept_items(&self) -> BTreeSet<&ItemKey> {
        self.facts
            .iter()
            .filter(|(_, why)| why.is_none())
            .map(|((_, key), _)| key)
            .collect()
    }

    /// Superseded facts with their reasons.
    pub fn superseded_facts(&self) -> impl Iterator<Item = (&(Source, ItemKey), &String)> {
        self.facts
            .iter()
            .filter_map(|(k, why)| why.as_ref().map(|w| (k, w)))
    }

    /// Records every constraint of the service's properties, whichever stage added it: each is a
    /// fact the emitters must render (in the field's docs and the validation tables).
    pub fn record_constraints(&mut self, service: &Service) {
        for resource in service.resources.values() {
            self.record_resource_constraints(resource);
        }
    }

    fn record_resource_constraints(&mut self, resource: &Resource) {
        let tn = &resource.type_name;
        let structs = resource
            .property_types
            .values()
            .filter_map(|pt| match &pt.kind {
                PropertyTypeKind::Struct { properties } => {
                    Some((Some(pt.name.as_str()), properties))
                }
                PropertyTypeKind::Alias(_) => None,
            });
        for (owner, properties) in std::iter::once((None, &resource.properties)).chain(structs) {
            for p in properties.values() {
                let key = ItemKey::field(tn, owner, &p.name);
                for (i, c) in p.constraints.0.iter().enumerate() {
                    self.kept(c.source, key.constraint(i));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The keys' spelling is what `--report` prints for superseded facts: pinned here.
    #[test]
    fn keys_print_as_before() {
        let tn = "AWS::S::R";
        let cases = [
            (ItemKey::resource(tn), "Resource AWS::S::R "),
            (ItemKey::property(tn, "P"), "Property AWS::S::R P"),
            (ItemKey::attribute(tn, "A"), "Attribute AWS::S::R A"),
            (ItemKey::property_type(tn, "T"), "PropertyType AWS::S::R T"),
            (
                ItemKey::type_property(tn, "T", "P"),
                "TypeProperty AWS::S::R T.P",
            ),
            (ItemKey::field(tn, None, "P"), "Property AWS::S::R P"),
            (
                ItemKey::field(tn, Some("T"), "P"),
                "TypeProperty AWS::S::R T.P",
            ),
            (
                ItemKey::relationship(tn, "P", "AWS::S::Q", "Id"),
                "Relationship AWS::S::R P->AWS::S::Q.Id",
            ),
            (
                ItemKey::property(tn, "P").constraint(2),
                "Constraint AWS::S::R P#2",
            ),
            (
                ItemKey::type_property(tn, "T", "P").constraint(0),
                "Constraint AWS::S::R T.P#0",
            ),
            (
                ItemKey::referenced_resource(tn),
                "ReferencedResource AWS::S::R ",
            ),
            (
                ItemKey::referenced_attribute(tn, "Arn"),
                "ReferencedAttribute AWS::S::R Arn",
            ),
            (
                ItemKey::reference_form(tn, "P", "AWS::S::Q"),
                "ReferenceForm AWS::S::R P->AWS::S::Q",
            ),
            (
                ItemKey::open_reference(tn, "P"),
                "OpenReference AWS::S::R P",
            ),
            (ItemKey::rule(tn, 3), "Rule AWS::S::R rule#3"),
        ];
        for (key, printed) in cases {
            assert_eq!(key.to_string(), printed);
        }
    }
}
