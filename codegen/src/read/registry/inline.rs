//! Names of inline object types (an object with `properties` written in place, not under
//! `definitions`).
//!
//! While a schema is read, each inline object gets a placeholder name; once every definition
//! and inline object is read, [`place`] names them all, in the order they were found (an inline
//! object's own inline properties before it), and puts them among the definitions:
//! - an inline object takes its property's name (`SingleHeader`), or `<List>Item` for the items
//!   of a list whose name a definition has;
//! - when that name is taken by a definition or an earlier inline object of the same structure
//!   (same descriptions, requiredness, constraints and shapes, nested types compared by
//!   structure, not by name), the inline object is that type, and no new type is made;
//! - when it is taken by a definition that only refers to itself (a slip seen upstream), the
//!   inline object replaces that definition;
//! - otherwise it takes its path: the name of the type that holds the property (the resource's
//!   short name for a top-level property) followed by the property's name
//!   (`FieldToMatch.SingleHeader` → `FieldToMatchSingleHeader`, `Bot.ErrorLogSettings` →
//!   `BotErrorLogSettings`), then that with a number (`2`, `3`, ...): the first that is free or
//!   that an equal type already has. Its description then says which property it is the type
//!   of and which name it could not take.

use std::collections::{BTreeMap, BTreeSet};

use super::{RegistryDefinition, RegistryProperty};
use crate::model::Shape;

/// Marks a placeholder name; no definition name read from JSON starts with it.
const MARK: &str = "\u{0}inline:";

/// An inline object type found while reading a schema.
pub(super) struct Inline {
    /// The name it would like: its property's name (or `<List>Item`).
    pub(super) name: String,
    /// The name of the type that holds the property (the resource's short name at the top).
    pub(super) owner: String,
    /// The type, with placeholders for the inline objects inside it.
    pub(super) def: RegistryDefinition,
}

/// The placeholder name of the `index`-th inline object.
pub(super) fn placeholder(index: usize) -> String {
    format!("{MARK}{index}")
}

fn index(name: &str) -> Option<usize> {
    name.strip_prefix(MARK)?.parse().ok()
}

/// Names every inline object by the rules above, adds the new types to `definitions`, and
/// replaces every placeholder in `definitions` and `properties` by the name it got.
pub(super) fn place(
    inline: Vec<Inline>,
    definitions: &mut BTreeMap<String, RegistryDefinition>,
    properties: &mut BTreeMap<String, RegistryProperty>,
) {
    let mut names: Vec<String> = Vec::with_capacity(inline.len());
    for item in &inline {
        let path = format!("{}{}", item.owner, item.name);
        let candidates = std::iter::once(item.name.clone())
            .chain(std::iter::once(path.clone()))
            .chain((2..).map(|n| format!("{path}{n}")));
        for candidate in candidates {
            let same = |existing: &RegistryDefinition| {
                let lookup = Lookup {
                    inline: &inline,
                    definitions,
                };
                lookup.same_definition(existing, &item.def, &mut BTreeSet::new())
            };
            match definitions.get(&candidate) {
                // A definition that only refers to itself (a slip seen upstream:
                // `"SseSpecification": {"$ref": "#/definitions/SseSpecification"}`) defines
                // nothing; the inline object is the type.
                Some(RegistryDefinition::Alias {
                    shape: Shape::Named(target),
                    ..
                }) if *target == candidate => {}
                // The same type written twice: one is enough.
                Some(existing) if same(existing) => {
                    names.push(candidate);
                    break;
                }
                Some(_) => continue,
                None => {}
            }
            let mut def = item.def.clone();
            if candidate != item.name {
                let note = format!(
                    "The inline object type of `{}.{}` (a different type is named `{}`).",
                    item.owner, item.name, item.name
                );
                let description = match &mut def {
                    RegistryDefinition::Struct { description, .. }
                    | RegistryDefinition::Alias { description, .. } => description,
                };
                *description = Some(match description.take() {
                    Some(text) => format!("{text}\n\n{note}"),
                    None => note,
                });
            }
            definitions.insert(candidate.clone(), def);
            names.push(candidate);
            break;
        }
    }
    let rename = |shape: &mut Shape| rename(shape, &names);
    for def in definitions.values_mut() {
        match def {
            RegistryDefinition::Struct { properties, .. } => {
                properties.values_mut().for_each(|p| rename(&mut p.shape));
            }
            RegistryDefinition::Alias { shape, .. } => rename(shape),
        }
    }
    properties.values_mut().for_each(|p| rename(&mut p.shape));
}

fn rename(shape: &mut Shape, names: &[String]) {
    match shape {
        Shape::List(inner) | Shape::Map(inner) => rename(inner, names),
        Shape::Named(name) => {
            if let Some(new) = index(name).and_then(|i| names.get(i)) {
                *name = new.clone();
            }
        }
        Shape::Primitive(_) | Shape::Json => {}
    }
}

/// Structural comparison of types whose nested types may be placeholders or names.
struct Lookup<'a> {
    inline: &'a [Inline],
    definitions: &'a BTreeMap<String, RegistryDefinition>,
}

impl Lookup<'_> {
    fn get(&self, name: &str) -> Option<&RegistryDefinition> {
        match index(name) {
            Some(i) => self.inline.get(i).map(|item| &item.def),
            None => self.definitions.get(name),
        }
    }

    fn same_definition(
        &self,
        a: &RegistryDefinition,
        b: &RegistryDefinition,
        seen: &mut BTreeSet<(String, String)>,
    ) -> bool {
        match (a, b) {
            (
                RegistryDefinition::Struct {
                    description: da,
                    properties: pa,
                },
                RegistryDefinition::Struct {
                    description: db,
                    properties: pb,
                },
            ) => {
                da == db
                    && pa.len() == pb.len()
                    && pa.iter().zip(pb).all(|((na, a), (nb, b))| {
                        na == nb
                            && a.description == b.description
                            && a.required == b.required
                            && a.constraints == b.constraints
                            && self.same_shape(&a.shape, &b.shape, seen)
                    })
            }
            (
                RegistryDefinition::Alias {
                    description: da,
                    shape: sa,
                },
                RegistryDefinition::Alias {
                    description: db,
                    shape: sb,
                },
            ) => da == db && self.same_shape(sa, sb, seen),
            _ => false,
        }
    }

    fn same_shape(&self, a: &Shape, b: &Shape, seen: &mut BTreeSet<(String, String)>) -> bool {
        match (a, b) {
            (Shape::List(a), Shape::List(b)) | (Shape::Map(a), Shape::Map(b)) => {
                self.same_shape(a, b, seen)
            }
            (Shape::Named(a), Shape::Named(b)) => {
                if a == b || !seen.insert((a.clone(), b.clone())) {
                    // The same name, or a pair already being compared (recursive types).
                    return true;
                }
                match (self.get(a), self.get(b)) {
                    (Some(da), Some(db)) => self.same_definition(da, db, seen),
                    _ => false,
                }
            }
            (a, b) => a == b,
        }
    }
}
