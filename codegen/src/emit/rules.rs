//! Emits a service's documented rules (the overlay, [`crate::model::RuleSet`]) as data: one
//! `static` per named format and one table row per rule, read by the validator's one rule
//! engine. No rule becomes code of its own.

use proc_macro2::TokenStream;
use quote::quote;

use crate::error::{Error, Result};
use crate::ledger::ItemKey;
use crate::model::{Check, Condition, LinkCheck, RuleSet, SameApiSet, Service};
use crate::naming::{ident, snake};

/// The tokens of `rules.rs` for `service`, and the ledger keys of the rules it holds.
pub fn emit_rules(service: &Service) -> Result<(TokenStream, Vec<ItemKey>)> {
    let RuleSet {
        file,
        ids,
        formats,
        rules,
        same_api,
        evidence,
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
        let mut row = quote!(Rule::new(#id, #resource, &[#(#object),*], #property));
        if !rule.when.is_empty() {
            let when = rule.when.iter().map(condition_tokens);
            row = quote!(#row.when(&[#(#when),*]));
        }
        if !rule.unless.is_empty() {
            let unless = rule.unless.iter().map(condition_tokens);
            row = quote!(#row.unless(&[#(#unless),*]));
        }
        let checks = rule
            .checks
            .iter()
            .map(|c| check_tokens(c, &format_ident))
            .collect::<Result<Vec<_>>>()?;
        row = quote!(#row.checks(&[#(#checks),*]));
        if rule.warning {
            row = quote!(#row.warning());
        }
        row = quote!(#row.message(#message).cite(#cite));
        if let Some(url) = &rule.url {
            row = quote!(#row.url(#url));
        }
        rows.push(quote!(#row,));
        emitted.push(ItemKey::rule(&rule.type_name, n));
    }
    let doc = format!(
        " The documented rules of `{}::*`, from `{file}`: one row per place and property, each with the sentence it comes from.",
        service.namespace
    );
    let ids_doc = " The rule ids these rules use, with what each checks.";
    let same_api = match same_api {
        Some(set) => emit_same_api(service, set, &mut emitted),
        None => quote!(),
    };
    let evidence_rows = evidence.iter().map(|e| {
        let (rule, resource, object, property, values, templates, why) = (
            &e.rule,
            &e.type_name,
            &e.object,
            &e.property,
            &e.values,
            &e.templates,
            &e.why,
        );
        quote! {
            crate::schema::Evidence {
                rule: #rule,
                resource: #resource,
                object: &[#(#object),*],
                property: #property,
                values: &[#(#values),*],
                templates: &[#(#templates),*],
                why: #why,
            },
        }
    });
    let evidence_doc = " Where deployed public templates break a rule (`tests/evidence/`): its findings at these places are warnings.";
    Ok((
        quote! {
            use crate::schema::{Check, Condition, Rule};

            #(#format_items)*
            #[doc = #ids_doc]
            pub static RULE_IDS: &[(&str, &str)] = &[#(#id_rows)*];
            #[doc = #doc]
            pub static RULES: &[Rule] = &[#(#rows)*];
            #[doc = #evidence_doc]
            pub static EVIDENCE: &[crate::schema::Evidence] = &[#(#evidence_rows)*];
            #same_api
        },
        emitted,
    ))
}

/// The `SAME_API` static: the overlay's same-API section as data, one row per link.
fn emit_same_api(service: &Service, set: &SameApiSet, emitted: &mut Vec<ItemKey>) -> TokenStream {
    let SameApiSet {
        api_type,
        api_property,
        imports,
        implicit,
        links,
    } = set;
    let implicit = implicit.iter().map(|i| {
        let (resource, by, when, default) = (&i.type_name, &i.by, &i.when, &i.default);
        let from = option_tokens(i.from.as_ref());
        quote! {
            crate::schema::Implicit {
                resource: #resource,
                by: #by,
                when: &[#(#when),*],
                from: #from,
                default: #default,
            },
        }
    });
    let mut rows = Vec::new();
    for (n, link) in links.iter().enumerate() {
        let (id, resource, object, property) =
            (&link.id, &link.type_name, &link.object, &link.property);
        let check = match &link.check {
            LinkCheck::SameApi { target, by } => {
                let by = option_tokens(by.as_ref());
                quote!(crate::schema::LinkCheck::SameApi { target: #target, by: #by })
            }
            LinkCheck::Exists { target, by, keys } => {
                quote!(crate::schema::LinkCheck::Exists { target: #target, by: #by, keys: #keys })
            }
            LinkCheck::ApiHas(properties) => {
                quote!(crate::schema::LinkCheck::ApiHas(&[#(#properties),*]))
            }
        };
        let mut row =
            quote!(crate::schema::Link::new(#id, #resource, &[#(#object),*], #property, #check));
        if link.warning {
            row = quote!(#row.warning());
        }
        let (message, cite) = (&link.message, &link.cite);
        row = quote!(#row.message(#message).cite(#cite));
        if let Some(url) = &link.url {
            row = quote!(#row.url(#url));
        }
        rows.push(quote!(#row,));
        emitted.push(ItemKey::link(&link.type_name, n));
    }
    let doc = format!(
        " The same-API links of `{}::*`: what must belong to a resource's own API, and names that must exist in it; one row per place and property, each with the sentence it comes from.",
        service.namespace
    );
    quote! {
        #[doc = #doc]
        pub static SAME_API: crate::schema::ApiLinks = crate::schema::ApiLinks {
            api_type: #api_type,
            api_property: #api_property,
            imports: &[#(#imports),*],
            implicit: &[#(#implicit)*],
            links: &[#(#rows)*],
        };
    }
}

fn option_tokens<T: quote::ToTokens>(value: Option<T>) -> TokenStream {
    match value {
        Some(v) => quote!(::std::option::Option::Some(#v)),
        None => quote!(::std::option::Option::None),
    }
}

fn condition_tokens(condition: &Condition) -> TokenStream {
    let (mut tokens, resource_scope) = match condition {
        Condition::Value {
            via,
            resource_scope,
            property,
            values,
            negate,
            default,
        } => {
            let mut t = match (via, negate) {
                (Some(via), _) => quote!(Condition::via(#via, #property, &[#(#values),*])),
                (None, true) => quote!(Condition::is_not(#property, &[#(#values),*])),
                (None, false) => quote!(Condition::is(#property, &[#(#values),*])),
            };
            if via.is_some() && *negate {
                t = quote!(#t.negated());
            }
            if let Some(d) = default {
                t = quote!(#t.or_default(#d));
            }
            (t, *resource_scope)
        }
        Condition::Present {
            resource_scope,
            property,
            negate,
        } => (
            quote!(Condition::present(#property, #negate)),
            *resource_scope,
        ),
    };
    if resource_scope {
        tokens = quote!(#tokens.on_resource());
    }
    tokens
}

fn check_tokens(
    check: &Check,
    format_ident: &dyn Fn(&str) -> Result<proc_macro2::Ident>,
) -> Result<TokenStream> {
    let float = |v: &Option<f64>| option_tokens(v.map(proc_macro2::Literal::f64_suffixed));
    let int = |v: &Option<u64>| option_tokens(v.map(proc_macro2::Literal::u64_suffixed));
    Ok(match check {
        Check::Absent => quote!(Check::Absent),
        Check::Present => quote!(Check::Present),
        Check::Values(values) => quote!(Check::Values(&[#(#values),*])),
        Check::Range(min, max) => {
            let (min, max) = (float(min), float(max));
            quote!(Check::Range(#min, #max))
        }
        Check::Items(min, max) => {
            let (min, max) = (int(min), int(max));
            quote!(Check::Items(#min, #max))
        }
        Check::Format(f) => {
            let f = format_ident(f)?;
            quote!(Check::Format(&#f))
        }
        Check::KeyFormat(f) => {
            let f = format_ident(f)?;
            quote!(Check::KeyFormat(&#f))
        }
        Check::ValueFormat(f) => {
            let f = format_ident(f)?;
            quote!(Check::ValueFormat(&#f))
        }
    })
}
