//! Stage 2, first source: the registry schemas, authoritative for what exists and its shape.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::{file_name, namespace_of, short_name};
use crate::error::{Error, Result};
use crate::ledger::{ItemKey, Ledger};
use crate::model::{
    Attribute, Docs, Property, PropertyType, PropertyTypeKind, Resource, Source, UpdateType,
};
use crate::read::registry::{RegistryDefinition, RegistryProperty, RegistrySchema};

pub(super) fn from_registry(
    file: &Path,
    schema: &RegistrySchema,
    ledger: &mut Ledger,
) -> Result<Resource> {
    let tn = &schema.type_name;
    if namespace_of(tn).is_none() {
        return Err(Error::new(
            file,
            "/typeName",
            format!("`{tn}` is not of the form `AWS::Service::Resource`"),
        ));
    }
    ledger.kept(Source::Registry, ItemKey::resource(tn));
    let mut properties = BTreeMap::new();
    let mut attributes = BTreeMap::new();
    for (name, p) in &schema.properties {
        if schema.read_only.contains(name) {
            ledger.kept(Source::Registry, ItemKey::attribute(tn, name));
            attributes.insert(
                name.clone(),
                Attribute {
                    name: name.clone(),
                    docs: Docs {
                        text: p.description.clone(),
                        url: None,
                    },
                    shape: p.shape.clone(),
                    sources: BTreeSet::from([Source::Registry]),
                },
            );
        } else {
            ledger.kept(Source::Registry, ItemKey::property(tn, name));
            let update = if schema.create_only.contains(name) {
                UpdateType::Immutable
            } else {
                UpdateType::Mutable
            };
            properties.insert(name.clone(), registry_property(name, p, update));
        }
    }
    for name in &schema.read_only {
        if !schema.properties.contains_key(name) {
            return Err(Error::new(
                file,
                "/readOnlyProperties",
                format!("`/properties/{name}` is listed as read-only but is not a property"),
            ));
        }
    }
    let mut property_types = BTreeMap::new();
    for (def_name, def) in &schema.definitions {
        ledger.kept(Source::Registry, ItemKey::property_type(tn, def_name));
        let (docs, kind) = match def {
            RegistryDefinition::Struct {
                description,
                properties,
            } => {
                let mut props = BTreeMap::new();
                for (name, p) in properties {
                    ledger.kept(Source::Registry, ItemKey::type_property(tn, def_name, name));
                    props.insert(
                        name.clone(),
                        registry_property(name, p, UpdateType::Unknown),
                    );
                }
                (description, PropertyTypeKind::Struct { properties: props })
            }
            RegistryDefinition::Alias { description, shape } => {
                (description, PropertyTypeKind::Alias(shape.clone()))
            }
        };
        property_types.insert(
            def_name.clone(),
            PropertyType {
                name: def_name.clone(),
                docs: Docs {
                    text: docs.clone(),
                    url: None,
                },
                kind,
                deprecated: None,
            },
        );
    }
    Ok(Resource {
        type_name: tn.clone(),
        name: short_name(tn).to_owned(),
        docs: Docs {
            text: schema.description.clone(),
            url: None,
        },
        properties,
        attributes,
        property_types,
        primary_identifier: schema.primary_identifier.clone(),
        deprecated: None,
        file: file_name(file),
    })
}

fn registry_property(name: &str, p: &RegistryProperty, update: UpdateType) -> Property {
    let mut property = Property::new(name, p.shape.clone(), p.required, update);
    property.docs.text = p.description.clone();
    property.constraints = p.constraints.clone();
    property.sources.insert(Source::Registry);
    property
}
