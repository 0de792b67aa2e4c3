//! Stage 3d: resolves every relationship of a service (the service database's
//! `relationshipRefs`) to the expression a template uses to obtain the value it wants from the
//! target, so that emitters and validators need no per-property knowledge:
//!
//! - the target's `Ref` returns the wanted property (its `cfnRefIdentifier`, else its single
//!   primary identifier) → [`Via::Ref`];
//! - else the wanted property is an attribute of the target → [`Via::GetAtt`];
//! - else generation fails, naming the relationship.
//!
//! The documented form around the value (`integrations/{IntegrationId}`) comes from the
//! hand-written overlay `overlay/references.json`; an overlay entry that matches no relationship
//! is an error, so a stale overlay fails loudly. Targets outside the service are taken from the
//! sliced `referencedResources` and put in [`Service::referenced`].

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::error::{Error, Result, pointer};
use crate::ledger::{ItemKey, Ledger};
use crate::model::{
    Attribute, Docs, ReferenceForm, ReferencedResource, Service, Shape, Source, Via,
};
use crate::read::Inputs;
use crate::read::service_spec::{SsReferenced, SsType};

/// What `Ref` returns and which attributes a target type has.
struct TargetFacts {
    ref_identifier: Vec<String>,
    attributes: BTreeSet<String>,
}

/// Fills `via` and `form` of every relationship of `service`, and `service.referenced`.
///
/// # Errors
///
/// A relationship whose target is unknown; an overlay form that is malformed or matches no
/// relationship. (A relationship whose wanted property is neither what the target's `Ref`
/// returns nor one of its attributes gets no handle, with a note in the ledger.)
pub fn resolve(inputs: &Inputs, service: &mut Service, ledger: &mut Ledger) -> Result<()> {
    let prefix = format!("{}::", service.namespace);
    let mut targets: BTreeMap<String, TargetFacts> = BTreeMap::new();
    for resource in service.resources.values() {
        targets.insert(
            resource.type_name.clone(),
            TargetFacts {
                ref_identifier: resource.primary_identifier.clone(),
                attributes: resource.attributes.keys().cloned().collect(),
            },
        );
    }
    // Every sliced target outside the service is read, so every one enters the ledger and the
    // model (the slice holds only types that relationships name).
    let mut referenced = BTreeMap::new();
    for (file, spec) in &inputs.service_spec {
        for r in &spec.resources {
            if let (Some(id), Some(facts)) = (
                &r.cfn_ref_identifier,
                targets.get_mut(&r.cloud_formation_type),
            ) {
                facts.ref_identifier.clone_from(id);
            }
        }
        for r in &spec.referenced_resources {
            if r.cloud_formation_type.starts_with(&prefix) {
                continue;
            }
            let target = referenced_resource(file, r, ledger)?;
            targets.insert(
                target.type_name.clone(),
                TargetFacts {
                    ref_identifier: target.ref_identifier.clone(),
                    attributes: target.attributes.keys().cloned().collect(),
                },
            );
            referenced.insert(target.type_name.clone(), target);
        }
    }

    let mut forms = read_forms(inputs)?;
    let mut open = read_open(inputs);
    let mut unresolved = Vec::new();
    for resource in service.resources.values_mut() {
        let tn = resource.type_name.clone();
        for p in resource.properties.values_mut() {
            if let Some((sources, _)) = open.remove(&(tn.clone(), p.name.clone())) {
                if p.relationships.is_empty() {
                    return Err(Error::new(
                        &resource.file,
                        "",
                        format!("overlay: {tn}.{} is open but has no relationships", p.name),
                    ));
                }
                ledger.kept(Source::Overlay, ItemKey::open_reference(&tn, &p.name));
                p.open_references = Some(sources);
            }
            for r in &mut p.relationships {
                let at = || format!("{tn}.{} -> {}.{}", p.name, r.target_type, r.target_property);
                let facts = targets.get(&r.target_type).ok_or_else(|| {
                    Error::new(
                        &resource.file,
                        "",
                        format!(
                            "relationship {}: no resource type `{}`",
                            at(),
                            r.target_type
                        ),
                    )
                })?;
                r.via = if facts.ref_identifier == [r.target_property.clone()] {
                    Some(Via::Ref)
                } else if facts.attributes.contains(&r.target_property) {
                    Some(Via::GetAtt(r.target_property.clone()))
                } else {
                    // Upstream data that no expression satisfies (an alias's `Id`, which its
                    // `Ref` does not return and no attribute names): the relationship stays in
                    // the docs and tables, but gives no handle and is not judged by `ref-type`.
                    unresolved.push(format!(
                        "relationship {}: `Ref` of `{}` returns {:?} and `{}` is not one of its \
                         attributes ({:?}), so no expression gives the value; no typed handle",
                        at(),
                        r.target_type,
                        facts.ref_identifier,
                        r.target_property,
                        facts.attributes
                    ));
                    None
                };
                let form_key = (tn.clone(), p.name.clone(), r.target_type.clone());
                if let Some((form, item)) = forms.remove(&form_key) {
                    if !form.form.contains(&format!("{{{}}}", r.target_property)) {
                        return Err(Error::new(
                            &item.0,
                            &item.1,
                            format!(
                                "form `{}` does not hold `{{{}}}`, the relationship's property",
                                form.form, r.target_property
                            ),
                        ));
                    }
                    ledger.kept(
                        Source::Overlay,
                        ItemKey::reference_form(&tn, &p.name, &r.target_type),
                    );
                    r.form = Some(form);
                }
            }
        }
    }
    if let Some(((resource, property, target), (_, (file, at)))) = forms
        .into_iter()
        .find(|((r, _, _), _)| r.starts_with(&prefix))
    {
        return Err(Error::new(
            file,
            at,
            format!("no relationship {resource}.{property} -> {target} for this form"),
        ));
    }
    if let Some(((resource, property), (_, (file, at)))) =
        open.into_iter().find(|((r, _), _)| r.starts_with(&prefix))
    {
        return Err(Error::new(
            file,
            at,
            format!("no property {resource}.{property} for this open reference"),
        ));
    }
    service.referenced = referenced;
    ledger.notes.extend(unresolved);
    Ok(())
}

/// The overlay's open references by `(resource, property)`: sources, and where each was read.
type OpenEntries = BTreeMap<(String, String), (Vec<String>, (std::path::PathBuf, String))>;

fn read_open(inputs: &Inputs) -> OpenEntries {
    let Some((file, overlay)) = &inputs.references else {
        return BTreeMap::new();
    };
    overlay
        .open_references
        .iter()
        .enumerate()
        .map(|(i, entry)| {
            let sources = entry
                .sources
                .iter()
                .map(|c| format!("{}: \"{}\"", c.url, c.quote))
                .collect();
            (
                (entry.resource.clone(), entry.property.clone()),
                (sources, (file.clone(), format!("/openReferences/{i}"))),
            )
        })
        .collect()
}

/// A form with where it was read: `(file, pointer)`.
type Located = (ReferenceForm, (std::path::PathBuf, String));

/// The overlay's forms by `(resource, property, target)`.
fn read_forms(inputs: &Inputs) -> Result<BTreeMap<(String, String, String), Located>> {
    let mut forms = BTreeMap::new();
    let Some((file, overlay)) = &inputs.references else {
        return Ok(forms);
    };
    for (i, entry) in overlay.reference_forms.iter().enumerate() {
        let at = format!("/referenceForms/{i}");
        let open = entry.form.find('{');
        let close = entry.form.find('}');
        let (Some(open), Some(close)) = (open, close) else {
            return Err(Error::new(
                file,
                pointer(&at, "form"),
                "a form holds the value as `{Property}`",
            ));
        };
        if entry.sources.is_empty() {
            return Err(Error::new(
                file,
                pointer(&at, "sources"),
                "every form cites at least one source",
            ));
        }
        let form = ReferenceForm {
            form: entry.form.clone(),
            prefix: entry.form[..open].to_owned(),
            suffix: entry.form[close + 1..].to_owned(),
            sources: entry
                .sources
                .iter()
                .map(|c| format!("{}: \"{}\"", c.url, c.quote))
                .collect(),
        };
        let key = (
            entry.resource.clone(),
            entry.property.clone(),
            entry.target.clone(),
        );
        if forms
            .insert(key, (form, (file.clone(), at.clone())))
            .is_some()
        {
            return Err(Error::new(
                file,
                at,
                "a second form for the same relationship",
            ));
        }
    }
    Ok(forms)
}

/// A sliced resource type outside the service, in model form; its facts enter the ledger.
fn referenced_resource(
    file: &Path,
    ss: &SsReferenced,
    ledger: &mut Ledger,
) -> Result<ReferencedResource> {
    let tn = &ss.cloud_formation_type;
    ledger.kept(Source::ServiceSpec, ItemKey::referenced_resource(tn));
    let mut attributes = BTreeMap::new();
    for (name, sa) in &ss.attributes {
        let at = pointer("/referencedResources", tn);
        // An object-valued attribute names a type definition the slice does not carry.
        let shape = match &sa.ty {
            SsType::Ref { .. } => Shape::Json,
            ty => ty.to_shape(&BTreeMap::new(), file, &at)?,
        };
        ledger.kept(Source::ServiceSpec, ItemKey::referenced_attribute(tn, name));
        attributes.insert(
            name.clone(),
            Attribute {
                name: name.clone(),
                docs: Docs {
                    text: sa.documentation.clone().filter(|t| !t.is_empty()),
                    url: None,
                },
                shape,
                sources: BTreeSet::from([Source::ServiceSpec]),
            },
        );
    }
    Ok(ReferencedResource {
        type_name: tn.clone(),
        docs: Docs {
            text: ss.documentation.clone(),
            url: None,
        },
        ref_identifier: ss
            .cfn_ref_identifier
            .clone()
            .unwrap_or_else(|| ss.primary_identifier.clone()),
        attributes,
    })
}
