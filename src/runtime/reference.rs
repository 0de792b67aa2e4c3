//! Typed references between resources: a field that points at another resource (the service
//! database's `relationshipRefs`) accepts, besides a literal and any intrinsic, a [`Handle`] of a
//! resource type it may point at, and nothing else.
//!
//! Each such field has a generated marker type `K` (`integration::refs::ApiId`); the generator
//! implements [`ReferenceTo<K>`] for `Handle<T>` and `&Handle<T>` of every target type `T` of the
//! relationship, producing the expression the data asks for: `Ref` when the target's `Ref` returns
//! the value wanted, `Fn::GetAtt` of the attribute otherwise, wrapped in the documented form where
//! the value is not the bare identifier (a route's `Target` is `integrations/{IntegrationId}`).
//! A handle of another type does not compile.

use super::{Handle, Intrinsic, Node, Referable, Value};

/// A value for a field whose relationship marker is `K`: a literal (`&str`, `String`), an
/// intrinsic ([`Intrinsic`], or any `Value<String>`), or a handle of one of the field's target
/// types (generated impls: `Handle<T>` and `&Handle<T>`). The impls are listed one by one rather
/// than through `Into`, so a handle of another type fails with this trait's message and the list
/// of what fits.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a value for the field of `{K}`",
    label = "a handle of a resource type this field does not refer to, or not a string",
    note = "the field takes a literal, an intrinsic, or a handle of the resource types that \
            `{K}`'s documentation lists"
)]
pub trait ReferenceTo<K> {
    /// The field's value.
    fn into_value(self) -> Value<String>;
}

macro_rules! reference_to_from_into {
    ($($ty:ty),*) => {$(
        impl<K> ReferenceTo<K> for $ty {
            fn into_value(self) -> Value<String> {
                self.into()
            }
        }
    )*};
}

reference_to_from_into!(&str, String, Value<String>, Intrinsic);

/// A value for a list field whose items have the relationship marker `K`: a whole list value or
/// intrinsic, or a `Vec`/array of items that are each [`ReferenceTo<K>`] (handles among them).
pub trait ReferenceListTo<K> {
    /// The field's value.
    fn into_value(self) -> Value<Vec<Value<String>>>;
}

impl<K> ReferenceListTo<K> for Value<Vec<Value<String>>> {
    fn into_value(self) -> Value<Vec<Value<String>>> {
        self
    }
}

impl<K> ReferenceListTo<K> for Intrinsic {
    fn into_value(self) -> Value<Vec<Value<String>>> {
        self.into()
    }
}

impl<K, R: ReferenceTo<K>> ReferenceListTo<K> for Vec<R> {
    fn into_value(self) -> Value<Vec<Value<String>>> {
        Value::Literal(self.into_iter().map(ReferenceTo::into_value).collect())
    }
}

impl<K, R: ReferenceTo<K>, const N: usize> ReferenceListTo<K> for [R; N] {
    fn into_value(self) -> Value<Vec<Value<String>>> {
        Value::Literal(self.into_iter().map(ReferenceTo::into_value).collect())
    }
}

/// How a generated `ReferenceTo` impl turns a handle into a value (used by generated code).
#[doc(hidden)]
pub mod build {
    use super::*;

    /// `{"Ref": id}`.
    pub fn reference<R: Referable>(handle: &Handle<R>) -> Intrinsic {
        Intrinsic::reference(handle.logical_id())
    }

    /// `{"Fn::GetAtt": [id, attribute]}`.
    pub fn get_att<R: Referable>(handle: &Handle<R>, attribute: &str) -> Intrinsic {
        Intrinsic::get_att(handle.logical_id(), attribute)
    }

    /// The value itself, or `{"Fn::Join": ["", [prefix, value, suffix]]}` (empty parts left out)
    /// for a documented form such as `integrations/{IntegrationId}`.
    pub fn form(prefix: &str, value: Intrinsic, suffix: &str) -> Value<String> {
        if prefix.is_empty() && suffix.is_empty() {
            return value.into();
        }
        let mut parts = Vec::new();
        if !prefix.is_empty() {
            parts.push(Node::from(prefix));
        }
        parts.push(Node::from(value));
        if !suffix.is_empty() {
            parts.push(Node::from(suffix));
        }
        Intrinsic::Join {
            delimiter: String::new(),
            values: Node::from(parts),
        }
        .into()
    }
}

/// The `ReferenceTo` impls of generated code, one row per (field marker, target type): `Handle<T>`
/// and `&Handle<T>` give the value the row names — `reference()` (the target's `Ref`) or
/// `get_att("Attribute")` — inside `prefix .. suffix` when the documented form wraps it.
///
/// ```text
/// crate::cfn_references! {
///     refs::ApiId => crate::apigatewayv2::Api: reference();
///     refs::IntegrationUri => crate::targets::lambda::Function: get_att("Arn");
///     refs::Target => crate::apigatewayv2::Integration: reference() in "integrations/" .. "";
/// }
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! cfn_references {
    ($($marker:ty => $target:ty : $how:ident($($arg:literal)?) $(in $prefix:literal .. $suffix:literal)?;)*) => {$(
        impl $crate::ReferenceTo<$marker> for &$crate::Handle<$target> {
            fn into_value(self) -> $crate::Value<::std::string::String> {
                let value = $crate::__reference::$how(self $(, $arg)?);
                $crate::cfn_references!(@form value $(, $prefix, $suffix)?)
            }
        }

        impl $crate::ReferenceTo<$marker> for $crate::Handle<$target> {
            fn into_value(self) -> $crate::Value<::std::string::String> {
                <&Self as $crate::ReferenceTo<$marker>>::into_value(&self)
            }
        }
    )*};
    (@form $value:ident) => {
        $crate::__reference::form("", $value, "")
    };
    (@form $value:ident, $prefix:literal, $suffix:literal) => {
        $crate::__reference::form($prefix, $value, $suffix)
    };
}
