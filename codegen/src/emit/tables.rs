//! The validation tables of a resource (`SCHEMA` and one static per property type).

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::format::doc_attrs;
use super::plan::TypePlan;
use crate::model::{
    ConstraintKind, Expects, PatternCheck, Primitive, Property, PropertyTypeKind, Resource, Shape,
    Source, UpdateType, for_validator,
};
use crate::naming::ident;

/// The resource's table for validation: `SCHEMA`, with one static per property type. They sit
/// in a private module `tables` that imports the `crate::schema` names its rows use (no property
/// type can shadow them there), and are re-exported next to the resource.
pub(super) fn schema_tables(
    resource: &Resource,
    plan: &TypePlan<'_>,
    type_ident: &proc_macro2::Ident,
    used: &BTreeSet<&str>,
) -> TokenStream {
    let tn = &resource.type_name;
    let doc = doc_attrs(&format!(
        "The generated table of `{tn}`: its properties, their shapes and constraints (for validation)."
    ));
    let properties = property_tables(resource, plan, &resource.properties);
    let count = proc_macro2::Literal::usize_unsuffixed(resource.properties.len());
    let docs = match &resource.docs.url {
        Some(url) => quote!(::std::option::Option::Some(#url)),
        None => quote!(::std::option::Option::None),
    };
    let mut names = vec![ident("SCHEMA"), ident("PROPERTIES")];
    let mut tables = quote! {
        #doc
        pub static SCHEMA: ResourceSchema = ResourceSchema {
            type_name: super::#type_ident::TYPE_NAME,
            properties: &PROPERTIES,
            attributes: super::#type_ident::ATTRIBUTES,
            primary_identifier: super::#type_ident::PRIMARY_IDENTIFIER,
            docs: #docs,
        };

        /// The rows of [`SCHEMA`]: one per property.
        pub static PROPERTIES: [PropertySchema; #count] = [#(#properties),*];
    };
    for pt in resource
        .property_types
        .values()
        .filter(|pt| used.contains(pt.name.as_str()))
    {
        match &pt.kind {
            PropertyTypeKind::Struct { properties } => {
                let table = ident(&table_name(plan, &pt.name, "PROPERTIES"));
                let rows = property_tables(resource, plan, properties);
                let count = proc_macro2::Literal::usize_unsuffixed(properties.len());
                let doc = format!(
                    " The generated table of the property type `{tn}.{}`.",
                    pt.name
                );
                tables.extend(quote! {
                    #[doc = #doc]
                    pub static #table: [PropertySchema; #count] = [#(#rows),*];
                });
                names.push(table);
            }
            PropertyTypeKind::Alias(shape) => {
                let name = ident(&table_name(plan, &pt.name, "SHAPE"));
                let value = shape_value(resource, plan, shape, &mut BTreeSet::new());
                let doc = format!(" The shape of the property type `{tn}.{}`.", pt.name);
                tables.extend(quote! {
                    #[doc = #doc]
                    pub static #name: Shape = #value;
                });
                names.push(name);
            }
        }
    }
    // Import only what the rows use (an unused import would warn): the names that start a path
    // in the tables' tokens (a property named `Source` is a string literal there, and
    // `super::Update` is not the import).
    let used = leading_idents(tables.clone());
    let imports = [
        "Constraint",
        "ConstraintKind",
        "Expects",
        "PropertySchema",
        "ResourceSchema",
        "Shape",
        "Source",
        "Update",
    ]
    .into_iter()
    .filter(|name| used.contains(*name))
    .map(ident);
    let module_doc = doc_attrs(&format!(
        "The validation tables of `{tn}` (re-exported above)."
    ));
    names.sort_by_key(ToString::to_string);
    quote! {
        pub use tables::{#(#names),*};

        #module_doc
        mod tables {
            use crate::schema::{#(#imports),*};

            #tables
        }
    }
}

/// The identifiers in `tokens` (groups included) that start a path: not after `::` or `.`.
/// Literals (string keys, docs) hold none.
fn leading_idents(tokens: TokenStream) -> BTreeSet<String> {
    fn walk(tokens: TokenStream, out: &mut BTreeSet<String>) {
        // After `::` or `.`; after the first `:` of a `::`.
        let (mut separated, mut colon) = (false, false);
        for token in tokens {
            match token {
                proc_macro2::TokenTree::Ident(i) => {
                    if !separated {
                        out.insert(i.to_string());
                    }
                    (separated, colon) = (false, false);
                }
                proc_macro2::TokenTree::Punct(p) => {
                    separated = p.as_char() == '.' || (p.as_char() == ':' && colon);
                    colon = p.as_char() == ':' && p.spacing() == proc_macro2::Spacing::Joint;
                }
                proc_macro2::TokenTree::Group(g) => {
                    walk(g.stream(), out);
                    (separated, colon) = (false, false);
                }
                proc_macro2::TokenTree::Literal(_) => (separated, colon) = (false, false),
            }
        }
    }
    let mut out = BTreeSet::new();
    walk(tokens, &mut out);
    out
}

/// `JwtConfiguration` + `PROPERTIES` → `JWT_CONFIGURATION_PROPERTIES`.
fn table_name(plan: &TypePlan<'_>, pt: &str, suffix: &str) -> String {
    table_name_of(plan.names.get(pt).map_or(pt, String::as_str), suffix)
}

pub(super) fn table_name_of(rust: &str, suffix: &str) -> String {
    use heck::ToShoutySnakeCase;
    let shouty = rust.to_shouty_snake_case();
    // `_3dLayout` → `3D_LAYOUT`: an identifier cannot start with a digit.
    let lead = if shouty.starts_with(|c: char| c.is_ascii_digit()) {
        "_"
    } else {
        ""
    };
    format!("{lead}{shouty}_{suffix}")
}

/// One row per property: `PropertySchema::optional("Name", shape)`, then only what
/// differs from an optional, updatable, current property without constraints or references
/// (the runtime's `const` constructors), and its documentation URL.
fn property_tables(
    resource: &Resource,
    plan: &TypePlan<'_>,
    properties: &BTreeMap<String, Property>,
) -> Vec<TokenStream> {
    properties
        .values()
        .map(|p| {
            let name = &p.name;
            let checked = p.checked_as.as_ref().unwrap_or(&p.shape);
            let shape = shape_value(resource, plan, checked, &mut BTreeSet::new());
            let mut row = if p.required {
                quote!(PropertySchema::required(#name, #shape))
            } else {
                quote!(PropertySchema::optional(#name, #shape))
            };
            // A pattern the validator cannot check stays out (its docs say so).
            let constraints: Vec<TokenStream> = p
                .constraints
                .0
                .iter()
                .filter_map(|c| {
                    let source = ident(match c.source {
                        Source::Registry => "Registry",
                        Source::ApiModel => "ApiModel",
                        Source::Legacy => "Legacy",
                        Source::ServiceSpec => "ServiceSpec",
                        Source::Overlay => "Documentation",
                    });
                    constraint_tokens(&c.kind, &quote!(Source::#source))
                })
                .collect();
            if !constraints.is_empty() {
                row = quote!(#row.constraints(&[#(#constraints),*]));
            }
            let update = match p.update {
                UpdateType::Mutable => None,
                UpdateType::Immutable => Some("Immutable"),
                UpdateType::Conditional => Some("Conditional"),
                UpdateType::Unknown => Some("Unknown"),
            };
            if let Some(update) = update.map(ident) {
                row = quote!(#row.update(Update::#update));
            }
            if p.deprecated.is_some() {
                row = quote!(#row.deprecated());
            }
            if !p.relationships.is_empty() {
                let relationships = p.relationships.iter().map(|r| {
                    let (t, a) = (&r.target_type, &r.target_property);
                    quote!((#t, #a))
                });
                row = quote!(#row.refers_to(&[#(#relationships),*]));
            }
            if let Some(expects) = p.expects {
                let expects = ident(match expects {
                    Expects::Arn => "Arn",
                    Expects::Id => "Id",
                    Expects::Name => "Name",
                    Expects::Url => "Url",
                    Expects::NotNumber => "NotNumber",
                    Expects::Composed => "Composed",
                    Expects::ArnOrUrl => "ArnOrUrl",
                    Expects::TargetId => "TargetId",
                });
                row = quote!(#row.expects(Expects::#expects));
            }
            if let Some(url) = &p.docs.url {
                row = quote!(#row.docs(#url));
            }
            row
        })
        .collect()
}

/// A constraint row: `Constraint::length(1, 1024, source)`; bounds the short
/// constructors do not cover (none at all, a bound that is not finite) spell out the kind.
/// A pattern is written as the validator checks it; `None` for one it cannot check.
fn constraint_tokens(kind: &ConstraintKind, source: &TokenStream) -> Option<TokenStream> {
    let checked = |p: &str| match for_validator(p) {
        PatternCheck::Checked(p) => Some(p),
        PatternCheck::Unchecked(_) => None,
    };
    fn opt_u(v: &Option<u64>) -> TokenStream {
        match v {
            Some(v) => quote!(::std::option::Option::Some(#v)),
            None => quote!(::std::option::Option::None),
        }
    }
    fn opt_f(v: &Option<f64>) -> TokenStream {
        match v {
            Some(v) if v.is_finite() => {
                let lit = proc_macro2::Literal::f64_suffixed(*v);
                quote!(::std::option::Option::Some(#lit))
            }
            _ => quote!(::std::option::Option::None),
        }
    }
    let finite = |v: &Option<f64>| v.filter(|v| v.is_finite());
    let f = |v: f64| proc_macro2::Literal::f64_unsuffixed(v);
    let u = |v: u64| proc_macro2::Literal::u64_unsuffixed(v);
    Some(match kind {
        ConstraintKind::AllowedValues(values) => {
            quote!(Constraint::allowed_values(&[#(#values),*], #source))
        }
        ConstraintKind::Pattern(p) => {
            let p = checked(p)?;
            quote!(Constraint::pattern(#p, #source))
        }
        ConstraintKind::KeyPattern(p) => {
            let p = checked(p)?;
            quote!(Constraint::key_pattern(#p, #source))
        }
        ConstraintKind::UniqueItems => quote!(Constraint::unique_items(#source)),
        ConstraintKind::Length { min, max } | ConstraintKind::Items { min, max } => {
            let (both, at_least, at_most) = match kind {
                ConstraintKind::Length { .. } => {
                    (quote!(length), quote!(min_length), quote!(max_length))
                }
                _ => (quote!(items), quote!(min_items), quote!(max_items)),
            };
            match (min, max) {
                (Some(a), Some(b)) => {
                    let (a, b) = (u(*a), u(*b));
                    quote!(Constraint::#both(#a, #b, #source))
                }
                (Some(a), None) => {
                    let a = u(*a);
                    quote!(Constraint::#at_least(#a, #source))
                }
                (None, Some(b)) => {
                    let b = u(*b);
                    quote!(Constraint::#at_most(#b, #source))
                }
                (None, None) => {
                    let (min, max) = (opt_u(min), opt_u(max));
                    let kind = if matches!(kind, ConstraintKind::Length { .. }) {
                        quote!(Length)
                    } else {
                        quote!(Items)
                    };
                    quote!(Constraint::new(ConstraintKind::#kind(#min, #max), #source))
                }
            }
        }
        ConstraintKind::Range { min, max } => match (finite(min), finite(max)) {
            (Some(a), Some(b)) => {
                let (a, b) = (f(a), f(b));
                quote!(Constraint::range(#a, #b, #source))
            }
            (Some(a), None) => {
                let a = f(a);
                quote!(Constraint::min(#a, #source))
            }
            (None, Some(b)) => {
                let b = f(b);
                quote!(Constraint::max(#b, #source))
            }
            (None, None) => {
                let (min, max) = (opt_f(min), opt_f(max));
                quote!(Constraint::new(ConstraintKind::Range(#min, #max), #source))
            }
        },
    })
}

/// A shape as a `Shape` expression. Property types are their tables; aliases are
/// expanded, except behind a list or map, where their static is named (so recursive aliases end).
fn shape_value<'a>(
    resource: &'a Resource,
    plan: &TypePlan<'_>,
    shape: &'a Shape,
    seen: &mut BTreeSet<&'a str>,
) -> TokenStream {
    let primitive = |p: &Primitive| {
        let name = ident(match p {
            Primitive::String => "String",
            Primitive::Integer => "Integer",
            Primitive::Long => "Long",
            Primitive::Double => "Double",
            Primitive::Boolean => "Boolean",
            Primitive::Timestamp => "Timestamp",
        });
        quote!(Shape::#name)
    };
    let reference = |inner: &'a Shape, seen: &mut BTreeSet<&'a str>| match inner {
        Shape::Named(n)
            if matches!(
                resource.property_types.get(n).map(|pt| &pt.kind),
                Some(PropertyTypeKind::Alias(_))
            ) =>
        {
            let name = ident(&table_name(plan, n, "SHAPE"));
            quote!(&#name)
        }
        other => {
            let value = shape_value(resource, plan, other, seen);
            quote!(&#value)
        }
    };
    match shape {
        Shape::Primitive(p) => primitive(p),
        Shape::Json => quote!(Shape::Json),
        Shape::List(inner) => {
            let inner = reference(inner, seen);
            quote!(Shape::List(#inner))
        }
        Shape::Map(inner) => {
            let inner = reference(inner, seen);
            quote!(Shape::Map(#inner))
        }
        Shape::Named(n) => match resource.property_types.get(n).map(|pt| &pt.kind) {
            Some(PropertyTypeKind::Struct { .. }) => {
                let table = ident(&table_name(plan, n, "PROPERTIES"));
                quote!(Shape::Object(#n, &#table))
            }
            Some(PropertyTypeKind::Alias(inner)) if seen.insert(n) => {
                shape_value(resource, plan, inner, seen)
            }
            // A type that is only another name for itself: nothing to check but JSON.
            _ => quote!(Shape::Json),
        },
    }
}

#[cfg(test)]
mod tests {
    use quote::quote;

    #[test]
    fn leading_idents_skip_literals_and_path_tails() {
        let tokens = quote! {
            #[doc = " The table of `AWS::X::Y.Update`."]
            pub static SCHEMA: ResourceSchema = ResourceSchema { a: super::Source, b: "Shape" };
            static R: [PropertySchema; 1] = [PropertySchema::new("Update").update(Update::Immutable)];
        };
        let got = super::leading_idents(tokens);
        for name in ["ResourceSchema", "PropertySchema", "Update", "super"] {
            assert!(got.contains(name), "{name}: {got:?}");
        }
        for name in ["Source", "Shape", "new", "Immutable", "update"] {
            assert!(!got.contains(name), "{name}: {got:?}");
        }
    }
}
