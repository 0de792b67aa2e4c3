//! Typed handles to resources in a template.

use std::ops::Deref;

use super::resource::{Referable, ResourceAttributes};
use super::{Intrinsic, Value};

/// A resource of type `R` declared in a template under a logical id.
///
/// `R` is a generated resource type (`apigatewayv2::Api`) or a resource type that a generated
/// field refers to but that the template keeps verbatim (`targets::lambda::Function`). Fields
/// with a relationship accept a handle of their target types ([`crate::ReferenceTo`]).
///
/// `Ref` and `Fn::GetAtt` expressions built from a handle are usable wherever a [`Value`] is
/// expected. A handle derefs to the resource's generated attributes struct, so every attribute is
/// a method (`handle.api_endpoint()`) and an attribute the type does not have does not compile.
pub struct Handle<R: Referable> {
    logical_id: String,
    attributes: R::Attributes,
}

impl<R: Referable> Handle<R> {
    /// A handle for the resource declared as `logical_id`.
    pub fn new(logical_id: impl Into<String>) -> Self {
        let logical_id = logical_id.into();
        let attributes = R::Attributes::for_logical_id(&logical_id);
        Handle {
            logical_id,
            attributes,
        }
    }

    /// The logical id.
    pub fn logical_id(&self) -> &str {
        &self.logical_id
    }

    /// `{"Ref": logical_id}`.
    pub fn reference<T>(&self) -> Value<T> {
        Intrinsic::reference(self.logical_id.clone()).into()
    }

    /// `{"Fn::GetAtt": [logical_id, attribute]}` for any attribute name; prefer the generated
    /// attribute methods, which exist only for attributes the resource type has.
    pub fn get_att<T>(&self, attribute: &str) -> Value<T> {
        Intrinsic::get_att(self.logical_id.clone(), attribute).into()
    }
}

impl<R: Referable> Deref for Handle<R> {
    type Target = R::Attributes;

    fn deref(&self) -> &R::Attributes {
        &self.attributes
    }
}

impl<R: Referable> Clone for Handle<R> {
    fn clone(&self) -> Self {
        Handle::new(self.logical_id.clone())
    }
}

impl<R: Referable> std::fmt::Debug for Handle<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Handle").field(&self.logical_id).finish()
    }
}

impl<R: Referable> PartialEq for Handle<R> {
    fn eq(&self, other: &Self) -> bool {
        self.logical_id == other.logical_id
    }
}
