//! The type plan of a resource: its property types' Rust names and how each is emitted.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::tables::table_name_of;
use crate::error::{Error, Result, pointer};
use crate::model::{Primitive, PropertyType, PropertyTypeKind, Resource, Shape};
use crate::naming::{self, camel, ident};

pub(super) fn resource_type_name(resource: &Resource) -> Result<String> {
    camel(&resource.name).ok_or_else(|| {
        Error::new(
            &resource.file,
            "/typeName",
            "resource name has no usable characters",
        )
    })
}

/// Rust names of a resource's property types, with the collision rules applied: a name taken
/// by the resource's type, its attributes struct (`<Resource>Attributes`) or an earlier property
/// type (in name order: `EFSVolumeConfiguration` before `EfsVolumeConfiguration`) takes the
/// suffix `Property`, then a number (`FieldAttributesProperty`, `EfsVolumeConfigurationProperty`);
/// each type's docs name its CloudFormation name.
fn type_names(resource: &Resource) -> Result<(BTreeMap<&str, String>, String)> {
    let resource_name = resource_type_name(resource)?;
    let attributes = naming::attributes_struct(&resource_name);
    let mut names = BTreeMap::new();
    let mut taken: BTreeSet<String> = BTreeSet::from([resource_name.clone(), attributes.clone()]);
    for pt in resource.property_types.values() {
        let at = pointer("/definitions", &pt.name);
        let name = naming::property_type(&pt.name, &resource_name).ok_or_else(|| {
            Error::new(
                &resource.file,
                &at,
                "property type name has no usable characters",
            )
        })?;
        let name = naming::untaken(name, "Property", |candidate| taken.contains(candidate));
        taken.insert(name.clone());
        names.insert(pt.name.as_str(), name);
    }
    // The statics of the validation tables (`SCHEMA`, `PROPERTIES`, `<TYPE>_PROPERTIES`,
    // `<TYPE>_SHAPE`) share the module's value namespace: distinct type names can still give the
    // same SHOUTY_SNAKE name.
    let mut tables: BTreeMap<String, &str> = BTreeMap::from([
        ("SCHEMA".to_owned(), resource.name.as_str()),
        ("PROPERTIES".to_owned(), resource.name.as_str()),
    ]);
    for pt in resource.property_types.values() {
        let suffix = match pt.kind {
            PropertyTypeKind::Struct { .. } => "PROPERTIES",
            PropertyTypeKind::Alias(_) => "SHAPE",
        };
        let table = table_name_of(&names[pt.name.as_str()], suffix);
        if let Some(other) = tables.insert(table.clone(), &pt.name) {
            return Err(Error::new(
                &resource.file,
                pointer("/definitions", &pt.name),
                format!(
                    "`{other}` and `{}` would both need the generated table `{table}`",
                    pt.name
                ),
            ));
        }
    }
    Ok((names, attributes))
}

/// How each property type is emitted, decided once per resource.
pub(super) struct TypePlan<'a> {
    pub(super) names: BTreeMap<&'a str, String>,
    /// The name of the resource's attributes struct (`IntegrationAttributes`).
    pub(super) attributes_name: String,
    /// Aliases emitted as newtype structs because a type alias would be infinitely recursive.
    pub(super) newtypes: BTreeSet<&'a str>,
    /// The service module, where the enums live.
    pub(super) module: proc_macro2::Ident,
}

impl<'a> TypePlan<'a> {
    pub(super) fn new(resource: &'a Resource, module: &proc_macro2::Ident) -> Result<Self> {
        let (names, attributes_name) = type_names(resource)?;
        let newtypes = resource
            .property_types
            .values()
            .filter(|pt| {
                matches!(pt.kind, PropertyTypeKind::Alias(_)) && alias_cycle(resource, &pt.name)
            })
            .map(|pt| pt.name.as_str())
            .collect();
        Ok(TypePlan {
            names,
            attributes_name,
            newtypes,
            module: module.clone(),
        })
    }

    /// A field of `owner` whose shape is directly `Named(target)` needs a `Box` when `target`
    /// leads back to `owner` through direct (unboxed, not list or map) struct fields.
    fn needs_box(&self, resource: &Resource, owner: &str, target: &str) -> bool {
        let mut stack = vec![target];
        let mut seen = BTreeSet::new();
        while let Some(current) = stack.pop() {
            if current == owner {
                return true;
            }
            if !seen.insert(current) {
                continue;
            }
            if let Some(pt) = resource.property_types.get(current) {
                match &pt.kind {
                    PropertyTypeKind::Struct { properties } => {
                        stack.extend(properties.values().filter_map(|p| direct_named(&p.shape)));
                    }
                    PropertyTypeKind::Alias(shape) => stack.extend(direct_named(shape)),
                }
            }
        }
        false
    }

    pub(super) fn rust_type(
        &self,
        resource: &Resource,
        owner: Option<&str>,
        shape: &Shape,
    ) -> TokenStream {
        match (shape, owner) {
            (Shape::Named(name), Some(owner)) if self.needs_box(resource, owner, name) => {
                let ty = self.named(name);
                quote!(::std::boxed::Box<#ty>)
            }
            _ => shape_type(shape, &|name| self.named(name)),
        }
    }

    /// The Rust type of the property type `name`.
    pub(super) fn named(&self, name: &str) -> TokenStream {
        let ty = ident(self.names.get(name).map_or(name, String::as_str));
        quote!(#ty)
    }
}

/// The Rust type of a value of `shape`; `named` gives a property type's.
pub(super) fn shape_type(shape: &Shape, named: &dyn Fn(&str) -> TokenStream) -> TokenStream {
    match shape {
        Shape::Primitive(Primitive::String | Primitive::Timestamp) => {
            quote!(::std::string::String)
        }
        Shape::Primitive(Primitive::Integer | Primitive::Long) => quote!(i64),
        Shape::Primitive(Primitive::Double) => quote!(f64),
        Shape::Primitive(Primitive::Boolean) => quote!(bool),
        Shape::Json => quote!(crate::Json),
        Shape::List(inner) => {
            let inner = shape_type(inner, named);
            quote!(::std::vec::Vec<crate::Value<#inner>>)
        }
        Shape::Map(inner) => {
            let inner = shape_type(inner, named);
            quote!(::std::collections::BTreeMap<::std::string::String, crate::Value<#inner>>)
        }
        Shape::Named(name) => named(name),
    }
}

/// `#[allow(clippy::type_complexity)]` for a field or method whose value has `shape`, when the
/// shape nests a list or map in a list or map: wrapped in `Option<Value<..>>` such a type passes
/// clippy's default complexity threshold (`Option<Value<Vec<Value<Vec<Value<i64>>>>>>`); the
/// CloudFormation shape is what it is, and an alias would only move the name away.
pub(super) fn complexity_allow(shape: &Shape) -> Option<TokenStream> {
    fn depth(shape: &Shape) -> usize {
        match shape {
            Shape::List(inner) | Shape::Map(inner) => 1 + depth(inner),
            Shape::Primitive(_) | Shape::Named(_) | Shape::Json => 0,
        }
    }
    (depth(shape) >= 2).then(|| quote!(#[allow(clippy::type_complexity)]))
}

/// The property types of a resource that one of its properties or attributes uses, directly
/// or through other property types: the ones worth emitting.
pub(crate) fn used_property_types(resource: &Resource) -> BTreeSet<&str> {
    fn named<'a>(shape: &'a Shape, stack: &mut Vec<&'a str>) {
        match shape {
            Shape::List(inner) | Shape::Map(inner) => named(inner, stack),
            Shape::Named(n) => stack.push(n),
            Shape::Primitive(_) | Shape::Json => {}
        }
    }
    let mut stack = Vec::new();
    for p in resource.properties.values() {
        named(&p.shape, &mut stack);
    }
    for a in resource.attributes.values() {
        named(&a.shape, &mut stack);
    }
    let mut used = BTreeSet::new();
    while let Some(name) = stack.pop() {
        let Some(pt) = resource.property_types.get(name) else {
            continue;
        };
        if !used.insert(pt.name.as_str()) {
            continue;
        }
        match &pt.kind {
            PropertyTypeKind::Struct { properties } => {
                for p in properties.values() {
                    named(&p.shape, &mut stack);
                }
            }
            PropertyTypeKind::Alias(shape) => named(shape, &mut stack),
        }
    }
    used
}

/// The property type a shape names without a list or map in between.
fn direct_named(shape: &Shape) -> Option<&str> {
    match shape {
        Shape::Named(n) => Some(n),
        _ => None,
    }
}

/// Whether alias `name` reaches itself through aliases only (a Rust type alias cannot).
fn alias_cycle(resource: &Resource, name: &str) -> bool {
    fn target(shape: &Shape) -> Option<&str> {
        match shape {
            Shape::List(inner) | Shape::Map(inner) => target(inner),
            Shape::Named(n) => Some(n),
            Shape::Primitive(_) | Shape::Json => None,
        }
    }
    let alias = |n: &str| match resource.property_types.get(n) {
        Some(PropertyType {
            kind: PropertyTypeKind::Alias(shape),
            ..
        }) => target(shape),
        _ => None,
    };
    let mut seen = BTreeSet::new();
    let mut current = alias(name);
    while let Some(n) = current {
        if n == name {
            return true;
        }
        if !seen.insert(n) {
            return false;
        }
        current = alias(n);
    }
    false
}
