//! Stage 2: folds the facts of every source into one [`Service`] per namespace.
//!
//! # Merge rule
//! - **Existence and types**: the registry schema is authoritative. A resource, property,
//!   attribute or property type exists if the registry has it; its shape is the registry's.
//!   Read-only registry properties are attributes, not settable properties.
//! - **Facts only older sources still have** are kept, never dropped: a property that only the
//!   legacy specification or the service database still lists (e.g. `Stage.AccessPolicyId`) is
//!   generated with `#[deprecated]` and the reason, using the newest shape any source gives
//!   (service database, then legacy). A legacy property type that nothing generated refers to
//!   any more, and whose name the registry now uses for something else, is recorded as
//!   *superseded* in the ledger (printed in the summary) rather than generated.
//! - **Required**: the registry's `required` (the legacy `Required` only for deprecated facts).
//! - **Update behaviour**: registry `createOnlyProperties` → replacement; otherwise the legacy
//!   `UpdateType` (`Mutable`/`Conditional`); otherwise `Mutable` for registry properties.
//! - **Documentation text**: the newest text wins: service database, then `cfn-docs.json`, then
//!   the registry `description`. **Documentation URL**: the legacy specification's.
//! - **Constraints**: the registry's; the enrichment stages ([`crate::enrich`]) add the API
//!   model's and the overlay's, each remembering its source; one stated by both is kept once.
//! - **Relationships**: the service database's `relationshipRefs`.
//! - **Attribute types**: an attribute whose shape names a property type the resource does not
//!   have (the service database types `Stack.Outputs` as a list of its `Output`, which the
//!   registry schema does not define) holds JSON in that place (a list of JSON).
//!
//! One file per source, folded in this order: `registry.rs`, `legacy.rs`, `service_spec.rs`.
//! Every fact read is entered in a [`Ledger`] with where it went; [`crate::generate`] checks that
//! everything the ledger says was kept was emitted.

mod legacy;
mod registry;
mod service_spec;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result, pointer};
use crate::ledger::Ledger;
use crate::model::{Attribute, Docs, PropertyTypeKind, Resource, RuleSet, Service, Shape, Source};
use crate::read::Inputs;

/// Merges all inputs into services (by namespace, in namespace order) and the ledger.
///
/// The services carry what the sources state; [`crate::enrich`] adds what follows from them.
pub fn merge(inputs: &Inputs) -> Result<(Vec<Service>, Ledger)> {
    let mut ledger = Ledger::default();
    let mut resources: BTreeMap<String, (PathBuf, Resource)> = BTreeMap::new();

    for (file, schema) in &inputs.registry {
        let resource = registry::from_registry(file, schema, &mut ledger)?;
        if let Some((other, _)) = resources.get(&schema.type_name) {
            return Err(Error::new(
                file,
                "/typeName",
                format!(
                    "`{}` is also defined by {}",
                    schema.type_name,
                    other.display()
                ),
            ));
        }
        resources.insert(schema.type_name.clone(), (file.clone(), resource));
    }
    if let Some((file, spec)) = &inputs.legacy {
        let docs = inputs.legacy_docs.as_ref().map(|(_, d)| d);
        legacy::merge_legacy(file, spec, docs, &mut resources, &mut ledger)?;
    }
    for (file, spec) in &inputs.service_spec {
        service_spec::merge_service_spec(file, spec, &mut resources, &mut ledger)?;
    }

    let mut services: BTreeMap<String, Service> = BTreeMap::new();
    let legacy_version = inputs
        .legacy
        .as_ref()
        .map(|(_, s)| s.resource_specification_version.as_str());
    for (type_name, (file, mut resource)) in resources {
        fill_default_urls(&mut resource);
        mark_deprecated(&mut resource, legacy_version);
        untype_missing_attribute_types(&mut resource);
        check_references(&file, &resource)?;
        let namespace = namespace_of(&type_name).ok_or_else(|| {
            Error::new(
                &file,
                "/typeName",
                format!("`{type_name}` is not of the form `AWS::Service::Resource`"),
            )
        })?;
        services
            .entry(namespace.to_owned())
            .or_insert_with(|| Service {
                namespace: namespace.to_owned(),
                resources: BTreeMap::new(),
                inputs: inputs.files.clone(),
                enums: BTreeMap::new(),
                referenced: BTreeMap::new(),
                rules: RuleSet::default(),
            })
            .resources
            .insert(resource.name.clone(), resource);
    }
    Ok((services.into_values().collect(), ledger))
}

/// `AWS::ApiGatewayV2::Integration` → `AWS::ApiGatewayV2`.
pub fn namespace_of(type_name: &str) -> Option<&str> {
    let (ns, name) = type_name.rsplit_once("::")?;
    (ns.contains("::") && !name.is_empty()).then_some(ns)
}

fn file_name(file: &Path) -> String {
    file.to_string_lossy().replace('\\', "/")
}

/// A resource that an older source lists and no newer one has (yet): deprecated for `reason`,
/// until a newer source declares it.
fn older_only(file: &Path, type_name: &str, reason: String) -> (PathBuf, Resource) {
    let resource = Resource {
        type_name: type_name.to_owned(),
        name: short_name(type_name).to_owned(),
        docs: Docs::default(),
        properties: BTreeMap::new(),
        attributes: BTreeMap::new(),
        property_types: BTreeMap::new(),
        primary_identifier: Vec::new(),
        deprecated: Some(reason),
        file: file_name(file),
    };
    (file.to_path_buf(), resource)
}

/// Records that `source` lists the attribute `name`: added with `shape` if no source before it
/// had it; its documentation text replaced by `text` where `source` has one (the mergers run in
/// the order of the documentation's precedence, the newest last).
fn merge_attribute(
    resource: &mut Resource,
    name: &str,
    shape: Shape,
    source: Source,
    text: Option<String>,
) {
    let attribute = resource
        .attributes
        .entry(name.to_owned())
        .or_insert_with(|| Attribute {
            name: name.to_owned(),
            docs: Docs::default(),
            shape,
            sources: BTreeSet::new(),
        });
    attribute.sources.insert(source);
    if text.is_some() {
        attribute.docs.text = text;
    }
}

fn short_name(type_name: &str) -> &str {
    type_name.rsplit_once("::").map_or(type_name, |(_, n)| n)
}

/// A property the registry does not have is deprecated; the note names the sources that still
/// list it.
fn mark_deprecated(resource: &mut Resource, legacy_version: Option<&str>) {
    let structs = resource
        .property_types
        .values_mut()
        .filter_map(|pt| match &mut pt.kind {
            PropertyTypeKind::Struct { properties } => Some(properties),
            PropertyTypeKind::Alias(_) => None,
        });
    for properties in std::iter::once(&mut resource.properties).chain(structs) {
        for p in properties
            .values_mut()
            .filter(|p| !p.sources.contains(&Source::Registry))
        {
            let mut listed_by = Vec::new();
            if p.sources.contains(&Source::Legacy) {
                listed_by.push(format!(
                    "the legacy CloudFormation resource specification ({})",
                    legacy_version.unwrap_or("unknown version")
                ));
            }
            if p.sources.contains(&Source::ServiceSpec) {
                listed_by.push("the CDK service database".to_owned());
            }
            p.deprecated = Some(format!(
                "not in the current CloudFormation registry schema; only {} still list{} it",
                listed_by.join(" and "),
                if listed_by.len() == 1 { "s" } else { "" }
            ));
        }
    }
}

/// Resources and property types that no source gave a documentation URL get the one the AWS
/// documentation's naming convention gives (the same convention every legacy URL follows).
fn fill_default_urls(resource: &mut Resource) {
    const BASE: &str = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/";
    let parts: Vec<String> = resource
        .type_name
        .split("::")
        .skip(1)
        .map(str::to_lowercase)
        .collect();
    let slug = parts.join("-");
    let page = format!("{BASE}aws-resource-{slug}.html");
    let anchor_base = format!("cfn-{slug}");
    resource.docs.url.get_or_insert_with(|| page.clone());
    for p in resource.properties.values_mut() {
        let url = format!("{page}#{anchor_base}-{}", p.name.to_lowercase());
        p.docs.url.get_or_insert(url);
    }
    for pt in resource.property_types.values_mut() {
        let pt_slug = format!("{slug}-{}", pt.name.to_lowercase());
        let pt_page = format!("{BASE}aws-properties-{pt_slug}.html");
        pt.docs.url.get_or_insert_with(|| pt_page.clone());
        if let PropertyTypeKind::Struct { properties } = &mut pt.kind {
            for p in properties.values_mut() {
                let url = format!("{pt_page}#cfn-{pt_slug}-{}", p.name.to_lowercase());
                p.docs.url.get_or_insert(url);
            }
        }
    }
}

/// See "Attribute types" in the merge rule: an attribute's `Named` shape that names no property
/// type of the resource becomes `Json`, inside lists and maps too.
fn untype_missing_attribute_types(resource: &mut Resource) {
    fn untype(shape: &mut Shape, exists: &dyn Fn(&str) -> bool) {
        match shape {
            Shape::List(inner) | Shape::Map(inner) => untype(inner, exists),
            Shape::Named(name) if !exists(name) => *shape = Shape::Json,
            Shape::Named(_) | Shape::Primitive(_) | Shape::Json => {}
        }
    }
    let types = &resource.property_types;
    for attribute in resource.attributes.values_mut() {
        untype(&mut attribute.shape, &|name| types.contains_key(name));
    }
}

/// Every `Named` shape must name a property type of the same resource.
fn check_references(file: &Path, resource: &Resource) -> Result<()> {
    let check = |shape: &Shape, at: String| -> Result<()> {
        match shape.named() {
            Some(n) if !resource.property_types.contains_key(n) => Err(Error::new(
                file,
                at,
                format!(
                    "`{}` refers to property type `{n}`, which no source defines",
                    resource.type_name
                ),
            )),
            _ => Ok(()),
        }
    };
    for p in resource.properties.values() {
        check(&p.shape, pointer("/properties", &p.name))?;
    }
    for a in resource.attributes.values() {
        check(&a.shape, pointer("/attributes", &a.name))?;
    }
    for pt in resource.property_types.values() {
        let at = pointer("/definitions", &pt.name);
        match &pt.kind {
            PropertyTypeKind::Struct { properties } => {
                for p in properties.values() {
                    check(&p.shape, pointer(&format!("{at}/properties"), &p.name))?;
                }
            }
            PropertyTypeKind::Alias(shape) => check(shape, at)?,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Primitive, PropertyType};

    #[test]
    fn an_attribute_naming_a_type_the_resource_lacks_holds_json() {
        let (_, mut resource) = older_only(Path::new("t.json"), "AWS::X::Stack", String::new());
        resource.property_types.insert(
            "Kept".to_owned(),
            PropertyType {
                name: "Kept".to_owned(),
                docs: Docs::default(),
                kind: PropertyTypeKind::Alias(Shape::Primitive(Primitive::String)),
                deprecated: None,
            },
        );
        let cases = [
            (
                Shape::Named("Kept".to_owned()),
                Shape::Named("Kept".to_owned()),
            ),
            (Shape::Named("Output".to_owned()), Shape::Json),
            (
                Shape::List(Box::new(Shape::Named("Output".to_owned()))),
                Shape::List(Box::new(Shape::Json)),
            ),
            (
                Shape::Map(Box::new(Shape::List(Box::new(Shape::Named(
                    "Gone".to_owned(),
                ))))),
                Shape::Map(Box::new(Shape::List(Box::new(Shape::Json)))),
            ),
            (
                Shape::Primitive(Primitive::Integer),
                Shape::Primitive(Primitive::Integer),
            ),
        ];
        for (i, (shape, _)) in cases.iter().enumerate() {
            merge_attribute(
                &mut resource,
                &format!("A{i}"),
                shape.clone(),
                Source::ServiceSpec,
                None,
            );
        }
        assert!(check_references(Path::new("t.json"), &resource).is_err());
        untype_missing_attribute_types(&mut resource);
        for (i, (_, expected)) in cases.iter().enumerate() {
            assert_eq!(
                &resource.attributes[&format!("A{i}")].shape,
                expected,
                "A{i}"
            );
        }
        check_references(Path::new("t.json"), &resource).unwrap();
    }
}
