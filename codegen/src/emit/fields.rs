//! The fields of a generated struct: definitions, constructor, setters, serde rows and docs.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::Output;
use super::format::doc_attrs;
use super::plan::{TypePlan, complexity_allow};
use super::refs;
use super::serde::{SerdeField, struct_impls};
use crate::docs::{code_span, sanitize};
use crate::error::{Error, Result, pointer};
use crate::ledger::{FactKind, ItemKey};
use crate::model::{ConstraintKind, PatternCheck, Property, Resource, UpdateType, for_validator};
use crate::naming::{ident, snake};

/// The fields of a struct, recording each emitted property.
pub(super) fn emit_fields(
    resource: &Resource,
    plan: &TypePlan<'_>,
    owner: Option<&str>,
    properties: &BTreeMap<String, Property>,
    at: &str,
    item: impl Fn(&str) -> ItemKey,
    out: &mut Output,
) -> Result<Fields> {
    let mut fields = Fields::default();
    let mut taken: BTreeMap<String, &str> = BTreeMap::new();
    // The struct's methods: a setter may take none of their names.
    let mut methods = crate::naming::Methods::default();
    for p in properties.values() {
        let prop_at = pointer(at, &p.name);
        let field = snake(&p.name).ok_or_else(|| {
            Error::new(
                &resource.file,
                &prop_at,
                "property name has no usable characters",
            )
        })?;
        if let Some(other) = taken.insert(field.clone(), &p.name) {
            return Err(Error::new(
                &resource.file,
                prop_at,
                format!(
                    "properties `{other}` and `{}` would both be the Rust field `{field}`",
                    p.name
                ),
            ));
        }
        let field_ident = ident(&field);
        let inner = match &p.enum_type {
            Some(name) => {
                let (module, name) = (&plan.module, ident(name));
                quote!(crate::#module::enums::#name)
            }
            None => plan.rust_type(resource, owner, &p.shape),
        };
        let wire = &p.name;
        let doc = doc_attrs(&property_doc(p));
        let deprecated = deprecated_attr(p.deprecated.as_deref());
        let complex = complexity_allow(&p.shape);
        fields.deprecated |= p.deprecated.is_some();
        let key = item(&p.name);
        let refers = key.kind() == FactKind::Property && refs::typed(p);
        // A setter for every optional field, and for required fields with references.
        let setter = crate::naming::setter(&field);
        if refers || !p.required {
            methods
                .claim(&setter, &p.name)
                .map_err(|why| Error::new(&resource.file, &prop_at, why))?;
        }
        if refers {
            fields
                .setters
                .push(refs::setter(&resource.type_name, p, &field_ident)?);
        }
        if p.required && refers {
            let (param, init) = refs::param(&resource.type_name, p, &field_ident)?;
            fields.params.push(param);
            fields.inits.push(init);
        } else if p.required {
            fields
                .params
                .push(quote!(#field_ident: impl ::std::convert::Into<crate::Value<#inner>>));
            fields.inits.push(quote!(#field_ident: #field_ident.into()));
        } else {
            fields
                .inits
                .push(quote!(#field_ident: ::std::option::Option::None));
        }
        fields.defs.push(if p.required {
            quote! {
                #doc
                #deprecated
                #complex
                pub #field_ident: crate::Value<#inner>,
            }
        } else {
            quote! {
                #doc
                #deprecated
                #complex
                pub #field_ident: ::std::option::Option<crate::Value<#inner>>,
            }
        });
        fields.serde.push(SerdeField {
            ident: field_ident.clone(),
            wire: wire.clone(),
            required: p.required,
            setter: (!refers && !p.required).then(|| (ident(&setter), inner.clone())),
        });
        // Every source's constraints, whatever read them (the registry reader already refuses
        // its own with their exact JSON path): the model's last word before code.
        for c in &p.constraints.0 {
            if let Some(why) = c.kind.unusable() {
                return Err(Error::new(
                    &resource.file,
                    &prop_at,
                    format!("constraint from the {}: {why}", c.source.label()),
                ));
            }
            if let ConstraintKind::Pattern(pattern) | ConstraintKind::KeyPattern(pattern) = &c.kind
                && let PatternCheck::Unchecked(why) = for_validator(pattern)
            {
                let warning = Error::new(
                    &resource.file,
                    &prop_at,
                    format!(
                        "pattern `{pattern}` from the {} is not checked by the validator \
                         (documented as such, left out of the table): {why}",
                        c.source.label()
                    ),
                );
                out.warnings.push(warning.to_string());
            }
        }
        for i in 0..p.constraints.0.len() {
            out.emitted.insert(key.constraint(i));
        }
        if key.kind() == FactKind::Property {
            for r in &p.relationships {
                out.emitted.insert(ItemKey::relationship(
                    &resource.type_name,
                    &p.name,
                    &r.target_type,
                    &r.target_property,
                ));
            }
        }
        out.emitted.insert(key);
    }
    Ok(fields)
}

/// A struct's field definitions and the pieces of its constructor.
#[derive(Default)]
pub(super) struct Fields {
    pub(super) defs: Vec<TokenStream>,
    /// `new` parameters: the required properties.
    params: Vec<TokenStream>,
    /// Field initialisers: parameters for required properties, `None` for the others.
    inits: Vec<TokenStream>,
    /// Whether a field is deprecated (the constructor must then allow the lint).
    deprecated: bool,
    /// `with_<field>` setters of the fields with relationships.
    setters: Vec<TokenStream>,
    /// What the serde impls need.
    serde: Vec<SerdeField>,
}

impl Fields {
    /// The `Serialize` and `Deserialize` impls.
    pub(super) fn serde_impls(&self, ty: &proc_macro2::Ident, expecting: &str) -> TokenStream {
        struct_impls(ty, &self.serde, expecting)
    }

    /// `#[derive(Default)]` where every property is optional.
    pub(super) fn default_derive(&self) -> TokenStream {
        if self.params.is_empty() {
            quote!(, Default)
        } else {
            TokenStream::new()
        }
    }

    /// `new(required...)`: every required property as a parameter, every optional one `None`.
    pub(super) fn constructor(&self, type_name: &str) -> TokenStream {
        let Fields {
            params,
            inits,
            setters,
            ..
        } = self;
        let doc = if params.is_empty() {
            format!(" A new `{type_name}` with no property set.")
        } else {
            format!(" A new `{type_name}` with its required properties set and no optional one.")
        };
        let allow = self.deprecated.then(|| quote!(#[allow(deprecated)]));
        let many = (params.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
        quote! {
            #[doc = #doc]
            #allow
            #many
            pub fn new(#(#params),*) -> Self {
                Self { #(#inits),* }
            }

            #(#setters)*
        }
    }
}

fn deprecated_attr(reason: Option<&str>) -> TokenStream {
    match reason {
        Some(note) => quote!(#[deprecated(note = #note)]),
        None => TokenStream::new(),
    }
}

pub(super) fn doc_block(text: Option<&str>) -> String {
    match text.map(sanitize) {
        Some(t) if !t.is_empty() => t,
        _ => "Not documented upstream.".to_owned(),
    }
}

/// A constraint in words, for docs.
fn describe_constraint(kind: &ConstraintKind) -> String {
    fn bounds<T: std::fmt::Display>(what: &str, min: &Option<T>, max: &Option<T>) -> String {
        match (min, max) {
            (Some(a), Some(b)) => format!("{what}: {a} to {b}"),
            (Some(a), None) => format!("{what}: at least {a}"),
            (None, Some(b)) => format!("{what}: at most {b}"),
            (None, None) => format!("{what}: any"),
        }
    }
    let code = code_span;
    match kind {
        ConstraintKind::AllowedValues(values) => {
            let values: Vec<String> = values.iter().map(|v| code(v)).collect();
            format!("Allowed values: {}", values.join(", "))
        }
        ConstraintKind::Pattern(p) => format!("Pattern: {}", code(p)),
        ConstraintKind::KeyPattern(p) => format!("Key pattern: {}", code(p)),
        ConstraintKind::Length { min, max } => bounds("Length", min, max),
        ConstraintKind::Range { min, max } => bounds("Range", min, max),
        ConstraintKind::Items { min, max } => bounds("Items", min, max),
        ConstraintKind::UniqueItems => "Items must be unique".to_owned(),
    }
}

/// What the validator does with a constraint's pattern, where it does not check it as written.
fn pattern_note(kind: &ConstraintKind) -> String {
    let (ConstraintKind::Pattern(pattern) | ConstraintKind::KeyPattern(pattern)) = kind else {
        return String::new();
    };
    match for_validator(pattern) {
        PatternCheck::Checked(p) if &p == pattern => String::new(),
        PatternCheck::Checked(p) => format!("; the validator checks it as {}", code_span(&p)),
        PatternCheck::Unchecked(why) => format!("; **not checked by the validator**: {why}"),
    }
}

/// The doc comment of a field: upstream text, then the facts a user needs at a glance.
fn property_doc(p: &Property) -> String {
    let mut doc = doc_block(p.docs.text.as_deref());
    doc.push_str("\n\n");
    let mut facts = vec![format!("CloudFormation property: `{}`", p.name)];
    facts.push(format!(
        "Required: {}",
        if p.required { "yes" } else { "no" }
    ));
    let update = match p.update {
        UpdateType::Mutable => Some("no replacement (updated in place)"),
        UpdateType::Immutable => Some("replacement"),
        UpdateType::Conditional => {
            Some("some interruption or replacement, depending on the change")
        }
        UpdateType::Unknown => None,
    };
    if let Some(update) = update {
        facts.push(format!("Update requires: {update}"));
    }
    for c in &p.constraints.0 {
        facts.push(format!(
            "{} ({}{})",
            describe_constraint(&c.kind),
            c.source.label(),
            pattern_note(&c.kind)
        ));
    }
    if !p.relationships.is_empty() {
        let targets: Vec<String> = p
            .relationships
            .iter()
            .map(|r| format!("`{}` (`{}`)", r.target_type, r.target_property))
            .collect();
        let open = if p.open_references.is_some() {
            " (or other values: not only these resource types)"
        } else {
            ""
        };
        facts.push(format!("Refers to: {}{open}", targets.join(", ")));
    }
    if let Some(url) = &p.docs.url {
        facts.push(format!("[AWS documentation]({url})"));
    }
    for f in facts {
        doc.push_str(&format!("- {f}\n"));
    }
    doc.trim_end().to_owned()
}
