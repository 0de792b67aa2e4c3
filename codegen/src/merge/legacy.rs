//! Stage 2, second source: the legacy resource specification and its documentation file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{merge_attribute, older_only};
use crate::error::{Error, Result, pointer};
use crate::ledger::{ItemKey, Ledger};
use crate::model::{Docs, Property, PropertyType, PropertyTypeKind, Resource, Source, UpdateType};
use crate::read::legacy::{self, LegacyProperty};

fn legacy_only_reason(version: &str) -> String {
    format!(
        "only the legacy CloudFormation resource specification ({version}) still lists this; \
         the current registry schema does not"
    )
}

pub(super) fn merge_legacy(
    file: &Path,
    spec: &legacy::LegacySpec,
    docs: Option<&legacy::DocsFile>,
    resources: &mut BTreeMap<String, (PathBuf, Resource)>,
    ledger: &mut Ledger,
) -> Result<()> {
    let spec = &localize_shared_property_types(spec);
    check_legacy_references(file, spec)?;
    let version = &spec.resource_specification_version;
    let type_docs = |name: &str| docs.and_then(|d| d.types.get(name));
    for (tn, lr) in &spec.resource_types {
        let at = pointer("/ResourceTypes", tn);
        ledger.kept(Source::Legacy, ItemKey::resource(tn));
        let (_, resource) = resources
            .entry(tn.clone())
            .or_insert_with(|| older_only(file, tn, legacy_only_reason(version)));
        resource.docs.url = lr.documentation.clone().or(resource.docs.url.take());
        let td = type_docs(tn);
        if let Some(text) = td.and_then(|d| d.description.clone()) {
            resource.docs.text = Some(text);
        }
        for (name, lp) in &lr.properties {
            let prop_at = pointer(&pointer(&at, "Properties"), name);
            ledger.kept(Source::Legacy, ItemKey::property(tn, name));
            let text = td.and_then(|d| d.properties.get(name)).cloned();
            merge_legacy_property(file, &prop_at, &mut resource.properties, name, lp, text)?;
        }
        for (name, la) in &lr.attributes {
            let attr_at = pointer(&pointer(&at, "Attributes"), name);
            ledger.kept(Source::Legacy, ItemKey::attribute(tn, name));
            let text = td.and_then(|d| d.attributes.get(name)).cloned();
            let shape = la.shape.to_shape(file, &attr_at)?;
            merge_attribute(resource, name, shape, Source::Legacy, text);
        }
    }
    for (full, lpt) in &spec.property_types {
        let at = pointer("/PropertyTypes", full);
        let Some((tn, pt_name)) = full.split_once('.') else {
            return Err(Error::new(
                file,
                at,
                "expected `AWS::Service::Resource.PropertyType`",
            ));
        };
        let td = type_docs(full);
        let Some((_, resource)) = resources.get_mut(tn) else {
            return Err(Error::new(
                file,
                at,
                format!("property type of `{tn}`, which no source defines"),
            ));
        };
        let pt_key = ItemKey::property_type(tn, pt_name);
        let prop_keys = lpt
            .properties
            .keys()
            .map(|p| ItemKey::type_property(tn, pt_name, p));
        match resource.property_types.get_mut(pt_name) {
            Some(PropertyType {
                kind: PropertyTypeKind::Struct { properties },
                docs,
                ..
            }) => {
                ledger.kept(Source::Legacy, pt_key);
                docs.url = lpt.documentation.clone();
                if let Some(text) = td.and_then(|d| d.description.clone()) {
                    docs.text = Some(text);
                }
                for (name, lp) in &lpt.properties {
                    let prop_at = pointer(&pointer(&at, "Properties"), name);
                    ledger.kept(Source::Legacy, ItemKey::type_property(tn, pt_name, name));
                    let text = td.and_then(|d| d.properties.get(name)).cloned();
                    merge_legacy_property(file, &prop_at, properties, name, lp, text)?;
                }
            }
            Some(PropertyType {
                kind: PropertyTypeKind::Alias(_),
                ..
            }) => {
                let reason = format!(
                    "the registry schema now defines `{pt_name}` as a non-object type; the legacy struct of \
                     that name is not generated"
                );
                for k in prop_keys {
                    ledger.superseded(Source::Legacy, k, reason.clone());
                }
                ledger.superseded(Source::Legacy, pt_key, reason);
            }
            None => {
                ledger.kept(Source::Legacy, pt_key);
                let mut properties = BTreeMap::new();
                for (name, lp) in &lpt.properties {
                    let prop_at = pointer(&pointer(&at, "Properties"), name);
                    ledger.kept(Source::Legacy, ItemKey::type_property(tn, pt_name, name));
                    let text = td.and_then(|d| d.properties.get(name)).cloned();
                    merge_legacy_property(file, &prop_at, &mut properties, name, lp, text)?;
                }
                let kind = if lpt.properties.is_empty()
                    && (lpt.shape.primitive_type.is_some() || lpt.shape.ty.is_some())
                {
                    PropertyTypeKind::Alias(lpt.shape.to_shape(file, &at)?)
                } else {
                    PropertyTypeKind::Struct { properties }
                };
                resource.property_types.insert(
                    pt_name.to_owned(),
                    PropertyType {
                        name: pt_name.to_owned(),
                        docs: Docs {
                            text: td.and_then(|d| d.description.clone()),
                            url: lpt.documentation.clone(),
                        },
                        kind,
                        deprecated: Some(legacy_only_reason(version)),
                    },
                );
            }
        }
    }
    Ok(())
}

/// The legacy specification shares a few property types between all resources (`Tag`, keyed
/// without a resource). The model's property types belong to a resource: each resource that uses
/// a shared type gets its own copy (`AWS::S3::Bucket.Tag`), as the registry schemas have it.
fn localize_shared_property_types(spec: &legacy::LegacySpec) -> legacy::LegacySpec {
    let mut out = spec.clone();
    let shared: BTreeMap<&String, &legacy::LegacyPropertyType> = spec
        .property_types
        .iter()
        .filter(|(name, _)| !name.contains('.'))
        .collect();
    if shared.is_empty() {
        return out;
    }
    out.property_types.retain(|name, _| name.contains('.'));
    // Until nothing changes: a copied type may use another shared type.
    loop {
        let mut added = Vec::new();
        let owners = out
            .resource_types
            .iter()
            .map(|(tn, r)| (tn.as_str(), &r.properties))
            .chain(out.property_types.iter().map(|(full, pt)| {
                (
                    full.split_once('.').map_or(full.as_str(), |(tn, _)| tn),
                    &pt.properties,
                )
            }));
        for (tn, properties) in owners {
            for lp in properties.values() {
                for named in [&lp.shape.ty, &lp.shape.item_type].into_iter().flatten() {
                    let local = format!("{tn}.{named}");
                    if let Some(pt) = shared.get(named)
                        && !out.property_types.contains_key(&local)
                    {
                        added.push((local, (*pt).clone()));
                    }
                }
            }
        }
        if added.is_empty() {
            return out;
        }
        out.property_types.extend(added);
    }
}

/// Every property-type name a legacy property uses must be defined for its resource.
fn check_legacy_references(file: &Path, spec: &legacy::LegacySpec) -> Result<()> {
    let owners = spec
        .resource_types
        .iter()
        .map(|(tn, r)| (tn.as_str(), pointer("/ResourceTypes", tn), &r.properties))
        .chain(spec.property_types.iter().map(|(full, pt)| {
            (
                full.split_once('.').map_or(full.as_str(), |(tn, _)| tn),
                pointer("/PropertyTypes", full),
                &pt.properties,
            )
        }));
    for (tn, at, properties) in owners {
        for (name, lp) in properties {
            let prop_at = pointer(&pointer(&at, "Properties"), name);
            if let Some(named) = lp.shape.to_shape(file, &prop_at)?.named()
                && !spec.property_types.contains_key(&format!("{tn}.{named}"))
            {
                return Err(Error::new(
                    file,
                    prop_at,
                    format!(
                        "refers to property type `{tn}.{named}`, which the file does not define"
                    ),
                ));
            }
        }
    }
    Ok(())
}

fn merge_legacy_property(
    file: &Path,
    at: &str,
    properties: &mut BTreeMap<String, Property>,
    name: &str,
    lp: &LegacyProperty,
    text: Option<String>,
) -> Result<()> {
    let update = legacy::update_type(lp.update_type.as_deref(), file, at)?;
    let shape = lp.shape.to_shape(file, at)?;
    let prop = properties
        .entry(name.to_owned())
        .or_insert_with(|| Property::new(name, shape, lp.required, update));
    prop.sources.insert(Source::Legacy);
    prop.docs.url = lp.documentation.clone().or(prop.docs.url.take());
    if text.is_some() {
        prop.docs.text = text;
    }
    // createOnly (Immutable) from the registry stands; otherwise the legacy spec refines.
    if prop.update != UpdateType::Immutable && update != UpdateType::Unknown {
        prop.update = update;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_legacy_property_types_become_each_resources_own() {
        let spec: legacy::LegacySpec = serde_json::from_value(serde_json::json!({
            "ResourceSpecificationVersion": "1.0.0",
            "PropertyTypes": {
                "Tag": {"Properties": {
                    "Key": {"PrimitiveType": "String", "Required": true},
                    "Value": {"PrimitiveType": "String", "Required": true}
                }},
                "AWS::S::B.Rule": {"Properties": {
                    "Tags": {"Type": "List", "ItemType": "Tag"}
                }}
            },
            "ResourceTypes": {
                "AWS::S::A": {"ScrutinyType": "ResourcePolicyResource", "Properties": {
                    "Tags": {"Type": "List", "ItemType": "Tag", "ScrutinyType": "InlineResourcePolicy"}
                }},
                "AWS::S::B": {"Properties": {
                    "Rule": {"Type": "Rule"}
                }},
                "AWS::S::C": {"Properties": {"Name": {"PrimitiveType": "String"}}}
            }
        }))
        .unwrap();
        let local = localize_shared_property_types(&spec);
        let names: Vec<&str> = local.property_types.keys().map(String::as_str).collect();
        // A resource that uses `Tag` directly or through its own type gets a copy; one that
        // does not, none; the shared entry itself is gone.
        assert_eq!(names, ["AWS::S::A.Tag", "AWS::S::B.Rule", "AWS::S::B.Tag"]);
        check_legacy_references(Path::new("spec.json"), &local).unwrap();
        assert!(check_legacy_references(Path::new("spec.json"), &spec).is_err());
    }
}
