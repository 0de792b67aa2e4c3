//! `Serialize`/`Deserialize` impls for generated structs, not derived: structs invoke the
//! runtime's `cfn_properties!` (one line per field), newtypes get two short transparent impls.
//!
//! Not deriving keeps `serde_derive` (and with it `syn`) out of the library's dependency graph,
//! which is most of a downstream crate's build time; the macro keeps the generated files short,
//! which is most of the generator's time (syn parses everything the generator formats).

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
    /// The `with_<field>` setter the macro writes, and the field's `T` (optional fields without
    /// a typed-reference setter of their own).
    pub setter: Option<(Ident, TokenStream)>,
}

/// Both impls for a struct with named fields: one invocation of the runtime's `cfn_properties!`.
pub fn struct_impls(ty: &Ident, fields: &[SerdeField], expecting: &str) -> TokenStream {
    let rows = fields.iter().map(
        |SerdeField {
             ident,
             wire,
             required,
             setter,
         }| {
            let kind = if *required {
                quote!(required)
            } else {
                quote!(optional)
            };
            let setter = setter.as_ref().map(|(name, inner)| quote!(#name(#inner)));
            quote!(#ident = #kind(#wire) #setter;)
        },
    );
    quote! {
        crate::cfn_properties! {
            #ty(#expecting);
            #(#rows)*
        }
    }
}

/// Both impls for a newtype struct, transparent like `#[serde(transparent)]`, and `From` the
/// newtype for its `Value` (what its fields' setters take). The type
/// parameters are `__`-prefixed: no generated name starts with two underscores, so a type named
/// `S` or `D` cannot be captured by them.
pub fn newtype_impls(ty: &Ident) -> TokenStream {
    quote! {
        impl ::serde::Serialize for #ty {
            fn serialize<__S: ::serde::Serializer>(&self, serializer: __S) -> ::std::result::Result<__S::Ok, __S::Error> {
                ::serde::Serialize::serialize(&self.0, serializer)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #ty {
            fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> ::std::result::Result<Self, __D::Error> {
                ::serde::Deserialize::deserialize(deserializer).map(#ty)
            }
        }

        impl ::std::convert::From<#ty> for crate::Value<#ty> {
            fn from(value: #ty) -> Self {
                crate::Value::Literal(value)
            }
        }
    }
}
