//! The root file (`services.rs`) and each service's `mod.rs`, with the `@generated` headers.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::Output;
use super::enums::emit_enums;
use super::format::{doc_attrs, format_file, parallel_map};
use super::plan::resource_type_name;
use super::resource::{TypedPaths, emit_resource};
use super::rules::emit_rules;
use crate::error::{Error, Result, pointer};
use crate::model::{Resource, Service};
use crate::naming::{self, ident, snake};

/// The arms of an enum over resource types (per service) or over services (at the root): one
/// variant per member, each able to read itself from a type name and `Properties`.
#[derive(Default)]
pub(super) struct TypedArms {
    variants: Vec<TokenStream>,
    /// `(cfg, variant)` of each arm of the `type_name` and `to_properties` matches.
    arms: Vec<(TokenStream, proc_macro2::Ident)>,
    from_properties: Vec<TokenStream>,
    schema_for: Vec<TokenStream>,
    /// Some variant is behind a `cfg`: every one may be off, so the matches are written to
    /// compile on an empty enum too (`match *self { Self::A(ref inner) => .. }`).
    gated: bool,
}

impl TypedArms {
    /// Adds a variant holding `ty`; `reader` is the type its `from_properties` and `schema_for`
    /// are called on (a resource struct, through `ResourceType`, which the service module
    /// imports, or a service's `AnyResource`).
    pub(super) fn push(
        &mut self,
        variant: &proc_macro2::Ident,
        ty: &TokenStream,
        reader: &TokenStream,
    ) {
        self.push_if(&TokenStream::new(), variant, ty, reader);
    }

    /// [`Self::push`] with attributes (`#[cfg(feature = "lambda")]`) on every part of the
    /// variant: the variant, its arms and its reader calls.
    pub(super) fn push_if(
        &mut self,
        cfg: &TokenStream,
        variant: &proc_macro2::Ident,
        ty: &TokenStream,
        reader: &TokenStream,
    ) {
        let doc = format!(" `{variant}`.");
        self.gated |= !cfg.is_empty();
        self.variants
            .push(quote! { #[doc = #doc] #cfg #variant(#ty), });
        self.arms.push((cfg.clone(), variant.clone()));
        self.from_properties.push(quote! {
            #cfg
            if let ::std::option::Option::Some(read) = #reader::from_properties(type_name, properties) {
                return ::std::option::Option::Some(read.map(Self::#variant));
            }
        });
        self.schema_for.push(quote! {
            #cfg
            if let ::std::option::Option::Some(schema) = #reader::schema_for(type_name) {
                return ::std::option::Option::Some(schema);
            }
        });
    }

    pub(super) fn emit(&self, name: &TokenStream, doc: &str, member: &str) -> TokenStream {
        let TypedArms {
            variants,
            arms,
            from_properties,
            schema_for,
            gated,
        } = self;
        // `match self` on a reference needs an arm even when the enum is empty; `match *self`
        // does not, with the bindings by reference.
        let (scrutinee, binding) = if *gated {
            (quote!(*self), quote!(ref inner))
        } else {
            (quote!(self), quote!(inner))
        };
        let type_name = arms.iter().map(|(cfg, variant)| {
            quote! { #cfg Self::#variant(#binding) => inner.type_name(), }
        });
        let to_properties = arms.iter().map(|(cfg, variant)| {
            quote! { #cfg Self::#variant(#binding) => inner.to_properties(), }
        });
        let doc = format!(" {doc}");
        let from_doc = format!(
            " Reads the `Properties` of a resource of type `type_name`; `None` if {member}."
        );
        quote! {
            #[doc = #doc]
            ///
            /// `#[non_exhaustive]`: a later spec may add resource types (or services), which is
            /// an additive change, so a `match` outside this crate needs a wildcard arm.
            #[derive(Debug, Clone, PartialEq)]
            #[non_exhaustive]
            pub enum #name { #(#variants)* }

            impl #name {
                /// The CloudFormation type name of the resource.
                pub fn type_name(&self) -> &'static str {
                    match #scrutinee { #(#type_name)* }
                }

                #[doc = #from_doc]
                pub fn from_properties(
                    type_name: &str,
                    properties: &crate::Node,
                ) -> ::std::option::Option<::std::result::Result<Self, crate::NodeError>> {
                    #(#from_properties)*
                    let _ = (type_name, properties);
                    ::std::option::Option::None
                }

                /// The resource's `Properties`.
                pub fn to_properties(&self) -> ::std::result::Result<crate::Node, crate::NodeError> {
                    match #scrutinee { #(#to_properties)* }
                }

                /// The generated table of the resource type `type_name`, if it is generated.
                pub fn schema_for(type_name: &str) -> ::std::option::Option<&'static crate::schema::ResourceSchema> {
                    #(#schema_for)*
                    let _ = type_name;
                    ::std::option::Option::None
                }
            }
        }
    }
}

/// `AWS::ApiGatewayV2` → `ApiGatewayV2` (the variant of `TypedResource`).
pub(super) fn service_variant(service: &Service) -> Result<String> {
    naming::service_variant(&service.namespace).ok_or_else(|| {
        Error::new(
            "spec",
            "",
            format!(
                "namespace `{}` gives no usable type name",
                service.namespace
            ),
        )
    })
}

/// The name of each service's enum of its resources.
const ANY_RESOURCE: &str = "AnyResource";

/// The modules the generator adds to each service module, next to one module per resource.
const SERVICE_MODULES: &[&str] = &["enums", "rules"];

/// `AWS::ApiGatewayV2` → `apigatewayv2`.
pub(super) fn service_module(service: &Service) -> Result<String> {
    naming::service_module(&service.namespace).ok_or_else(|| {
        Error::new(
            "spec",
            "",
            format!(
                "namespace `{}` gives no usable module name",
                service.namespace
            ),
        )
    })
}

pub(super) fn emit_service(
    service: &Service,
    module: &str,
    service_variant: &proc_macro2::Ident,
    targets: &BTreeMap<String, String>,
    out: &mut Output,
) -> Result<()> {
    let mut items = Vec::new();
    let mut any = TypedArms::default();
    let mut reexports = Vec::new();
    let mut schemas = Vec::new();
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    let mut jobs = Vec::new();
    for resource in service.resources.values() {
        let at = || pointer("", &resource.type_name);
        let sub = snake(&resource.name).ok_or_else(|| {
            Error::new(
                &resource.file,
                at(),
                "resource name has no usable characters",
            )
        })?;
        if SERVICE_MODULES.contains(&sub.as_str()) {
            return Err(Error::new(
                &resource.file,
                "/typeName",
                format!(
                    "resource `{}` would be module `{sub}`, which the service's generated `{sub}` module takes",
                    resource.name
                ),
            ));
        }
        if let Some(other) = seen.insert(sub.clone(), &resource.name) {
            return Err(Error::new(
                &resource.file,
                "/typeName",
                format!(
                    "resources `{other}` and `{}` would both be module `{sub}`",
                    resource.name
                ),
            ));
        }
        let sub_ident = ident(&sub);
        let type_ident = ident(&resource_type_name(resource)?);
        items.push(included_module(
            &sub,
            &format!("{sub}.rs"),
            &format!(
                "`{}`: the resource and its property types.",
                resource.type_name
            ),
        ));
        if type_ident == ANY_RESOURCE {
            return Err(Error::new(
                &resource.file,
                "/typeName",
                format!(
                    "resource `{}` would collide with the service's enum `{ANY_RESOURCE}`",
                    resource.name
                ),
            ));
        }
        reexports.push(quote! { pub use #sub_ident::#type_ident; });
        schemas.push(quote! { &#sub_ident::SCHEMA });
        any.push(
            &type_ident,
            &quote!(::std::boxed::Box<#sub_ident::#type_ident>),
            &quote!(#sub_ident::#type_ident),
        );
        jobs.push((resource, format!("{module}/{sub}.rs")));
    }
    // Each resource's file is emitted and formatted on its own (formatting is most of the
    // generator's time): spread them over the available cores. Token streams are not `Send`,
    // so each worker builds its own from the shared model.
    let variant = service_variant.to_string();
    for result in parallel_map(&jobs, |(resource, path)| {
        let paths = TypedPaths {
            module: ident(module),
            service_variant: ident(&variant),
            targets,
        };
        let mut part = Output::default();
        let tokens = emit_resource(resource, &paths, &mut part)?;
        let header = header(&service.inputs_for(resource), &resource.type_name);
        part.files
            .insert(path.clone(), format_file(&header, tokens)?);
        Ok(part)
    }) {
        let part = result?;
        out.files.extend(part.files);
        out.emitted.extend(part.emitted);
        out.unused.extend(part.unused);
        out.warnings.extend(part.warnings);
    }
    let header = header(
        &service.inputs_for_all(),
        &format!("{}::*", service.namespace),
    );
    let enums_mod = if service.enums.is_empty() {
        TokenStream::new()
    } else {
        let enums_header = self::header(
            &service.inputs_for_all(),
            &format!("{} enums", service.namespace),
        );
        out.files.insert(
            format!("{module}/enums.rs"),
            format_file(&enums_header, emit_enums(service)?)?,
        );
        let doc = doc_attrs(&format!(
            "The closed value sets of `{}::*` properties, one enum each (shared by the properties that use the same set).",
            service.namespace
        ));
        quote! {
            #doc
            pub mod enums {
                include!("enums.rs");
            }
        }
    };
    let rules_mod = if service.rules.ids.is_empty() {
        TokenStream::new()
    } else {
        let (tokens, emitted) = emit_rules(service)?;
        let rules_header = self::header(
            &service.inputs_for_all(),
            &format!("{} documented rules", service.namespace),
        );
        out.files.insert(
            format!("{module}/rules.rs"),
            format_file(&rules_header, tokens)?,
        );
        out.emitted.extend(emitted);
        let doc = doc_attrs(&format!(
            "The documented rules of `{}::*` (the hand-written overlay of what only the documentation's prose states), as data for the validator.",
            service.namespace
        ));
        quote! {
            #doc
            pub mod rules {
                include!("rules.rs");
            }
        }
    };
    out.files.insert(
        format!("{module}/mod.rs"),
        format_file(&header, {
            let any_enum = any.emit(
                &quote!(AnyResource),
                &format!("Any `{}::*` resource.", service.namespace),
                "the type is not one of this service's",
            );
            // The resource structs' `type_name`, `from_properties`, ... are `ResourceType`'s.
            let schemas_doc = doc_attrs(&format!(
                "The generated table of every `{}::*` resource type.",
                service.namespace
            ));
            quote! {
                use crate::ResourceType as _;

                #enums_mod #rules_mod #(#items)* #(#reexports)* #any_enum

                #schemas_doc
                pub static SCHEMAS: &[&crate::schema::ResourceSchema] = &[#(#schemas),*];
            }
        })?,
    );
    Ok(())
}

impl Service {
    fn inputs_for(&self, resource: &Resource) -> Vec<String> {
        self.inputs
            .iter()
            .filter(|f| !f.file.starts_with("schemas/") || f.file == resource.file)
            .map(describe_input)
            .collect()
    }

    fn inputs_for_all(&self) -> Vec<String> {
        self.inputs.iter().map(describe_input).collect()
    }
}

fn describe_input(f: &crate::model::InputFile) -> String {
    match &f.origin {
        Some(origin) => format!("spec/{} ({origin})", f.file),
        None => format!("spec/{}", f.file),
    }
}

pub(super) fn header(inputs: &[String], what: &str) -> String {
    use crate::output::{HEADER_END, HEADER_START};
    // One line: `output::is_generated` knows a generated file by it. (`what` is a type name or
    // a phrase of the generator's; a line break would end the header early.)
    let what = what.replace(['\r', '\n'], " ");
    let mut h = format!(
        "{HEADER_START}{what}{HEADER_END}\n\
         // Regenerate with `cargo run -p cfn-codegen -- generate`.\n"
    );
    if !inputs.is_empty() {
        h.push_str("// Inputs:\n");
        for i in inputs {
            h.push_str(&format!("//   {i}\n"));
        }
    }
    h
}

/// `pub mod name { include!("file"); }` with `doc` (an included file cannot hold inner
/// attributes or `//!` docs, so the module's docs are written here).
pub(super) fn included_module(name: &str, file: &str, doc: &str) -> TokenStream {
    included_module_if(&TokenStream::new(), name, file, doc)
}

/// [`included_module`] with attributes after the docs (`#[cfg(feature = "lambda")]`).
pub(super) fn included_module_if(
    attrs: &TokenStream,
    name: &str,
    file: &str,
    doc: &str,
) -> TokenStream {
    let (name, doc) = (ident(name), doc_attrs(doc));
    quote! {
        #doc
        #attrs
        pub mod #name {
            include!(#file);
        }
    }
}
