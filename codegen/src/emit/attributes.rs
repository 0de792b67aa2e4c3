//! The attributes struct of a resource type, generated or referenced: one `Fn::GetAtt` method each.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::format::doc_attrs;
use super::plan::{complexity_allow, shape_type};
use crate::docs::{first_paragraph, sanitize};
use crate::error::{Error, Result};
use crate::model::Attribute;
use crate::naming::{self, ident, snake};

/// `<TypeName>Attributes` of the resource type `type_name` (its Rust name): one method per
/// attribute, producing its `Fn::GetAtt`, named by [`naming::untaken_attribute_method`] (a method
/// that is not the attribute's plain snake-case name says why in its docs); a
/// `Handle<TypeName>` derefs to it. `named` gives the
/// Rust type of a property type an attribute's shape names; `error(attribute, message)` places
/// an error about an attribute.
pub(super) fn attributes_struct(
    type_name: &str,
    attributes: &BTreeMap<String, Attribute>,
    named: &dyn Fn(&str) -> TokenStream,
    error: impl Fn(&str, String) -> Error,
) -> Result<TokenStream> {
    // Methods are claimed in order of fewer dots, then by name (see
    // `naming::untaken_attribute_method`), and emitted in name order.
    let mut claim_order: Vec<&Attribute> = attributes.values().collect();
    claim_order.sort_by_key(|a| a.name.matches('.').count());
    let mut taken: BTreeMap<String, &str> = BTreeMap::new();
    let mut names: BTreeMap<&str, String> = BTreeMap::new();
    for a in claim_order {
        let wire = a.name.as_str();
        let name = naming::untaken_attribute_method(wire, |m| taken.contains_key(m))
            .ok_or_else(|| error(wire, "attribute name has no usable characters".to_owned()))?;
        taken.insert(name.clone(), wire);
        names.insert(wire, name);
    }
    let mut methods = Vec::new();
    for a in attributes.values() {
        let wire = &a.name;
        let name = &names[wire.as_str()];
        let method = ident(name);
        let ty = shape_type(&a.shape, named);
        let mut doc = format!("`Fn::GetAtt` of `{wire}`");
        if let Some(text) = &a.docs.text {
            doc.push_str(": ");
            doc.push_str(&sanitize(&first_paragraph(text)));
        }
        let flat = snake(wire).map(naming::attribute_method);
        if let Some(flat) = flat.filter(|flat| flat != name)
            && let Some(other) = taken.get(&flat)
        {
            doc.push_str(&format!(
                "\n\nNamed `{}` because `{}` is the method of the attribute `{other}`.",
                name.trim_start_matches("r#"),
                flat.trim_start_matches("r#")
            ));
        }
        let doc = doc_attrs(&doc);
        let complex = complexity_allow(&a.shape);
        methods.push(quote! {
            #doc
            #complex
            pub fn #method(&self) -> crate::Value<#ty> {
                crate::Intrinsic::get_att(self.logical_id.clone(), #wire).into()
            }
        });
    }
    let name = ident(&naming::attributes_struct(type_name));
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

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use quote::quote;

    use super::attributes_struct;
    use crate::error::Error;
    use crate::model::{Attribute, Primitive, Shape};

    fn attribute(name: &str, shape: Shape) -> (String, Attribute) {
        let a = Attribute {
            name: name.to_owned(),
            docs: Default::default(),
            shape,
            sources: Default::default(),
        };
        (name.to_owned(), a)
    }

    #[test]
    fn one_method_per_attribute_named_and_typed_by_the_shared_rules() {
        let attributes = BTreeMap::from([
            attribute("Endpoint.Port", Shape::Primitive(Primitive::Integer)),
            attribute("New", Shape::Named("Config".to_owned())),
        ]);
        let tokens = attributes_struct("Db", &attributes, &|_| quote!(crate::Json), |a, m| {
            Error::new("test", a, m)
        })
        .unwrap()
        .to_string();
        assert!(tokens.contains("pub struct DbAttributes"), "{tokens}");
        assert!(
            tokens.contains("fn endpoint_port (& self) -> crate :: Value < i64 >"),
            "{tokens}"
        );
        assert!(
            tokens.contains("fn new_attribute (& self) -> crate :: Value < crate :: Json >"),
            "{tokens}"
        );
    }

    #[test]
    fn a_dotted_attribute_whose_method_is_taken_spells_its_path() {
        let attributes = BTreeMap::from([
            attribute("Endpoint.Port", Shape::Json),
            attribute("EndpointPort", Shape::Json),
            attribute("Read.Addresses.List", Shape::Json),
            attribute("Read.AddressesList", Shape::Json),
        ]);
        let tokens = attributes_struct("Db", &attributes, &|_| quote!(crate::Json), |a, m| {
            Error::new("test", a, m)
        })
        .unwrap()
        .to_string();
        for (method, wire) in [
            ("endpoint_port", "EndpointPort"),
            ("endpoint_dot_port", "Endpoint.Port"),
            ("read_addresses_list", "Read.AddressesList"),
            ("read_dot_addresses_dot_list", "Read.Addresses.List"),
        ] {
            let at = tokens
                .find(&format!("fn {method} ("))
                .unwrap_or_else(|| panic!("no `{method}` in {tokens}"));
            let body = &tokens[at..tokens[at..].find('}').map_or(tokens.len(), |e| at + e)];
            assert!(body.contains(&format!("\"{wire}\"")), "{method}: {body}");
        }
        assert!(
            tokens.contains(
                "Named `endpoint_dot_port` because `endpoint_port` is the method of the attribute `EndpointPort`."
            ),
            "{tokens}"
        );
    }
}
