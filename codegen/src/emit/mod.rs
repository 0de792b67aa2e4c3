//! Emitters: model → token streams → formatted files.
//!
//! Generated code uses fully qualified paths (`::std::string::String`, `crate::Value`) so that a
//! property type called `String`, `Option` or `Value` cannot shadow what the code means.
//! Nothing here knows about any particular service: every decision comes from the model.
//!
//! [`emit`] writes the root file; per service, `files` writes its `mod.rs` and runs one job per
//! resource (`resource`, with `plan`, `fields`, `attributes`, `tables`, `refs`, `serde`), then
//! `enums` and `rules`; `format` turns every token stream into file text. `attributes` also
//! writes the attributes structs of the referenced types in `targets.rs` (`refs`).

mod attributes;
mod enums;
mod fields;
mod files;
mod format;
mod plan;
mod refs;
mod resource;
mod rules;
mod serde;
mod tables;
mod values;

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use self::files::{
    TypedArms, emit_service, header, included_module_if, service_module, service_variant,
};
use self::format::format_file;
pub(crate) use self::plan::used_property_types;
use crate::error::{Error, Result};
use crate::ledger::ItemKey;
use crate::model::Service;
use crate::naming::ident;
use crate::read::values::ValueTable;

/// The generated files (path relative to the output directory → contents) and what they hold.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Output {
    /// File contents by relative path (`/`-separated).
    pub files: BTreeMap<String, String>,
    /// Every model item that was emitted.
    pub emitted: BTreeSet<ItemKey>,
    /// Model items left out because nothing uses them (a property type no property or
    /// attribute of its resource names).
    pub unused: BTreeSet<ItemKey>,
    /// Facts emitted with a caveat (`file: at /json/path: what`): patterns the validator cannot
    /// check, documented as not checked.
    pub warnings: Vec<String>,
}

/// The file the crate root includes.
pub const ROOT_FILE: &str = "services.rs";

/// Whether each service module is behind the cargo feature named like it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    /// `#[cfg(feature = "lambda")]` on the module and everything at the root that names it (the
    /// crate's own generation).
    Features,
    /// Always compiled (code included where the features do not exist: test fixtures).
    None,
}

/// Emits every service.
pub fn emit(services: &[Service], values: Option<&ValueTable>, gate: Gate) -> Result<Output> {
    let mut out = Output::default();
    let mut service_items = Vec::new();
    let mut typed = TypedArms::default();
    let mut modules_seen: BTreeMap<String, &str> = BTreeMap::new();
    let mut rule_tables = Vec::new();
    let mut typed_modules = Vec::new();
    let mut same_api_tables = Vec::new();
    for service in services {
        let module = service_module(service)?;
        if let Some(other) = modules_seen.insert(module.clone(), &service.namespace) {
            return Err(Error::new(
                "spec",
                "",
                format!(
                    "namespaces `{other}` and `{}` would both be module `{module}`",
                    service.namespace
                ),
            ));
        }
        if module == refs::TARGETS_MODULE || module == values::VALUES_MODULE {
            return Err(Error::new(
                "spec",
                "",
                format!(
                    "namespace `{}` would be module `{module}`, which a generated module of the crate root takes",
                    service.namespace
                ),
            ));
        }
        let module_ident = ident(&module);
        // Every service is behind the cargo feature named like its module.
        let feature = module.as_str();
        let cfg = match gate {
            Gate::Features => quote!(#[cfg(feature = #feature)]),
            Gate::None => TokenStream::new(),
        };
        service_items.push(included_module_if(
            &cfg,
            &module,
            &format!("{module}/mod.rs"),
            &format!(
                "Types for the `{}::*` CloudFormation resources{}.",
                service.namespace,
                match gate {
                    Gate::Features => format!(" (cargo feature `{module}`)"),
                    Gate::None => String::new(),
                }
            ),
        ));
        let variant = ident(&service_variant(service)?);
        typed_modules.push(quote!(#cfg crate::#module_ident::SCHEMAS));
        let module_path = quote!(crate::#module_ident);
        typed.push_if(
            &cfg,
            &variant,
            &quote!(#module_path::AnyResource),
            &quote!(#module_path::AnyResource),
        );
        let targets = refs::target_paths(service, &module)?;
        emit_service(service, &module, &variant, &targets, &mut out)?;
        if !service.rules.ids.is_empty() {
            rule_tables.push((cfg.clone(), module_ident.clone()));
        }
        if service.rules.same_api.is_some() {
            same_api_tables.push(quote!(#cfg &crate::#module_ident::rules::SAME_API));
        }
    }
    if let Some(tokens) = refs::emit_targets(services, gate, &mut out.emitted)? {
        let header = header(
            &[],
            "resource types outside the generated services that fields refer to",
        );
        out.files
            .insert(refs::TARGETS_FILE.to_owned(), format_file(&header, tokens)?);
        let module = ident(refs::TARGETS_MODULE);
        let include = refs::TARGETS_FILE;
        service_items.push(quote! {
            /// Resource types outside the generated services that generated fields refer to:
            /// typed handles (`Handle<targets::lambda::Function>`) for resources a template keeps
            /// verbatim.
            pub mod #module {
                include!(#include);
            }
        });
    }
    if let Some(table) = values {
        let header = header(
            std::slice::from_ref(&table.file),
            "what references return, for every resource type",
        );
        out.files.insert(
            values::VALUES_FILE.to_owned(),
            format_file(&header, values::emit_values(table)?)?,
        );
        let module = ident(values::VALUES_MODULE);
        let include = values::VALUES_FILE;
        service_items.push(quote! {
            /// What `Ref` and `Fn::GetAtt` return for every CloudFormation resource type (the
            /// spec's value-kind table), for [`crate::validate`].
            pub mod #module {
                include!(#include);
            }
        });
    }
    service_items.push(refs::via_table(services, &mut out.emitted));
    let schema_tables = &typed_modules;
    let rule_cfg: Vec<&TokenStream> = rule_tables.iter().map(|(cfg, _)| cfg).collect();
    let rule_modules: Vec<&proc_macro2::Ident> = rule_tables.iter().map(|(_, m)| m).collect();
    let rule_tables = quote! {
        /// The generated table of every resource type, by service (see each service's
        /// `SCHEMAS`).
        pub static SCHEMAS: &[&[&crate::schema::ResourceSchema]] = &[#(#schema_tables),*];
        /// The documented rules of every service (see each service's `rules` module), for
        /// [`crate::validate`].
        pub static DOCUMENTED_RULES: &[&[crate::schema::Rule]] = &[#(#rule_cfg crate::#rule_modules::rules::RULES),*];
        /// The rule ids the documented rules use, with what each checks.
        pub static DOCUMENTED_RULE_IDS: &[&[(&str, &str)]] = &[#(#rule_cfg crate::#rule_modules::rules::RULE_IDS),*];
        /// Where deployed templates break a rule, for every service (findings there are
        /// warnings).
        pub static DOCUMENTED_EVIDENCE: &[&[crate::schema::Evidence]] = &[#(#rule_cfg crate::#rule_modules::rules::EVIDENCE),*];
        /// The same-API links of every service that has them (see each service's `rules`
        /// module), for [`crate::validate`].
        pub static SAME_API: &[&crate::schema::ApiLinks] = &[#(#same_api_tables),*];
    };
    let header = header(&[], "every service module");
    let typed_enum = typed.emit(
        &quote!(TypedResource),
        "A resource of any generated type, by service.",
        "its service is not generated",
    );
    out.files.insert(
        ROOT_FILE.to_owned(),
        format_file(
            &header,
            quote! { #(#service_items)* #typed_enum #rule_tables },
        )?,
    );
    Ok(out)
}
