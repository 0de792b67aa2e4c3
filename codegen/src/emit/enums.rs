//! The service's `enums.rs`: one enum per closed value set.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::format::doc_attrs;
use crate::docs::code_span;
use crate::error::{Error, Result};
use crate::model::{EnumType, Service};
use crate::naming::{self, ident};

/// The service's enums (one per closed value set) and their module.
pub(super) fn emit_enums(service: &Service) -> Result<TokenStream> {
    let enums = service
        .enums
        .values()
        .map(emit_enum)
        .collect::<Result<Vec<_>>>()?;
    Ok(quote! { #(#enums)* })
}

fn emit_enum(e: &EnumType) -> Result<TokenStream> {
    let err = |message: String| Error::new("spec", "", format!("enum `{}`: {message}", e.name));
    let mut variants: Vec<(proc_macro2::Ident, &str)> = Vec::new();
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    for value in &e.values {
        let base = naming::variant(value)
            .ok_or_else(|| err(format!("value `{value}` gives no usable variant name")))?;
        // Values that differ only in case or separators (`GLACIER` and `Glacier` in one set)
        // would share a name: the later ones are numbered, in the source's order (each
        // variant's docs show its exact value).
        let name = naming::numbered(base, |n| seen.contains_key(n));
        seen.insert(name.clone(), value);
        variants.push((ident(&name), value));
    }
    let catch_all = ident(naming::catch_all_variant(|n| seen.contains_key(n)));
    let ty = ident(&e.name);
    let doc = doc_attrs(&format!(
        "The allowed values of {}, from {}.\n\n`{catch_all}` holds any other value, so reading never fails on \
         a value this version does not know; validation reports it. Match known values and a wildcard, \
         not `{catch_all}` (deprecated: a later version may know the value); `as_str()` reads any value.",
        e.used_by
            .iter()
            .map(|u| format!("`{u}`"))
            .collect::<Vec<_>>()
            .join(", "),
        e.origin
    ));
    let defs = variants.iter().map(|(v, value)| {
        let doc = format!(" {}", code_span(value));
        quote! { #[doc = #doc] #v, }
    });
    let rows = variants.iter().map(|(v, value)| quote!(#v = #value;));
    Ok(quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #ty {
            #(#defs)*
            /// A value not in the list above, kept as written (read it with `as_str()`).
            #[deprecated(note = "a later version may know this value: use `as_str()`")]
            #catch_all(crate::UnknownValue),
        }

        crate::cfn_enum! {
            #ty(#catch_all);
            #(#rows)*
        }
    })
}
