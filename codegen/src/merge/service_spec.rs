//! Stage 2, third source: the CDK service database (documentation, relationships, and facts
//! only it still lists).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{merge_attribute, older_only};
use crate::error::{Result, pointer};
use crate::ledger::{ItemKey, Ledger};
use crate::model::{Property, PropertyType, PropertyTypeKind, Resource, Shape, Source, UpdateType};
use crate::read::service_spec::{ServiceSpec, SsProperty};

pub(super) fn merge_service_spec(
    file: &Path,
    spec: &ServiceSpec,
    resources: &mut BTreeMap<String, (PathBuf, Resource)>,
    ledger: &mut Ledger,
) -> Result<()> {
    let names = spec.names_by_id();
    let reason =
        "only the CDK service database still lists this; the current registry schema does not";
    for (i, sr) in spec.resources.iter().enumerate() {
        let at = format!("/resources/{i}");
        let tn = &sr.cloud_formation_type;
        ledger.kept(Source::ServiceSpec, ItemKey::resource(tn));
        let (_, resource) = resources
            .entry(tn.clone())
            .or_insert_with(|| older_only(file, tn, reason.to_owned()));
        if sr.documentation.is_some() {
            resource.docs.text = sr.documentation.clone();
        }
        for (name, sp) in &sr.properties {
            let prop_at = pointer(&pointer(&at, "properties"), name);
            ledger.kept(Source::ServiceSpec, ItemKey::property(tn, name));
            for r in sp.relationships() {
                ledger.kept(
                    Source::ServiceSpec,
                    ItemKey::relationship(tn, name, &r.target_type, &r.target_property),
                );
            }
            let shape = sp.ty.to_shape(&names, file, &prop_at)?;
            merge_ss_property(&mut resource.properties, name, sp, shape).relationships =
                sp.relationships();
        }
        for (name, sa) in &sr.attributes {
            let attr_at = pointer(&pointer(&at, "attributes"), name);
            ledger.kept(Source::ServiceSpec, ItemKey::attribute(tn, name));
            let shape = sa.ty.to_shape(&names, file, &attr_at)?;
            let text = sa.documentation.clone();
            merge_attribute(resource, name, shape, Source::ServiceSpec, text);
        }
        for def in spec.types_of(sr) {
            let pt_key = ItemKey::property_type(tn, &def.name);
            let def_at = format!(
                "/typeDefinitions/{}",
                spec.type_definitions
                    .iter()
                    .position(|t| t.id == def.id)
                    .unwrap_or(0)
            );
            match resource.property_types.get_mut(&def.name) {
                Some(PropertyType {
                    kind: PropertyTypeKind::Struct { properties },
                    docs,
                    ..
                }) => {
                    ledger.kept(Source::ServiceSpec, pt_key);
                    if def.documentation.is_some() {
                        docs.text = def.documentation.clone();
                    }
                    for (name, sp) in &def.properties {
                        let prop_at = pointer(&pointer(&def_at, "properties"), name);
                        ledger.kept(
                            Source::ServiceSpec,
                            ItemKey::type_property(tn, &def.name, name),
                        );
                        let shape = sp.ty.to_shape(&names, file, &prop_at)?;
                        merge_ss_property(properties, name, sp, shape);
                    }
                }
                _ => {
                    let why = format!(
                        "the registry schema has no object type `{}`; the service database's type of that name is \
                         not generated",
                        def.name
                    );
                    for p in def.properties.keys() {
                        ledger.superseded(
                            Source::ServiceSpec,
                            ItemKey::type_property(tn, &def.name, p),
                            why.clone(),
                        );
                    }
                    ledger.superseded(Source::ServiceSpec, pt_key, why);
                }
            }
        }
    }
    Ok(())
}

/// Adds what the service database says of a property (creating it if no other source has it)
/// and returns it.
fn merge_ss_property<'a>(
    properties: &'a mut BTreeMap<String, Property>,
    name: &str,
    sp: &SsProperty,
    shape: Shape,
) -> &'a mut Property {
    let prop = properties
        .entry(name.to_owned())
        .or_insert_with(|| Property::new(name, shape, sp.required, UpdateType::Unknown));
    prop.sources.insert(Source::ServiceSpec);
    if sp.documentation.is_some() {
        prop.docs.text = sp.documentation.clone();
    }
    prop
}
