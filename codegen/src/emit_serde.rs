//! `Serialize`/`Deserialize` impls for generated structs, written out instead of derived.
//!
//! Emitting them here keeps `serde_derive` (and with it `syn`) out of the library's dependency
//! graph, which is most of a downstream crate's build time. They behave as the derive with
//! `#[serde(rename = "…")]` on every field, `default` + `skip_serializing_if = "Option::is_none"`
//! on optional fields and `deny_unknown_fields` would: exact CloudFormation keys, absent optional
//! fields not written, unknown, duplicate and missing keys reported by name.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// What the impls need to know of one field.
pub struct SerdeField {
    /// The Rust field.
    pub ident: Ident,
    /// The CloudFormation key.
    pub wire: String,
    /// Required fields are `Value<T>`, optional ones `Option<Value<T>>`.
    pub required: bool,
}

/// Both impls for a struct with named fields.
pub fn struct_impls(
    ty: &Ident,
    fields: &[SerdeField],
    deprecated: bool,
    expecting: &str,
) -> TokenStream {
    let allow = deprecated.then(|| quote!(#[allow(deprecated)]));
    let name = ty.to_string();
    let len = fields.len();
    let wires: Vec<&str> = fields.iter().map(|f| f.wire.as_str()).collect();
    let write = fields.iter().map(|SerdeField { ident, wire, required }| {
        if *required {
            quote! { ::serde::ser::SerializeStruct::serialize_field(&mut state, #wire, &self.#ident)?; }
        } else {
            quote! {
                match &self.#ident {
                    ::std::option::Option::Some(value) => {
                        ::serde::ser::SerializeStruct::serialize_field(&mut state, #wire, value)?;
                    }
                    ::std::option::Option::None => ::serde::ser::SerializeStruct::skip_field(&mut state, #wire)?,
                }
            }
        }
    });
    let slots = fields.iter().map(|SerdeField { ident, required, .. }| {
        if *required {
            quote! { let mut #ident = ::std::option::Option::None; }
        } else {
            // `Some(None)`: the key was there with `null`.
            quote! { let mut #ident: ::std::option::Option<::std::option::Option<_>> = ::std::option::Option::None; }
        }
    });
    let arms = fields.iter().map(|SerdeField { ident, wire, .. }| {
        quote! {
            #wire => {
                if #ident.is_some() {
                    return ::std::result::Result::Err(<__A::Error as ::serde::de::Error>::duplicate_field(#wire));
                }
                #ident = ::std::option::Option::Some(::serde::de::MapAccess::next_value(&mut __map)?);
            }
        }
    });
    let build = fields.iter().map(|SerdeField { ident, wire, required }| {
        if *required {
            quote! {
                #ident: #ident.ok_or_else(|| <__A::Error as ::serde::de::Error>::missing_field(#wire))?,
            }
        } else {
            quote! { #ident: #ident.flatten(), }
        }
    });
    quote! {
        #allow
        impl ::serde::Serialize for #ty {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                let mut state = ::serde::Serializer::serialize_struct(serializer, #name, #len)?;
                #(#write)*
                ::serde::ser::SerializeStruct::end(state)
            }
        }

        #allow
        impl<'de> ::serde::Deserialize<'de> for #ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                const FIELDS: &[&str] = &[#(#wires),*];
                struct PropertiesVisitor;
                #allow
                impl<'de> ::serde::de::Visitor<'de> for PropertiesVisitor {
                    type Value = #ty;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(#expecting)
                    }

                    fn visit_map<__A: ::serde::de::MapAccess<'de>>(
                        self,
                        mut __map: __A,
                    ) -> ::std::result::Result<#ty, __A::Error> {
                        #(#slots)*
                        while let ::std::option::Option::Some(__key) =
                            ::serde::de::MapAccess::next_key::<::std::string::String>(&mut __map)?
                        {
                            match __key.as_str() {
                                #(#arms)*
                                other => {
                                    return ::std::result::Result::Err(
                                        <__A::Error as ::serde::de::Error>::unknown_field(other, FIELDS),
                                    );
                                }
                            }
                        }
                        ::std::result::Result::Ok(#ty { #(#build)* })
                    }
                }
                ::serde::Deserializer::deserialize_struct(deserializer, #name, FIELDS, PropertiesVisitor)
            }
        }
    }
}

/// Both impls for a newtype struct, transparent like `#[serde(transparent)]`.
pub fn newtype_impls(ty: &Ident) -> TokenStream {
    quote! {
        impl ::serde::Serialize for #ty {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                ::serde::Serialize::serialize(&self.0, serializer)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                ::serde::Deserialize::deserialize(deserializer).map(#ty)
            }
        }
    }
}
