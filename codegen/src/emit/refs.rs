//! Emitters for typed references between resources (see [`crate::enrich::references`] for how each
//! relationship is resolved): per resource, a marker type per field with relationships and the
//! `ReferenceTo` impls for handles of its target types; at the root, the small typed handles of
//! the target types outside the generated services (`targets::lambda::Function`).
//!
//! One general mechanism, driven by the model: no code here names a property or a service.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::attributes::attributes_struct;
use crate::docs::{first_paragraph, sanitize};
use crate::error::{Error, Result};
use crate::ledger::ItemKey;
use crate::model::{Primitive, Property, ReferencedResource, Relationship, Service, Shape, Via};
use crate::naming::{self, camel, ident};

/// The module of the marker types, inside each resource's module.
pub(crate) const REFS_MODULE: &str = "refs";
/// The root module of the handles of target types outside the generated services.
pub(crate) const TARGETS_MODULE: &str = "targets";
/// The file holding that module.
pub(crate) const TARGETS_FILE: &str = "targets.rs";

/// The Rust path (as text) of every resource type a relationship of `service` can name: its own
/// resources (`crate::apigatewayv2::Api`) and every other (`crate::targets::lambda::Function`).
/// A resource of another service is always named through `targets`, which re-exports the
/// generated type when that service's feature is on: so a service's files are the same bytes
/// whatever other services are generated or enabled.
pub(crate) fn target_paths(service: &Service, module: &str) -> Result<BTreeMap<String, String>> {
    let mut paths = BTreeMap::new();
    for resource in service.resources.values() {
        let name = camel(&resource.name).unwrap_or_default();
        paths.insert(
            resource.type_name.clone(),
            format!("crate::{module}::{name}"),
        );
    }
    for target in service.referenced.values() {
        let (module, name) = target_names(target)?;
        paths
            .entry(target.type_name.clone())
            .or_insert_with(|| format!("crate::{TARGETS_MODULE}::{module}::{name}"));
    }
    Ok(paths)
}

/// `AWS::Lambda::Function` → (`lambda`, `Function`).
fn target_names(target: &ReferencedResource) -> Result<(String, String)> {
    naming::target_names(&target.type_name).ok_or_else(|| {
        Error::new(
            "spec",
            "",
            format!(
                "referenced type `{}` gives no usable Rust names",
                target.type_name
            ),
        )
    })
}

/// The marker of a field with relationships: `refs::ApiId`.
pub(crate) fn marker(p: &Property) -> TokenStream {
    let refs = ident(REFS_MODULE);
    let name = ident(&camel(&p.name).unwrap_or_default());
    quote!(#refs::#name)
}

/// Whether a property's value is one identifier (`String`) or a list of them.
enum Arity {
    One,
    List,
}

/// Whether a field takes typed references: it has relationships and holds one identifier or a
/// list of them (a field whose type is an object or a union, as some upstream properties with
/// relationships are, keeps its plain type; its relationships are still documented and
/// checked by the validator).
pub(crate) fn typed(p: &Property) -> bool {
    !p.relationships.is_empty() && arity_of(p).is_some()
}

fn arity_of(p: &Property) -> Option<Arity> {
    match (&p.shape, &p.enum_type) {
        (Shape::Primitive(Primitive::String), None) => Some(Arity::One),
        (Shape::List(inner), None) if **inner == Shape::Primitive(Primitive::String) => {
            Some(Arity::List)
        }
        _ => None,
    }
}

fn arity(type_name: &str, p: &Property) -> Result<Arity> {
    match arity_of(p) {
        Some(arity) => Ok(arity),
        None => Err(Error::new(
            "spec",
            "",
            format!(
                "{type_name}.{} has relationships but is neither a string nor a list of strings",
                p.name
            ),
        )),
    }
}

/// The constructor parameter and initialiser of a required field with relationships.
pub(crate) fn param(
    type_name: &str,
    p: &Property,
    field: &proc_macro2::Ident,
) -> Result<(TokenStream, TokenStream)> {
    let marker = marker(p);
    Ok(match arity(type_name, p)? {
        Arity::One => (
            quote!(#field: impl crate::ReferenceTo<#marker>),
            quote!(#field: <_ as crate::ReferenceTo<#marker>>::into_value(#field)),
        ),
        Arity::List => (
            quote!(#field: impl crate::ReferenceListTo<#marker>),
            quote!(#field: <_ as crate::ReferenceListTo<#marker>>::into_value(#field)),
        ),
    })
}

/// `with_<field>(value)`: sets a field with relationships from a literal, an intrinsic or a
/// handle of a target type.
pub(crate) fn setter(
    type_name: &str,
    p: &Property,
    field: &proc_macro2::Ident,
) -> Result<TokenStream> {
    let marker = marker(p);
    let method = ident(&crate::naming::setter(&field.to_string()));
    let (bound, value) = match arity(type_name, p)? {
        Arity::One => (
            quote!(impl crate::ReferenceTo<#marker>),
            quote!(<_ as crate::ReferenceTo<#marker>>::into_value(value)),
        ),
        Arity::List => (
            quote!(impl crate::ReferenceListTo<#marker>),
            quote!(<_ as crate::ReferenceListTo<#marker>>::into_value(value)),
        ),
    };
    let value = if p.required {
        value
    } else {
        quote!(::std::option::Option::Some(#value))
    };
    let doc = format!(
        " Sets `{}` from a literal, an intrinsic, or a handle of {}.",
        p.name,
        targets_text(&p.relationships)
    );
    Ok(quote! {
        #[doc = #doc]
        pub fn #method(mut self, value: #bound) -> Self {
            self.#field = #value;
            self
        }
    })
}

/// "`AWS::ApiGatewayV2::Api` (`Ref`)" for each target.
/// The resolved targets (those a handle can fill the field from), or `no resource type` when none is.
fn targets_text(relationships: &[Relationship]) -> String {
    let resolved: Vec<String> = relationships
        .iter()
        .filter(|r| r.via.is_some())
        .map(|r| format!("`{}` ({})", r.target_type, expression_text(r)))
        .collect();
    if resolved.is_empty() {
        "no resource type (no expression gives the value the relationships name)".to_owned()
    } else {
        resolved.join(" or ")
    }
}

fn expression_text(r: &Relationship) -> String {
    let value = match &r.via {
        Some(Via::Ref) | None => "`Ref`".to_owned(),
        Some(Via::GetAtt(attribute)) => format!("`Fn::GetAtt` `{attribute}`"),
    };
    match &r.form {
        Some(form) => format!("{value} in the form `{}`", form.form),
        None => value,
    }
}

/// The `refs` module of a resource (one marker per field with relationships) and the
/// `ReferenceTo` impls of the target types' handles; records what it emitted.
pub(crate) fn reference_items(
    file: &str,
    type_name: &str,
    rust_name: &str,
    properties: &BTreeMap<String, Property>,
    paths: &BTreeMap<String, String>,
    emitted: &mut std::collections::BTreeSet<ItemKey>,
) -> Result<TokenStream> {
    let mut markers = Vec::new();
    let mut rows = Vec::new();
    let mut taken: BTreeMap<String, &str> = BTreeMap::new();
    for p in properties.values().filter(|p| typed(p)) {
        let at = crate::error::pointer("/properties", &p.name);
        let rust = camel(&p.name)
            .ok_or_else(|| Error::new(file, &at, "property name gives no usable marker name"))?;
        // Fields differ in snake case, but two may still share a marker (`A1` and `A_1`).
        if let Some(other) = taken.insert(rust.clone(), &p.name) {
            return Err(Error::new(
                file,
                at,
                format!(
                    "properties `{other}` and `{}` would both be the marker `{REFS_MODULE}::{rust}`",
                    p.name
                ),
            ));
        }
        let name = ident(&rust);
        let doc = format!(
            " Marker of `{rust_name}`'s `{}` for [`crate::ReferenceTo`]: the field takes a literal, \
             an intrinsic, or a `Handle` of {}.",
            p.name,
            targets_text(&p.relationships)
        );
        markers.push(quote! {
            #[doc = #doc]
            #[derive(Debug, Clone, Copy, PartialEq, Eq)]
            pub enum #name {}
        });
        let marker = marker(p);
        // One handle impl per target type: a field may name two properties of one type (a
        // Lambda function's name or its ARN); the handle gives `Ref` when one of them is what
        // `Ref` returns, else the first resolved one.
        let mut chosen: BTreeMap<&str, &Relationship> = BTreeMap::new();
        for r in p.relationships.iter().filter(|r| r.via.is_some()) {
            let entry = chosen.entry(&r.target_type).or_insert(r);
            if r.via == Some(Via::Ref) && entry.via != Some(Via::Ref) {
                *entry = r;
            }
        }
        for r in p.relationships.iter().filter(|r| {
            chosen
                .get(r.target_type.as_str())
                .is_some_and(|c| std::ptr::eq(*c, *r))
        }) {
            let path = paths.get(&r.target_type).ok_or_else(|| {
                Error::new(
                    "spec",
                    "",
                    format!(
                        "{type_name}.{}: no Rust type for `{}`",
                        p.name, r.target_type
                    ),
                )
            })?;
            let target: syn::Path = syn::parse_str(path)
                .map_err(|e| Error::new("spec", "", format!("path `{path}`: {e}")))?;
            let how = match &r.via {
                Some(Via::Ref) => quote!(reference()),
                Some(Via::GetAtt(attribute)) => quote!(get_att(#attribute)),
                // No expression gives the value (a note in the report): no handle.
                None => continue,
            };
            let form = match &r.form {
                Some(f) => {
                    emitted.insert(ItemKey::reference_form(type_name, &p.name, &r.target_type));
                    let (prefix, suffix) = (&f.prefix, &f.suffix);
                    quote!(in #prefix .. #suffix)
                }
                None => TokenStream::new(),
            };
            rows.push(quote! { #marker => #target: #how #form; });
        }
    }
    if markers.is_empty() {
        return Ok(TokenStream::new());
    }
    let refs = ident(REFS_MODULE);
    let doc = format!(
        " The marker types of `{rust_name}`'s fields that refer to other resources (see \
         [`crate::ReferenceTo`])."
    );
    let impls = if rows.is_empty() {
        TokenStream::new()
    } else {
        quote! {
            crate::cfn_references! {
                #(#rows)*
            }
        }
    };
    Ok(quote! {
        #[doc = #doc]
        pub mod #refs {
            #(#markers)*
        }

        #impls
    })
}

/// The `targets` module file: one sub-module per service outside the generated ones, one
/// uninhabited type per referenced resource type, with its attributes struct. `None` when no
/// relationship leaves the generated services.
pub(crate) fn emit_targets(
    services: &[Service],
    gate: super::Gate,
    emitted: &mut std::collections::BTreeSet<ItemKey>,
) -> Result<Option<TokenStream>> {
    // Generated resource types: a target among them is re-exported when its service's feature
    // is on, and the verbatim handle otherwise.
    let generated: std::collections::BTreeSet<&str> = services
        .iter()
        .flat_map(|s| s.resources.values())
        .map(|r| r.type_name.as_str())
        .collect();
    let mut by_module: BTreeMap<String, Vec<(String, &ReferencedResource)>> = BTreeMap::new();
    let mut seen = BTreeMap::new();
    for target in services.iter().flat_map(|s| s.referenced.values()) {
        if seen.insert(target.type_name.clone(), ()).is_some() {
            continue;
        }
        let (module, name) = target_names(target)?;
        by_module.entry(module).or_default().push((name, target));
    }
    if by_module.is_empty() {
        return Ok(None);
    }
    let mut modules = Vec::new();
    for (module, targets) in &by_module {
        // Each target is a type and its `<Name>Attributes` struct: no two may share a name.
        let mut taken: BTreeMap<String, &str> = BTreeMap::new();
        for (name, target) in targets {
            for rust in [name.clone(), naming::attributes_struct(name)] {
                if let Some(other) = taken.insert(rust.clone(), &target.type_name) {
                    return Err(Error::new(
                        "spec",
                        "",
                        format!(
                            "referenced types `{other}` and `{}` would both need the Rust name `{TARGETS_MODULE}::{module}::{rust}`",
                            target.type_name
                        ),
                    ));
                }
            }
        }
        let (mut items, mut verbatim, mut reexports) = (Vec::new(), Vec::new(), Vec::new());
        for (name, target) in targets {
            let tokens = target_type(name, target, emitted)?;
            if generated.contains(target.type_name.as_str()) {
                verbatim.push(tokens);
                reexports.push(ident(name));
            } else {
                items.push(tokens);
            }
        }
        let namespace = targets[0]
            .1
            .type_name
            .rsplit_once("::")
            .map_or("", |(ns, _)| ns);
        let mut doc = format!(" `{namespace}::*` resource types that generated fields refer to.");
        if !reexports.is_empty() {
            doc.push_str(&format!(
                "\n\n With the `{module}` feature these are the generated types of \
                 [`crate::{module}`]; without it, handles of resources a template keeps verbatim."
            ));
        }
        let module_ident = ident(module);
        let feature = module.as_str();
        let switched = match gate {
            _ if reexports.is_empty() => TokenStream::new(),
            super::Gate::None => quote! { pub use crate::#module_ident::{#(#reexports),*}; },
            super::Gate::Features => quote! {
                #[cfg(feature = #feature)]
                pub use crate::#module_ident::{#(#reexports),*};
                #[cfg(not(feature = #feature))]
                pub use self::verbatim::*;
                /// The handles used while the service's feature is off.
                #[cfg(not(feature = #feature))]
                mod verbatim {
                    #(#verbatim)*
                }
            },
        };
        let doc_lines = doc.lines().map(|l| l.to_owned()).collect::<Vec<_>>();
        modules.push(quote! {
            #(#[doc = #doc_lines])*
            pub mod #module_ident {
                #switched
                #(#items)*
            }
        });
    }
    Ok(Some(quote! { #(#modules)* }))
}

/// One referenced resource type: `pub enum Function {}`, `Referable`, `FunctionAttributes`.
fn target_type(
    name: &str,
    target: &ReferencedResource,
    emitted: &mut std::collections::BTreeSet<ItemKey>,
) -> Result<TokenStream> {
    let tn = &target.type_name;
    let type_ident = ident(name);
    let attributes_ident = ident(&naming::attributes_struct(name));
    let mut doc = format!(
        "`{tn}`, as a target of references: a generated field that refers to it accepts a \
         `Handle<{name}>`. Templates keep resources of this type verbatim (no typed properties)."
    );
    if let Some(text) = &target.docs.text {
        doc.push_str("\n\n");
        doc.push_str(&sanitize(&first_paragraph(text)));
    }
    doc.push_str(&format!(
        "\n\n`Ref` returns: {}.",
        target
            .ref_identifier
            .iter()
            .map(|p| format!("`{p}`"))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    let doc_lines = doc.lines().map(|l| format!(" {l}"));
    // A referenced type's property types are not generated: an attribute of one is JSON.
    let attributes_struct = attributes_struct(
        name,
        &target.attributes,
        &|_| quote!(crate::Json),
        |attribute, message| {
            Error::new(
                "spec",
                "",
                format!("{tn}: attribute `{attribute}`: {message}"),
            )
        },
    )?;
    for a in target.attributes.keys() {
        emitted.insert(ItemKey::referenced_attribute(tn, a));
    }
    emitted.insert(ItemKey::referenced_resource(tn));
    let attributes = target.attributes.keys();
    Ok(quote! {
        #(#[doc = #doc_lines])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum #type_ident {}

        impl #type_ident {
            /// The CloudFormation resource type name.
            pub const TYPE_NAME: &'static str = #tn;
            /// The attributes `Fn::GetAtt` accepts for this resource.
            pub const ATTRIBUTES: &'static [&'static str] = &[#(#attributes),*];
        }

        impl crate::Referable for #type_ident {
            const TYPE_NAME: &'static str = Self::TYPE_NAME;
            const ATTRIBUTES: &'static [&'static str] = Self::ATTRIBUTES;
            type Attributes = #attributes_ident;
        }

        #attributes_struct
    })
}

/// `RELATIONSHIP_VIA`: for every relationship target `(type, property)`, the attribute
/// `Fn::GetAtt` must name to obtain it, or `None` when the target's `Ref` returns it (for the
/// validator, which judges references by type name).
pub(crate) fn via_table(
    services: &[Service],
    emitted: &mut std::collections::BTreeSet<ItemKey>,
) -> TokenStream {
    let mut rows: BTreeMap<(&str, &str), Option<&str>> = BTreeMap::new();
    for r in services
        .iter()
        .flat_map(|s| s.resources.values())
        .flat_map(|r| r.properties.values())
        .flat_map(|p| &p.relationships)
    {
        let via = match &r.via {
            Some(Via::GetAtt(attribute)) => Some(attribute.as_str()),
            Some(Via::Ref) => None,
            // Unresolved: no row, so the validator does not judge it.
            None => continue,
        };
        rows.insert((&r.target_type, &r.target_property), via);
    }
    let count = rows.len();
    let rows = rows.into_iter().map(|((target, property), via)| {
        let via = match via {
            Some(attribute) => quote!(::std::option::Option::Some(#attribute)),
            None => quote!(::std::option::Option::None),
        };
        quote!((#target, #property, #via))
    });
    let open: Vec<TokenStream> = services
        .iter()
        .flat_map(|s| s.resources.values())
        .flat_map(|r| {
            r.properties
                .values()
                .filter(|p| p.open_references.is_some())
                .map(|p| (r.type_name.clone(), p.name.clone()))
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|(tn, name)| {
            let row = quote!((#tn, #name));
            emitted.insert(ItemKey::open_reference(&tn, &name));
            row
        })
        .collect();
    let open_count = open.len();
    quote! {
        /// For every `(type, property)` a generated field refers to: the attribute `Fn::GetAtt`
        /// must name to obtain the value, or `None` when the type's `Ref` returns it.
        pub static RELATIONSHIP_VIA: [(&str, &str, ::std::option::Option<&str>); #count] = [
            #(#rows),*
        ];

        /// The `(resource type, property)` fields whose relationships list only some of the
        /// resource types they accept (a URL or another service's ARN fits too), so a reference
        /// to another type is not an error there.
        pub static OPEN_RELATIONSHIPS: [(&str, &str); #open_count] = [#(#open),*];
    }
}
