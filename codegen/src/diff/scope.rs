//! What two sides can be compared on: facts only one side has a source for are left out of both
//! models before comparing, with a note saying so.
//!
//! An old legacy specification on its own states no constraints, no relationships and no primary
//! identifiers; compared with a full spec folder, every constraint would otherwise show as newly
//! added (breaking) although nothing changed upstream but what the inputs say.

use std::collections::BTreeSet;

use crate::model::{Docs, Property, PropertyTypeKind, Service, Source};
use crate::read::Inputs;

/// One kind of input of a spec folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Input {
    Registry,
    Legacy,
    ServiceSpec,
    ApiModel,
    Overlay,
}

impl Input {
    fn label(self) -> &'static str {
        match self {
            Input::Registry => "registry schemas",
            Input::Legacy => "legacy specification",
            Input::ServiceSpec => "CDK service database",
            Input::ApiModel => "API model",
            Input::Overlay => "overlay",
        }
    }

    fn of(source: Source) -> Input {
        match source {
            Source::Registry => Input::Registry,
            Source::Legacy => Input::Legacy,
            Source::ServiceSpec => Input::ServiceSpec,
            Source::ApiModel => Input::ApiModel,
            Source::Overlay => Input::Overlay,
        }
    }
}

fn present(inputs: &Inputs) -> BTreeSet<Input> {
    [
        (Input::Registry, !inputs.registry.is_empty()),
        (Input::Legacy, inputs.legacy.is_some()),
        (Input::ServiceSpec, !inputs.service_spec.is_empty()),
        (Input::ApiModel, !inputs.api_models.is_empty()),
        (
            Input::Overlay,
            !inputs.overlays.is_empty() || inputs.references.is_some(),
        ),
    ]
    .into_iter()
    .filter_map(|(input, here)| here.then_some(input))
    .collect()
}

/// Leaves out of both models what only one side has a source for; returns one note per kind of
/// fact left out.
pub(super) fn restrict(
    old_inputs: &Inputs,
    new_inputs: &Inputs,
    old: &mut [Service],
    new: &mut [Service],
) -> Vec<String> {
    let (a, b) = (present(old_inputs), present(new_inputs));
    let mut notes = Vec::new();
    let side_with = |input: Input| match (a.contains(&input), b.contains(&input)) {
        (true, false) => Some("old"),
        (false, true) => Some("new"),
        _ => None,
    };

    // Without registry schemas, a side's own sources say what exists: nothing of it is
    // deprecated. Against a side with them, what their registry schema lacks then shows as
    // removed from it.
    for (side, inputs, model) in [("old", &a, &mut *old), ("new", &b, &mut *new)] {
        if !inputs.contains(&Input::Registry) {
            clear_deprecated(model);
            if side_with(Input::Registry).is_some() {
                notes.push(format!(
                    "the {side} side has no registry schemas: all its items count as current \
                     (none deprecated)"
                ));
            }
        }
    }

    let both = |input: Input| a.contains(&input) && b.contains(&input);
    for input in [Input::Registry, Input::ApiModel, Input::Overlay] {
        if let Some(side) = side_with(input) {
            notes.push(format!(
                "constraints from the {} are not compared: only the {side} side has it",
                input.label()
            ));
        }
    }
    let relationships = both(Input::ServiceSpec);
    if let Some(side) = side_with(Input::ServiceSpec) {
        notes.push(format!(
            "references to other resources (from the {}) are not compared: only the {side} side \
             has it",
            Input::ServiceSpec.label()
        ));
    }
    for model in [&mut *old, &mut *new] {
        each_property(model, |p| {
            p.constraints.0.retain(|c| both(Input::of(c.source)));
            if !relationships {
                p.relationships.clear();
            }
        });
    }

    if side_with(Input::Registry).is_some() {
        notes.push(format!(
            "primary identifiers (from the {}) are not compared: only one side has them",
            Input::Registry.label()
        ));
        for model in [&mut *old, &mut *new] {
            for r in model.iter_mut().flat_map(|s| s.resources.values_mut()) {
                r.primary_identifier.clear();
            }
        }
    }

    // Documentation text is compared whatever its source (the newest source that has it wins;
    // a change is docs-only either way). Links: without the legacy specification, a side has
    // only the links of the documentation's naming convention (`https://`, where the legacy
    // ones are `http://`), so every link would differ.
    if let Some(side) = side_with(Input::Legacy) {
        notes.push(format!(
            "documentation links are not compared: only the {side} side has the {}, which \
             states them",
            Input::Legacy.label()
        ));
        for model in [&mut *old, &mut *new] {
            each_docs(model, |d| d.url = None);
        }
    }
    notes
}

fn clear_deprecated(model: &mut [Service]) {
    for r in model.iter_mut().flat_map(|s| s.resources.values_mut()) {
        r.deprecated = None;
        for pt in r.property_types.values_mut() {
            pt.deprecated = None;
        }
    }
    each_property(model, |p| p.deprecated = None);
}

/// Every property of every resource and property type.
fn each_property(model: &mut [Service], mut f: impl FnMut(&mut Property)) {
    for r in model.iter_mut().flat_map(|s| s.resources.values_mut()) {
        r.properties.values_mut().for_each(&mut f);
        for pt in r.property_types.values_mut() {
            if let PropertyTypeKind::Struct { properties } = &mut pt.kind {
                properties.values_mut().for_each(&mut f);
            }
        }
    }
}

/// The documentation of every item.
fn each_docs(model: &mut [Service], mut f: impl FnMut(&mut Docs)) {
    for r in model.iter_mut().flat_map(|s| s.resources.values_mut()) {
        f(&mut r.docs);
        r.attributes.values_mut().for_each(|a| f(&mut a.docs));
        for pt in r.property_types.values_mut() {
            f(&mut pt.docs);
        }
    }
    each_property(model, |p| f(&mut p.docs));
}
