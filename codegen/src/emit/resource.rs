//! One resource's file: its struct and impls, attributes struct and property types.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::Output;
use super::attributes::attributes_struct;
use super::fields::{doc_block, emit_fields};
use super::format::doc_attrs;
use super::plan::{TypePlan, resource_type_name, used_property_types};
use super::refs;
use super::serde::newtype_impls;
use super::tables::schema_tables;
use crate::docs::{first_paragraph, sanitize};
use crate::error::{Error, Result, pointer};
use crate::ledger::ItemKey;
use crate::model::{PropertyTypeKind, Resource};
use crate::naming::ident;

/// Where a resource's struct sits among the generated enums, and where the types it may refer
/// to are.
pub(super) struct TypedPaths<'a> {
    pub(super) module: proc_macro2::Ident,
    pub(super) service_variant: proc_macro2::Ident,
    /// Rust paths of relationship targets by type name.
    pub(super) targets: &'a BTreeMap<String, String>,
}

pub(super) fn emit_resource(
    resource: &Resource,
    paths: &TypedPaths<'_>,
    out: &mut Output,
) -> Result<TokenStream> {
    let plan = TypePlan::new(resource, &paths.module)?;
    let tn = &resource.type_name;
    let type_name = resource_type_name(resource)?;
    let type_ident = ident(&type_name);
    let mut tokens = TokenStream::new();

    // The resource struct.
    let fields = emit_fields(
        resource,
        &plan,
        None,
        &resource.properties,
        "/properties",
        |p| ItemKey::property(tn, p),
        out,
    )?;
    let field_defs = &fields.defs;
    let default_derive = fields.default_derive();
    let constructor = fields.constructor(&type_name);
    let serde_impls = fields.serde_impls(&type_ident, &format!("the properties of `{tn}`"));
    let mut doc = doc_block(resource.docs.text.as_deref());
    doc.push_str(&format!("\n\nCloudFormation resource type `{tn}`."));
    if let Some(url) = &resource.docs.url {
        doc.push_str(&format!(" [AWS documentation]({url})."));
    }
    if !resource.attributes.is_empty() {
        doc.push_str("\n\n# Attributes (`Fn::GetAtt`)\n");
        for a in resource.attributes.values() {
            let text = a
                .docs
                .text
                .as_deref()
                .map(|t| sanitize(&first_paragraph(t)))
                .unwrap_or_default();
            doc.push_str(format!("\n- `{}`: {}", a.name, text).trim_end());
            out.emitted.insert(ItemKey::attribute(tn, &a.name));
        }
    }
    if let Some(reason) = &resource.deprecated {
        doc.push_str(&format!("\n\nLegacy: {reason}."));
    }
    let doc = doc_attrs(&doc);
    tokens.extend(quote! {
        #doc
        #[derive(Debug, Clone, PartialEq #default_derive)]
        pub struct #type_ident { #(#field_defs)* }

        #serde_impls
    });
    out.emitted.insert(ItemKey::resource(tn));

    let TypedPaths {
        module,
        service_variant,
        targets,
    } = paths;
    let reference_items = refs::reference_items(
        &resource.file,
        tn,
        &type_name,
        &resource.properties,
        targets,
        &mut out.emitted,
    )?;
    let attributes_ident = ident(&plan.attributes_name);
    let attributes_struct = attributes_struct(
        &type_name,
        &resource.attributes,
        &|name| plan.named(name),
        |attribute, message| Error::new(&resource.file, pointer("/attributes", attribute), message),
    )?;
    let used = used_property_types(resource);
    let schema_tables = schema_tables(resource, &plan, &type_ident, &used);
    let attributes = resource.attributes.keys();
    let primary = resource.primary_identifier.iter();
    tokens.extend(quote! {
        impl #type_ident {
            /// The CloudFormation resource type name.
            pub const TYPE_NAME: &'static str = #tn;
            /// The attributes `Fn::GetAtt` accepts for this resource.
            pub const ATTRIBUTES: &'static [&'static str] = &[#(#attributes),*];
            /// The properties that make up the resource's primary identifier.
            pub const PRIMARY_IDENTIFIER: &'static [&'static str] = &[#(#primary),*];

            #constructor
        }

        impl crate::Referable for #type_ident {
            const TYPE_NAME: &'static str = Self::TYPE_NAME;
            const ATTRIBUTES: &'static [&'static str] = Self::ATTRIBUTES;
            type Attributes = #attributes_ident;
        }

        impl crate::ResourceType for #type_ident {
            const SCHEMA: &'static crate::schema::ResourceSchema = &SCHEMA;
            type Typed = crate::TypedResource;

            fn into_typed(self) -> crate::TypedResource {
                crate::TypedResource::#service_variant(
                    crate::#module::AnyResource::#type_ident(::std::boxed::Box::new(self)),
                )
            }

            fn from_typed(typed: &crate::TypedResource) -> ::std::option::Option<&Self> {
                match typed {
                    crate::TypedResource::#service_variant(crate::#module::AnyResource::#type_ident(inner)) => {
                        ::std::option::Option::Some(inner)
                    }
                    #[allow(unreachable_patterns)]
                    _ => ::std::option::Option::None,
                }
            }
        }

        #attributes_struct

        #reference_items

        #schema_tables
    });

    // The enums the resource's fields use, re-exported next to it (unless a type of the module
    // has the same name: then only `crate::<service>::enums::<Name>` names it).
    let used_enums: BTreeSet<&str> = std::iter::once(&resource.properties)
        .chain(
            resource
                .property_types
                .values()
                .filter(|pt| used.contains(pt.name.as_str()))
                .filter_map(|pt| match &pt.kind {
                    PropertyTypeKind::Struct { properties } => Some(properties),
                    PropertyTypeKind::Alias(_) => None,
                }),
        )
        .flat_map(|props| props.values().filter_map(|p| p.enum_type.as_deref()))
        .filter(|e| {
            *e != type_name && *e != plan.attributes_name && !plan.names.values().any(|n| n == e)
        })
        .collect();
    if !used_enums.is_empty() {
        let module = &plan.module;
        let names = used_enums.iter().map(|e| ident(e));
        tokens.extend(quote! { pub use crate::#module::enums::{#(#names),*}; });
    }

    // Property types: those a property or attribute uses (directly or through other types);
    // the others are left out, and noted.
    for pt in resource.property_types.values() {
        if !used.contains(pt.name.as_str()) {
            out.unused.insert(ItemKey::property_type(tn, &pt.name));
            if let PropertyTypeKind::Struct { properties } = &pt.kind {
                for p in properties.values() {
                    let key = ItemKey::type_property(tn, &pt.name, &p.name);
                    for i in 0..p.constraints.0.len() {
                        out.unused.insert(key.constraint(i));
                    }
                    out.unused.insert(key);
                }
            }
            continue;
        }
        let name = ident(&plan.names[pt.name.as_str()]);
        let pt_at = pointer("/definitions", &pt.name);
        let mut doc = doc_block(pt.docs.text.as_deref());
        doc.push_str(&format!(
            "\n\nCloudFormation property type `{tn}.{}`.",
            pt.name
        ));
        if let Some(url) = &pt.docs.url {
            doc.push_str(&format!(" [AWS documentation]({url})."));
        }
        // Not `#[deprecated]`: the fields that use the type are, and a deprecated type would
        // warn at its own uses in generated code. The reason goes into the docs instead.
        if let Some(reason) = &pt.deprecated {
            doc.push_str(&format!("\n\nLegacy: {reason}."));
        }
        let doc = doc_attrs(&doc);
        match &pt.kind {
            PropertyTypeKind::Struct { properties } => {
                let fields = emit_fields(
                    resource,
                    &plan,
                    Some(&pt.name),
                    properties,
                    &format!("{pt_at}/properties"),
                    |p| ItemKey::type_property(tn, &pt.name, p),
                    out,
                )?;
                let field_defs = &fields.defs;
                let default_derive = fields.default_derive();
                let constructor = fields.constructor(&plan.names[pt.name.as_str()]);
                let serde_impls =
                    fields.serde_impls(&name, &format!("the properties of `{tn}.{}`", pt.name));
                tokens.extend(quote! {
                    #doc
                    #[derive(Debug, Clone, PartialEq #default_derive)]
                    pub struct #name { #(#field_defs)* }

                    impl #name {
                        #constructor
                    }

                    #serde_impls
                });
            }
            PropertyTypeKind::Alias(shape) if plan.newtypes.contains(pt.name.as_str()) => {
                let inner = plan.rust_type(resource, Some(&pt.name), shape);
                let complex = super::plan::complexity_allow(shape);
                let serde_impls = newtype_impls(&name);
                tokens.extend(quote! {
                    #doc
                    #[derive(Debug, Clone, PartialEq)]
                    pub struct #name(#complex pub #inner);

                    #serde_impls
                });
            }
            PropertyTypeKind::Alias(shape) => {
                let inner = plan.rust_type(resource, None, shape);
                tokens.extend(quote! {
                    #doc
                    pub type #name = #inner;
                });
            }
        }
        out.emitted.insert(ItemKey::property_type(tn, &pt.name));
    }
    Ok(tokens)
}
