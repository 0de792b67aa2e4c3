//! Emits a service's documented rules (the overlay, [`crate::model::RuleSet`]) as data: one
//! `static` per named format and one table row per rule, read by the validator's one rule
//! engine. No rule becomes code of its own.

use proc_macro2::TokenStream;
use quote::quote;

use crate::error::{Error, Result};
use crate::merge::ItemKey;
use crate::model::{Check, Condition, RuleSet, Service};
use crate::naming::{ident, snake};
use crate::overlay::rule_key;

/// The tokens of `rules.rs` for `service`, and the ledger keys of the rules it holds.
pub fn emit_rules(service: &Service) -> Result<(TokenStream, Vec<ItemKey>)> {
    let RuleSet {
        file,
        ids,
        formats,
        rules,
    } = &service.rules;
    let file = file.as_deref().unwrap_or("spec/overlay");
    let format_ident = |name: &str| {
        snake(name)
            .filter(|s| !s.starts_with("r#"))
            .map(|s| ident(&s.to_uppercase()))
            .ok_or_else(|| Error::new(file, "/formats", format!("format `{name}` gives no name")))
    };
    let mut format_items = Vec::new();
    for format in formats.values() {
        let name = format_ident(&format.name)?;
        let doc = format!(" The `{}` format: {}.", format.name, format.description);
        let (id, pattern, description) = (&format.name, &format.pattern, &format.description);
        format_items.push(quote! {
            #[doc = #doc]
            pub static #name: crate::schema::Format = crate::schema::Format {
                name: #id,
                pattern: #pattern,
                description: #description,
            };
        });
    }
    let id_rows = ids
        .iter()
        .map(|(id, description)| quote!((#id, #description),));
    let mut rows = Vec::new();
    let mut emitted = Vec::new();
    for (n, rule) in rules.iter().enumerate() {
        let (id, resource, property, message, cite) = (
            &rule.id,
            &rule.type_name,
            &rule.property,
            &rule.message,
            &rule.cite,
        );
        let object = &rule.object;
        let when = rule.when.iter().map(condition_tokens);
        let unless = rule.unless.iter().map(condition_tokens);
        let checks = rule
            .checks
            .iter()
            .map(|c| check_tokens(c, &format_ident))
            .collect::<Result<Vec<_>>>()?;
        let severity = ident(if rule.warning { "Warning" } else { "Error" });
        let url = option_tokens(rule.url.as_deref());
        rows.push(quote! {
            crate::schema::Rule {
                id: #id,
                resource: #resource,
                object: &[#(#object),*],
                property: #property,
                when: &[#(#when),*],
                unless: &[#(#unless),*],
                checks: &[#(#checks),*],
                severity: crate::validate::Severity::#severity,
                message: #message,
                cite: #cite,
                url: #url,
            },
        });
        emitted.push(rule_key(&rule.type_name, n));
    }
    let doc = format!(
        " The documented rules of `{}::*`, from `{file}`: one row per place and property, each with the sentence it comes from.",
        service.namespace
    );
    let ids_doc = " The rule ids these rules use, with what each checks.";
    Ok((
        quote! {
            #(#format_items)*
            #[doc = #ids_doc]
            pub static RULE_IDS: &[(&str, &str)] = &[#(#id_rows)*];
            #[doc = #doc]
            pub static RULES: &[crate::schema::Rule] = &[#(#rows)*];
        },
        emitted,
    ))
}

fn option_tokens<T: quote::ToTokens>(value: Option<T>) -> TokenStream {
    match value {
        Some(v) => quote!(::std::option::Option::Some(#v)),
        None => quote!(::std::option::Option::None),
    }
}

fn condition_tokens(condition: &Condition) -> TokenStream {
    match condition {
        Condition::Value {
            via,
            resource_scope,
            property,
            values,
            negate,
            default,
        } => {
            let via = option_tokens(via.as_deref());
            let default = option_tokens(default.as_deref());
            quote! {
                crate::schema::Condition::Value {
                    via: #via,
                    resource_scope: #resource_scope,
                    property: #property,
                    values: &[#(#values),*],
                    negate: #negate,
                    default: #default,
                }
            }
        }
        Condition::Present {
            resource_scope,
            property,
            negate,
        } => quote! {
            crate::schema::Condition::Present {
                resource_scope: #resource_scope,
                property: #property,
                negate: #negate,
            }
        },
    }
}

fn check_tokens(
    check: &Check,
    format_ident: &dyn Fn(&str) -> Result<proc_macro2::Ident>,
) -> Result<TokenStream> {
    let float = |v: &Option<f64>| option_tokens(v.map(proc_macro2::Literal::f64_suffixed));
    let int = |v: &Option<u64>| option_tokens(v.map(proc_macro2::Literal::u64_suffixed));
    Ok(match check {
        Check::Absent => quote!(crate::schema::Check::Absent),
        Check::Present => quote!(crate::schema::Check::Present),
        Check::Values(values) => quote!(crate::schema::Check::Values(&[#(#values),*])),
        Check::Range(min, max) => {
            let (min, max) = (float(min), float(max));
            quote!(crate::schema::Check::Range(#min, #max))
        }
        Check::Items(min, max) => {
            let (min, max) = (int(min), int(max));
            quote!(crate::schema::Check::Items(#min, #max))
        }
        Check::Format(f) => {
            let f = format_ident(f)?;
            quote!(crate::schema::Check::Format(&#f))
        }
        Check::KeyFormat(f) => {
            let f = format_ident(f)?;
            quote!(crate::schema::Check::KeyFormat(&#f))
        }
        Check::ValueFormat(f) => {
            let f = format_ident(f)?;
            quote!(crate::schema::Check::ValueFormat(&#f))
        }
    })
}
