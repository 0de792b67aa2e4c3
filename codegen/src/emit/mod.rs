//! Emitters: model → token streams → formatted files.
//!
//! Generated code uses fully qualified paths (`::std::string::String`, `crate::Value`) so that a
//! property type called `String`, `Option` or `Value` cannot shadow what the code means.
//! Nothing here knows about any particular service: every decision comes from the model.

mod refs;
mod rules;
mod serde;

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use self::serde::{SerdeField, newtype_impls, struct_impls};
use crate::docs::{code_span, first_paragraph, guard, normalize_newlines, sanitize};
use crate::error::{Error, Result, pointer};
use crate::ledger::{FactKind, ItemKey};
use crate::model::{
    ConstraintKind, EnumType, Primitive, Property, PropertyType, PropertyTypeKind, Resource,
    Service, Shape, Source, UpdateType,
};
use crate::naming::{self, camel, ident, snake};

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
}

/// The file the crate root includes.
pub const ROOT_FILE: &str = "services.rs";

/// Emits every service.
pub fn emit(services: &[Service]) -> Result<Output> {
    let mut out = Output::default();
    let mut service_items = Vec::new();
    let mut typed = TypedArms::default();
    let mut modules_seen: BTreeMap<String, &str> = BTreeMap::new();
    let targets = refs::target_paths(services, service_module)?;
    let mut rule_tables = Vec::new();
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
        if module == refs::TARGETS_MODULE {
            return Err(Error::new(
                "spec",
                "",
                format!(
                    "namespace `{}` would be module `{module}`, which the generated module of referenced resource types takes",
                    service.namespace
                ),
            ));
        }
        let module_ident = ident(&module);
        let include = format!("{module}/mod.rs");
        let doc = doc_attrs(&format!(
            "Types for the `{}::*` CloudFormation resources.",
            service.namespace
        ));
        service_items.push(quote! {
            #doc
            pub mod #module_ident {
                include!(#include);
            }
        });
        let variant = ident(&service_variant(service)?);
        let module_path = quote!(crate::#module_ident);
        typed.push(
            &variant,
            &quote!(#module_path::AnyResource),
            &quote!(#module_path::AnyResource),
        );
        emit_service(service, &module, &variant, &targets, &mut out)?;
        if !service.rules.ids.is_empty() {
            rule_tables.push(module_ident.clone());
        }
    }
    if let Some(tokens) = refs::emit_targets(services, &mut out.emitted)? {
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
    service_items.push(refs::via_table(services, &mut out.emitted));
    let rule_tables = quote! {
        /// The documented rules of every service (see each service's `rules` module), for
        /// [`crate::validate`].
        pub static DOCUMENTED_RULES: &[&[crate::schema::Rule]] = &[#(crate::#rule_tables::rules::RULES),*];
        /// The rule ids the documented rules use, with what each checks.
        pub static DOCUMENTED_RULE_IDS: &[&[(&str, &str)]] = &[#(crate::#rule_tables::rules::RULE_IDS),*];
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

/// The arms of an enum over resource types (per service) or over services (at the root): one
/// variant per member, each able to read itself from a type name and `Properties`.
#[derive(Default)]
struct TypedArms {
    variants: Vec<TokenStream>,
    type_name: Vec<TokenStream>,
    from_properties: Vec<TokenStream>,
    to_properties: Vec<TokenStream>,
    schema_for: Vec<TokenStream>,
}

impl TypedArms {
    /// Adds a variant holding `ty`; `reader` is the type its `from_properties` and `schema_for`
    /// are called on (a resource struct, through `ResourceType`, which the service module
    /// imports, or a service's `AnyResource`).
    fn push(&mut self, variant: &proc_macro2::Ident, ty: &TokenStream, reader: &TokenStream) {
        let doc = format!(" `{variant}`.");
        self.variants.push(quote! { #[doc = #doc] #variant(#ty), });
        self.type_name
            .push(quote! { Self::#variant(inner) => inner.type_name(), });
        self.from_properties.push(quote! {
            if let ::std::option::Option::Some(read) = #reader::from_properties(type_name, properties) {
                return ::std::option::Option::Some(read.map(Self::#variant));
            }
        });
        self.to_properties
            .push(quote! { Self::#variant(inner) => inner.to_properties(), });
        self.schema_for.push(quote! {
            if let ::std::option::Option::Some(schema) = #reader::schema_for(type_name) {
                return ::std::option::Option::Some(schema);
            }
        });
    }

    fn emit(&self, name: &TokenStream, doc: &str, member: &str) -> TokenStream {
        let TypedArms {
            variants,
            type_name,
            from_properties,
            to_properties,
            schema_for,
        } = self;
        let doc = format!(" {doc}");
        let from_doc = format!(
            " Reads the `Properties` of a resource of type `type_name`; `None` if {member}."
        );
        quote! {
            #[doc = #doc]
            #[derive(Debug, Clone, PartialEq)]
            pub enum #name { #(#variants)* }

            impl #name {
                /// The CloudFormation type name of the resource.
                pub fn type_name(&self) -> &'static str {
                    match self { #(#type_name)* }
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
                    match self { #(#to_properties)* }
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
fn service_variant(service: &Service) -> Result<String> {
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
fn service_module(service: &Service) -> Result<String> {
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

fn emit_service(
    service: &Service,
    module: &str,
    service_variant: &proc_macro2::Ident,
    targets: &BTreeMap<String, String>,
    out: &mut Output,
) -> Result<()> {
    let mut items = Vec::new();
    let mut any = TypedArms::default();
    let mut reexports = Vec::new();
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
        let include = format!("{sub}.rs");
        let doc = doc_attrs(&format!(
            "`{}`: the resource and its property types.",
            resource.type_name
        ));
        items.push(quote! {
            #doc
            pub mod #sub_ident {
                include!(#include);
            }
        });
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
        let (tokens, emitted) = rules::emit_rules(service)?;
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
            quote! {
                use crate::ResourceType as _;

                #enums_mod #rules_mod #(#items)* #(#reexports)* #any_enum
            }
        })?,
    );
    Ok(())
}

/// The service's enums (one per closed value set) and their module.
fn emit_enums(service: &Service) -> Result<TokenStream> {
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

/// `f` over `items` on up to as many threads as there are cores, results in `items`' order.
fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len().max(1));
    if threads <= 1 {
        return items.iter().map(&f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let workers: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(|| part.iter().map(&f).collect::<Vec<R>>()))
            .collect();
        workers
            .into_iter()
            .flat_map(|w| {
                w.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

/// Where a resource's struct sits among the generated enums, and where the types it may refer
/// to are.
struct TypedPaths<'a> {
    module: proc_macro2::Ident,
    service_variant: proc_macro2::Ident,
    /// Rust paths of relationship targets by type name.
    targets: &'a BTreeMap<String, String>,
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

fn header(inputs: &[String], what: &str) -> String {
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

fn format_file(header: &str, tokens: TokenStream) -> Result<String> {
    let file: syn::File = syn::parse2(tokens).map_err(|e| {
        Error::new(
            "generated code",
            "",
            format!("the generator produced invalid Rust: {e}"),
        )
    })?;
    let code = guard_docs(&prettyplease::unparse(&file))?;
    Ok(format!(
        "{header}\n{}",
        separate_items(&one_row_per_line(&code))
    ))
}

/// Every doc comment of a formatted file through [`guard`]: whatever text reached it (upstream
/// text, names and values spliced into generator sentences), no doc comment holds a bare `\r`,
/// a code block rustdoc would compile, or indentation that starts one. A doc comment prettyplease
/// could not print as `///` lines (a doc attribute with a line break) is an error, not output
/// the guard has not seen.
fn guard_docs(code: &str) -> Result<String> {
    let mut out = String::with_capacity(code.len());
    let mut lines = code.split('\n').peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        let unchecked = trimmed.starts_with("/**")
            || trimmed.starts_with("#[doc =")
            || (line.contains('\r') && !trimmed.starts_with("///"));
        if unchecked {
            return Err(Error::new(
                "generated code",
                "",
                format!(
                    "a doc comment the generator cannot check: `{}`",
                    line.trim()
                ),
            ));
        }
        let Some(first) = trimmed.strip_prefix("///") else {
            out.push_str(line);
            out.push('\n');
            continue;
        };
        let indent = &line[..line.len() - trimmed.len()];
        let mut text = vec![first.strip_prefix(' ').unwrap_or(first)];
        while let Some(next) = lines
            .peek()
            .and_then(|l| l.strip_prefix(indent))
            .and_then(|l| l.strip_prefix("///"))
        {
            text.push(next.strip_prefix(' ').unwrap_or(next));
            lines.next();
        }
        for doc in guard(&text.join("\n")).split('\n') {
            out.push_str(indent);
            out.push_str("///");
            if !doc.is_empty() {
                out.push(' ');
                out.push_str(doc);
            }
            out.push('\n');
        }
    }
    out.pop();
    Ok(out)
}

/// prettyplease flows a macro's tokens like prose; put each row (`field = kind("Key");`,
/// `Variant = "VALUE";`, `refs::ApiId => crate::apigatewayv2::Api: reference();`) of a
/// `cfn_properties!`, `cfn_enum!` or `cfn_references!` invocation on its own line. Rows end at a
/// `;` outside string literals; whitespace is collapsed and paths are rejoined only outside them
/// (a CloudFormation key or value may hold `;`, runs of spaces or ` : `).
fn one_row_per_line(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    let next = |text: &str| {
        [
            "crate::cfn_properties! {\n",
            "crate::cfn_enum! {\n",
            "crate::cfn_references! {\n",
        ]
        .iter()
        .filter_map(|open| text.find(open).map(|at| at + open.len()))
        .min()
    };
    while let Some(body_start) = next(rest) {
        // A string literal holds no raw line break, so `\n}` is the invocation's end.
        let Some(len) = rest[body_start..].find("\n}") else {
            break;
        };
        out.push_str(&rest[..body_start]);
        for row in macro_rows(&rest[body_start..body_start + len]) {
            out.push_str("    ");
            out.push_str(&row);
            out.push_str(";\n");
        }
        out.push('}');
        rest = &rest[body_start + len + 2..];
    }
    out.push_str(rest);
    out
}

/// The rows of a macro body as prettyplease printed it, each on one line without its `;`.
fn macro_rows(body: &str) -> Vec<String> {
    // prettyplease spaces a macro's tokens one by one (`crate ::a::B : c()`, `"a".. "b"`); write
    // the code between literals as Rust code is written.
    fn code(text: &str, after_literal: bool, out: &mut String) {
        let mut collapsed = String::with_capacity(text.len());
        for c in text.chars() {
            if !c.is_whitespace() {
                collapsed.push(c);
            } else if !collapsed.ends_with(' ') {
                collapsed.push(' ');
            }
        }
        // Generic arguments (a setter's `BTreeMap<String, Value<T>>`) as Rust writes them; `=>`
        // has no space before its `>`.
        let text = collapsed
            .replace("crate ::", "crate::")
            .replace(" : ", ": ")
            .replace(" <", "<")
            .replace("< ", "<")
            .replace(" >", ">");
        if after_literal && text.trim() == ".." {
            out.push_str(" .. ");
        } else {
            out.push_str(&text);
        }
    }
    let mut rows = Vec::new();
    let mut row = String::new();
    let mut between = String::new();
    let mut chars = body.chars();
    let mut after_literal = false;
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                code(&between, after_literal, &mut row);
                between.clear();
                row.push('"');
                while let Some(c) = chars.next() {
                    row.push(c);
                    match c {
                        '\\' => row.extend(chars.next()),
                        '"' => break,
                        _ => {}
                    }
                }
                after_literal = true;
            }
            ';' => {
                code(&between, after_literal, &mut row);
                between.clear();
                let trimmed = row.trim();
                if !trimmed.is_empty() {
                    rows.push(trimmed.to_owned());
                }
                row.clear();
                after_literal = false;
            }
            _ => between.push(c),
        }
    }
    code(&between, after_literal, &mut row);
    if !row.trim().is_empty() {
        rows.push(row.trim().to_owned());
    }
    rows
}

/// prettyplease puts top-level items on consecutive lines; put a blank line between them, and
/// between the items of a resource's `mod tables` (its `use` and its statics).
fn separate_items(code: &str) -> String {
    let mut out = String::with_capacity(code.len() + code.len() / 16);
    let mut previous: Option<&str> = None;
    let mut in_tables = false;
    for line in code.lines() {
        let ends_item =
            previous.is_some_and(|p| p == "}" || (!p.starts_with(' ') && p.ends_with(';')));
        let ends_table_item = in_tables
            && previous.is_some_and(|p| {
                p.starts_with("    ") && !p.starts_with("     ") && p.ends_with(';')
            });
        if (ends_item || ends_table_item) && !line.is_empty() && line != "}" {
            out.push('\n');
        }
        if line == "mod tables {" {
            in_tables = true;
        } else if line == "}" {
            in_tables = false;
        }
        out.push_str(line);
        out.push('\n');
        previous = Some(line);
    }
    out
}

fn resource_type_name(resource: &Resource) -> Result<String> {
    camel(&resource.name).ok_or_else(|| {
        Error::new(
            &resource.file,
            "/typeName",
            "resource name has no usable characters",
        )
    })
}

/// Rust names of a resource's property types, with the collision rules applied.
fn type_names(resource: &Resource) -> Result<(BTreeMap<&str, String>, String)> {
    let resource_name = resource_type_name(resource)?;
    let mut names = BTreeMap::new();
    let mut taken: BTreeMap<String, &str> =
        BTreeMap::from([(resource_name.clone(), resource.name.as_str())]);
    for pt in resource.property_types.values() {
        let at = pointer("/definitions", &pt.name);
        let name = naming::property_type(&pt.name, &resource_name).ok_or_else(|| {
            Error::new(
                &resource.file,
                &at,
                "property type name has no usable characters",
            )
        })?;
        if let Some(other) = taken.insert(name.clone(), &pt.name) {
            return Err(Error::new(
                &resource.file,
                at,
                format!(
                    "`{other}` and `{}` would both be the Rust type `{name}`",
                    pt.name
                ),
            ));
        }
        names.insert(pt.name.as_str(), name);
    }
    let attributes = naming::attributes_struct(&resource_name);
    if let Some(other) = taken.get(&attributes) {
        return Err(Error::new(
            &resource.file,
            pointer("/definitions", other),
            format!("property type `{other}` collides with the generated `{attributes}`"),
        ));
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
struct TypePlan<'a> {
    names: BTreeMap<&'a str, String>,
    /// The name of the resource's attributes struct (`IntegrationAttributes`).
    attributes_name: String,
    /// Aliases emitted as newtype structs because a type alias would be infinitely recursive.
    newtypes: BTreeSet<&'a str>,
    /// The service module, where the enums live.
    module: proc_macro2::Ident,
}

impl<'a> TypePlan<'a> {
    fn new(resource: &'a Resource, module: &proc_macro2::Ident) -> Result<Self> {
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

    fn rust_type(&self, resource: &Resource, owner: Option<&str>, shape: &Shape) -> TokenStream {
        match shape {
            Shape::Primitive(Primitive::String | Primitive::Timestamp) => {
                quote!(::std::string::String)
            }
            Shape::Primitive(Primitive::Integer | Primitive::Long) => quote!(i64),
            Shape::Primitive(Primitive::Double) => quote!(f64),
            Shape::Primitive(Primitive::Boolean) => quote!(bool),
            Shape::Json => quote!(crate::Json),
            Shape::List(inner) => {
                let inner = self.rust_type(resource, None, inner);
                quote!(::std::vec::Vec<crate::Value<#inner>>)
            }
            Shape::Map(inner) => {
                let inner = self.rust_type(resource, None, inner);
                quote!(::std::collections::BTreeMap<::std::string::String, crate::Value<#inner>>)
            }
            Shape::Named(name) => {
                let ty = ident(
                    self.names
                        .get(name.as_str())
                        .map_or(name.as_str(), String::as_str),
                );
                match owner {
                    Some(owner) if self.needs_box(resource, owner, name) => {
                        quote!(::std::boxed::Box<#ty>)
                    }
                    _ => quote!(#ty),
                }
            }
        }
    }
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

fn emit_resource(
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
    let attributes_struct = attributes_struct(resource, &plan, &type_name)?;
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
                let serde_impls = newtype_impls(&name);
                tokens.extend(quote! {
                    #doc
                    #[derive(Debug, Clone, PartialEq)]
                    pub struct #name(pub #inner);

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

/// The resource's attributes struct: one method per attribute, producing its `Fn::GetAtt`.
/// `Handle<Resource>` derefs to it.
fn attributes_struct(
    resource: &Resource,
    plan: &TypePlan<'_>,
    type_name: &str,
) -> Result<TokenStream> {
    let mut methods = Vec::new();
    let mut taken: BTreeMap<String, &str> = BTreeMap::new();
    for a in resource.attributes.values() {
        let at = pointer("/attributes", &a.name);
        let name = snake(&a.name)
            .map(naming::attribute_method)
            .ok_or_else(|| {
                Error::new(
                    &resource.file,
                    &at,
                    "attribute name has no usable characters",
                )
            })?;
        if let Some(other) = taken.insert(name.clone(), &a.name) {
            return Err(Error::new(
                &resource.file,
                at,
                format!(
                    "attributes `{other}` and `{}` would both be the method `{name}`",
                    a.name
                ),
            ));
        }
        let method = ident(&name);
        let ty = plan.rust_type(resource, None, &a.shape);
        let wire = &a.name;
        let mut doc = format!("`Fn::GetAtt` of `{wire}`");
        if let Some(text) = &a.docs.text {
            doc.push_str(": ");
            doc.push_str(&sanitize(&first_paragraph(text)));
        }
        let doc = doc_attrs(&doc);
        methods.push(quote! {
            #doc
            pub fn #method(&self) -> crate::Value<#ty> {
                crate::Intrinsic::get_att(self.logical_id.clone(), #wire).into()
            }
        });
    }
    let name = ident(&plan.attributes_name);
    let doc = doc_attrs(&format!(
        "The `Fn::GetAtt` attributes of a `{type_name}` declared in a template; a \
         `Handle<{type_name}>` derefs to it."
    ));
    Ok(quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct #name {
            logical_id: ::std::string::String,
        }

        impl crate::ResourceAttributes for #name {
            fn for_logical_id(logical_id: &str) -> Self {
                Self { logical_id: logical_id.to_owned() }
            }
        }

        impl #name {
            #(#methods)*
        }
    })
}

/// The fields of a struct, recording each emitted property.
fn emit_fields(
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
                pub #field_ident: crate::Value<#inner>,
            }
        } else {
            quote! {
                #doc
                #deprecated
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
struct Fields {
    defs: Vec<TokenStream>,
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
    fn serde_impls(&self, ty: &proc_macro2::Ident, expecting: &str) -> TokenStream {
        struct_impls(ty, &self.serde, expecting)
    }

    /// `#[derive(Default)]` where every property is optional.
    fn default_derive(&self) -> TokenStream {
        if self.params.is_empty() {
            quote!(, Default)
        } else {
            TokenStream::new()
        }
    }

    /// `new(required...)`: every required property as a parameter, every optional one `None`.
    fn constructor(&self, type_name: &str) -> TokenStream {
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

/// One `#[doc]` attribute per line, so that prettyplease prints `///` comments.
fn doc_attrs(text: &str) -> TokenStream {
    let text = normalize_newlines(text);
    let lines = text.lines().map(|l| {
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    });
    quote! { #(#[doc = #lines])* }
}

fn deprecated_attr(reason: Option<&str>) -> TokenStream {
    match reason {
        Some(note) => quote!(#[deprecated(note = #note)]),
        None => TokenStream::new(),
    }
}

fn doc_block(text: Option<&str>) -> String {
    match text.map(sanitize) {
        Some(t) if !t.is_empty() => t,
        _ => "Not documented upstream.".to_owned(),
    }
}

/// The resource's table for validation: `SCHEMA`, with one static per property type. They sit
/// in a private module `tables` that imports the `crate::schema` names its rows use (no property
/// type can shadow them there), and are re-exported next to the resource.
fn schema_tables(
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
    let mut names = vec![ident("SCHEMA"), ident("PROPERTIES")];
    let mut tables = quote! {
        #doc
        pub static SCHEMA: ResourceSchema = ResourceSchema {
            type_name: super::#type_ident::TYPE_NAME,
            properties: &PROPERTIES,
            attributes: super::#type_ident::ATTRIBUTES,
            primary_identifier: super::#type_ident::PRIMARY_IDENTIFIER,
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
    // Import only what the rows use (an unused import would warn).
    let text = tables.to_string();
    let imports = [
        "Constraint",
        "ConstraintKind",
        "PropertySchema",
        "ResourceSchema",
        "Shape",
        "Source",
        "Update",
    ]
    .into_iter()
    .filter(|name| {
        text.split(|c: char| !c.is_alphanumeric() && c != '_')
            .any(|word| word == *name)
    })
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

/// `JwtConfiguration` + `PROPERTIES` → `JWT_CONFIGURATION_PROPERTIES`.
fn table_name(plan: &TypePlan<'_>, pt: &str, suffix: &str) -> String {
    table_name_of(plan.names.get(pt).map_or(pt, String::as_str), suffix)
}

fn table_name_of(rust: &str, suffix: &str) -> String {
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
/// (the runtime's `const` constructors).
fn property_tables(
    resource: &Resource,
    plan: &TypePlan<'_>,
    properties: &BTreeMap<String, Property>,
) -> Vec<TokenStream> {
    properties
        .values()
        .map(|p| {
            let name = &p.name;
            let shape = shape_value(resource, plan, &p.shape, &mut BTreeSet::new());
            let mut row = if p.required {
                quote!(PropertySchema::required(#name, #shape))
            } else {
                quote!(PropertySchema::optional(#name, #shape))
            };
            if !p.constraints.0.is_empty() {
                let constraints = p.constraints.0.iter().map(|c| {
                    let source = ident(match c.source {
                        Source::Registry => "Registry",
                        Source::ApiModel => "ApiModel",
                        Source::Legacy => "Legacy",
                        Source::ServiceSpec => "ServiceSpec",
                        Source::Overlay => "Documentation",
                    });
                    constraint_tokens(&c.kind, &quote!(Source::#source))
                });
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
            row
        })
        .collect()
}

/// A constraint row: `Constraint::length(1, 1024, source)`; bounds the short
/// constructors do not cover (none at all, a bound that is not finite) spell out the kind.
fn constraint_tokens(kind: &ConstraintKind, source: &TokenStream) -> TokenStream {
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
    match kind {
        ConstraintKind::AllowedValues(values) => {
            quote!(Constraint::allowed_values(&[#(#values),*], #source))
        }
        ConstraintKind::Pattern(p) => quote!(Constraint::pattern(#p, #source)),
        ConstraintKind::KeyPattern(p) => quote!(Constraint::key_pattern(#p, #source)),
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
    }
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
            "{} ({})",
            describe_constraint(&c.kind),
            c.source.label()
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

#[cfg(test)]
mod tests {
    use super::{guard_docs, macro_rows};

    #[test]
    fn macro_rows_split_and_space_only_outside_literals() {
        let body = "    A = \"a;  b : c\";\n    crate ::x::Y\n    : reference() in \"p/\".. \"\";\n    B\n = \"\\\";\";";
        assert_eq!(
            macro_rows(body),
            [
                "A = \"a;  b : c\"",
                "crate::x::Y: reference() in \"p/\" .. \"\"",
                "B = \"\\\";\"",
            ]
        );
    }

    #[test]
    fn doc_comments_are_guarded_and_unguardable_ones_refused() {
        let code = "/// a\r```rust\n/// x\n/// ```\nfn f() {}\n    ///     indented\n";
        assert_eq!(
            guard_docs(code).unwrap(),
            "/// a\n/// ```text\n/// x\n/// ```\nfn f() {}\n    /// indented\n"
        );
        let err = guard_docs("/** a\n```rust\n*/\nfn f() {}").unwrap_err();
        assert!(err.message.contains("cannot check"), "{err}");
    }
}
