//! Stage 3c: closed value sets → one enum per set, shared across a service.
//!
//! A `String` property with an allowed-values constraint gets an enum. Its name is the API
//! model's shape name when the API model states the set (`IntegrationType`, shared by every
//! property that uses the shape), else the property's name. Two different sets that would share
//! a name are told apart by prefixing the owner (`RouteAuthorizationType`), then the owner's
//! whole path (`Ec2FleetTagSpecificationResourceType`); if that still collides, generation fails
//! naming both.

use std::collections::BTreeMap;

use crate::error::{Error, Result, pointer};
use crate::model::{
    ConstraintKind, EnumType, Primitive, Property, PropertyTypeKind, Resource, Service, Shape,
    Source,
};
use crate::naming::camel;

/// Assigns an enum to every string property with a closed value set.
pub fn assign(service: &mut Service) -> Result<()> {
    let Service {
        resources, enums, ..
    } = service;
    for resource in resources.values_mut() {
        let file = resource.file.clone();
        let Resource {
            name,
            properties,
            property_types,
            ..
        } = resource;
        let owners = std::iter::once((name.clone(), "/properties".to_owned(), properties)).chain(
            property_types
                .iter_mut()
                .filter_map(|(pt_name, pt)| match &mut pt.kind {
                    PropertyTypeKind::Struct { properties } => Some((
                        format!("{name}.{pt_name}"),
                        format!("{}/properties", pointer("/definitions", pt_name)),
                        properties,
                    )),
                    PropertyTypeKind::Alias(_) => None,
                }),
        );
        for (owner, at, props) in owners {
            for p in props.values_mut() {
                assign_property(enums, &owner, p, &file, &pointer(&at, &p.name))?;
            }
        }
    }
    Ok(())
}

fn assign_property(
    enums: &mut BTreeMap<String, EnumType>,
    owner: &str,
    p: &mut Property,
    file: &str,
    at: &str,
) -> Result<()> {
    if p.shape != Shape::Primitive(Primitive::String) {
        return Ok(());
    }
    let Some((values, shape, source)) = p.constraints.0.iter().find_map(|c| match &c.kind {
        ConstraintKind::AllowedValues(values) => Some((values, c.shape.as_deref(), c.source)),
        _ => None,
    }) else {
        return Ok(());
    };
    let origin = match (shape, source) {
        (Some(shape), _) => format!("the API model's shape `{shape}`"),
        (None, Source::Overlay) => {
            format!("the documentation of `{owner}.{}` (overlay)", p.name)
        }
        (None, _) => format!("the registry schema's `enum` of `{owner}.{}`", p.name),
    };
    let used_by = format!("{owner}.{}", p.name);
    let base = shape.unwrap_or(&p.name);
    let owner_last = owner.rsplit('.').next().unwrap_or(owner);
    // The whole owner path next (`Ec2FleetTagSpecificationResourceType` when every
    // `TagSpecification.ResourceType` of a service has its own value set).
    let owner_path = owner.replace('.', "");
    let candidates = [
        base.to_owned(),
        format!("{owner_last}{}", p.name),
        format!("{owner_path}{}", p.name),
    ];
    for candidate in candidates {
        let Some(name) = camel(&candidate) else {
            continue;
        };
        match enums.get_mut(&name) {
            Some(existing) if &existing.values == values => {
                existing.used_by.push(used_by);
                p.enum_type = Some(name);
                return Ok(());
            }
            Some(_) => continue,
            None => {
                enums.insert(
                    name.clone(),
                    EnumType {
                        name: name.clone(),
                        values: values.clone(),
                        origin,
                        used_by: vec![used_by],
                    },
                );
                p.enum_type = Some(name);
                return Ok(());
            }
        }
    }
    Err(Error::new(
        file,
        at,
        format!(
            "the allowed values of `{used_by}` need an enum, but every name for it is taken by another value set"
        ),
    ))
}
