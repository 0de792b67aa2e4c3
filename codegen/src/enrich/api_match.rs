//! Stage 3a: attaches constraints from a service's API model to CloudFormation properties.
//!
//! Matching is by name, with no per-service table: a resource `R` is matched to the input shapes
//! of the operations `CreateR` and `UpdateR`; a property to the input member of the same name
//! (Create first); a property type to the structure its property's member points to, and so on
//! down through lists (element) and maps (value). From each matched shape come: `enum` →
//! allowed values; `min`/`max` → a range (numbers), a length (strings) or an item count (lists);
//! `pattern`. String shapes named `…WithLengthBetween{A}And{B}` (the API model's names carry the
//! length bounds of its source when the bounds themselves were dropped) give a length of A to B.
//! A constraint equal to one another source already states is not added twice. A `Json`
//! property whose member is a map of strings is checked as one (`checked_as`: the validator
//! then sees a list or an object among its values; its Rust type stays `Json`).

use std::collections::BTreeMap;

use crate::model::{
    Constraint, ConstraintKind, Primitive, Property, PropertyTypeKind, Resource, Service, Shape,
    Source,
};
use crate::read::Inputs;
use crate::read::api_model::{ApiModel, ApiShape};

/// What matched, for the maintainer's report.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MatchReport {
    /// `Resource.Property` (or `Resource.Type.Property`) → `Operation.Member` (shape).
    pub matched: BTreeMap<String, String>,
    /// Properties of matched resources with no member of that name.
    pub unmatched: Vec<String>,
    /// Resources with no `Create…`/`Update…` operation.
    pub unmatched_resources: Vec<String>,
    /// Constraints added.
    pub constraints_added: usize,
}

impl MatchReport {
    /// Adds another generation unit's matches.
    pub fn absorb(&mut self, other: MatchReport) {
        self.matched.extend(other.matched);
        self.unmatched.extend(other.unmatched);
        self.unmatched_resources.extend(other.unmatched_resources);
        self.constraints_added += other.constraints_added;
    }
}

/// Adds the constraints of the service's API model, if there is one, to its resources.
pub fn match_service(inputs: &Inputs, service: &mut Service, report: &mut MatchReport) {
    if let Some(model) = api_model_for(inputs, &service.namespace) {
        apply(model, &mut service.resources, report);
    }
}

/// The API model of a namespace: `botocore/<service>-service-2.json` named like the namespace's
/// last part, or the only one there is.
fn api_model_for<'a>(inputs: &'a Inputs, namespace: &str) -> Option<&'a ApiModel> {
    let service = namespace.rsplit("::").next()?.to_lowercase();
    let named = inputs.api_models.iter().find(|(path, _)| {
        path.file_name()
            .and_then(|f| f.to_str())
            .and_then(|f| f.strip_suffix("-service-2.json"))
            == Some(service.as_str())
    });
    match (named, inputs.api_models.as_slice()) {
        (Some((_, model)), _) => Some(model),
        (None, [(_, only)]) => Some(only),
        _ => None,
    }
}

/// Adds the API model's constraints to the resources of one service.
pub fn apply(
    model: &ApiModel,
    resources: &mut BTreeMap<String, Resource>,
    report: &mut MatchReport,
) {
    for resource in resources.values_mut() {
        let inputs: Vec<(&str, &ApiShape)> = ["Create", "Update"]
            .iter()
            .filter_map(|verb| {
                let op = format!("{verb}{}", resource.name);
                let input = model.operations.get(&op)?.input.as_ref()?;
                let shape = model.shapes.get(&input.shape)?;
                Some((
                    if *verb == "Create" {
                        "Create"
                    } else {
                        "Update"
                    },
                    shape,
                ))
            })
            .collect();
        if inputs.is_empty() {
            report.unmatched_resources.push(resource.type_name.clone());
            continue;
        }
        let Resource {
            name,
            properties,
            property_types,
            ..
        } = resource;
        let mut nested: Vec<(String, String)> = Vec::new();
        for p in properties.values_mut() {
            let found = inputs.iter().find_map(|(verb, shape)| {
                shape
                    .members
                    .get(&p.name)
                    .map(|m| (format!("{verb}{name}.{}", p.name), m.shape.clone()))
            });
            match found {
                Some((member, shape)) => {
                    report
                        .matched
                        .insert(format!("{name}.{}", p.name), format!("{member} ({shape})"));
                    constrain(model, p, &shape, report, &mut nested);
                }
                None => report.unmatched.push(format!("{name}.{}", p.name)),
            }
        }
        // Property types reached from matched members, breadth first; each type once.
        let mut done = std::collections::BTreeSet::new();
        while let Some((type_name, shape_name)) = nested.pop() {
            if !done.insert(type_name.clone()) {
                continue;
            }
            let Some(ApiShape { members, .. }) = model.shapes.get(&shape_name) else {
                continue;
            };
            let Some(pt) = property_types.get_mut(&type_name) else {
                continue;
            };
            let PropertyTypeKind::Struct { properties } = &mut pt.kind else {
                continue;
            };
            for p in properties.values_mut() {
                match members.get(&p.name) {
                    Some(m) => {
                        report.matched.insert(
                            format!("{name}.{type_name}.{}", p.name),
                            format!("{shape_name}.{} ({})", p.name, m.shape),
                        );
                        constrain(model, p, &m.shape, report, &mut nested);
                    }
                    None => report
                        .unmatched
                        .push(format!("{name}.{type_name}.{}", p.name)),
                }
            }
        }
    }
}

/// Constrains `p` by the shape `shape_name`, following the property's own shape.
fn constrain(
    model: &ApiModel,
    p: &mut Property,
    shape_name: &str,
    report: &mut MatchReport,
    nested: &mut Vec<(String, String)>,
) {
    if p.shape == Shape::Json && is_string_map(model, shape_name) {
        p.checked_as = Some(Shape::Map(Box::new(Shape::Primitive(Primitive::String))));
    }
    let mut shape = &p.shape;
    let mut api_name = shape_name.to_owned();
    // Lists and maps: the constraints of the container, then follow to the element.
    loop {
        let Some(api) = model.shapes.get(&api_name) else {
            return;
        };
        match (shape, api.ty.as_str()) {
            (Shape::List(inner), "list") => {
                let added = add(&mut p.constraints.0, container_constraints(api), &api_name);
                report.constraints_added += added;
                let Some(member) = &api.member else { return };
                shape = inner;
                api_name = member.shape.clone();
            }
            (Shape::Map(inner), "map") => {
                let Some(value) = &api.value else { return };
                shape = inner;
                api_name = value.shape.clone();
            }
            (Shape::Named(type_name), "structure") => {
                nested.push((type_name.clone(), api_name.clone()));
                return;
            }
            (Shape::Primitive(_), _) if shape == &p.shape => {
                report.constraints_added += add(
                    &mut p.constraints.0,
                    scalar_constraints(&api_name, api),
                    &api_name,
                );
                return;
            }
            // Constraints on list elements or map values have no slot in the model yet.
            _ => return,
        }
    }
}

/// Whether the API shape `name` is a map from strings to strings.
fn is_string_map(model: &ApiModel, name: &str) -> bool {
    let Some(api) = model.shapes.get(name) else {
        return false;
    };
    let value = api.value.as_ref().and_then(|v| model.shapes.get(&v.shape));
    api.ty == "map" && value.is_some_and(|v| v.ty == "string")
}

fn container_constraints(api: &ApiShape) -> Vec<ConstraintKind> {
    let (min, max) = (api.min.map(|v| v as u64), api.max.map(|v| v as u64));
    if min.is_some() || max.is_some() {
        vec![ConstraintKind::Items { min, max }]
    } else {
        Vec::new()
    }
}

fn scalar_constraints(name: &str, api: &ApiShape) -> Vec<ConstraintKind> {
    let mut out = Vec::new();
    if !api.enum_values.is_empty() {
        out.push(ConstraintKind::AllowedValues(api.enum_values.clone()));
    }
    match api.ty.as_str() {
        "integer" | "long" | "double" | "float" if api.min.is_some() || api.max.is_some() => {
            out.push(ConstraintKind::Range {
                min: api.min,
                max: api.max,
            });
        }
        "string" => {
            let (min, max) = match (api.min, api.max) {
                (None, None) => {
                    length_from_name(name).map_or((None, None), |(a, b)| (Some(a), Some(b)))
                }
                (min, max) => (min.map(|v| v as u64), max.map(|v| v as u64)),
            };
            if min.is_some() || max.is_some() {
                out.push(ConstraintKind::Length { min, max });
            }
            if let Some(p) = &api.pattern {
                out.push(ConstraintKind::Pattern(p.clone()));
            }
        }
        _ => {}
    }
    out
}

/// `StringWithLengthBetween1And1024` → `(1, 1024)`.
fn length_from_name(name: &str) -> Option<(u64, u64)> {
    let (_, bounds) = name.split_once("WithLengthBetween")?;
    let (a, b) = bounds.split_once("And")?;
    Some((a.parse().ok()?, b.parse().ok()?))
}

/// Adds constraints another source does not already state; returns how many were added.
fn add(existing: &mut Vec<Constraint>, kinds: Vec<ConstraintKind>, shape: &str) -> usize {
    let mut added = 0;
    for kind in kinds {
        match existing.iter_mut().find(|c| c.kind == kind) {
            // Stated already: remember the shape's name, which names the enum of a value set.
            Some(same) => {
                same.shape.get_or_insert_with(|| shape.to_owned());
            }
            None => {
                existing.push(Constraint {
                    kind,
                    source: Source::ApiModel,
                    shape: Some(shape.to_owned()),
                });
                added += 1;
            }
        }
    }
    added
}

#[cfg(test)]
mod tests {
    use super::length_from_name;

    #[test]
    fn lengths_from_shape_names() {
        assert_eq!(
            length_from_name("StringWithLengthBetween1And1024"),
            Some((1, 1024))
        );
        assert_eq!(
            length_from_name("UriWithLengthBetween1And2048"),
            Some((1, 2048))
        );
        assert_eq!(length_from_name("SelectionExpression"), None);
        assert_eq!(length_from_name("XWithLengthBetweenAAndB"), None);
    }
}
