//! The `Serialize`/`Deserialize` impls of generated structs, as one macro.
//!
//! Generated code invokes it once per struct instead of spelling out both impls, which keeps
//! the generated files short (and the generator fast). The impls behave as serde's derive with
//! a `rename` on every field, `default` + `skip_serializing_if = "Option::is_none"` on optional
//! fields and `deny_unknown_fields` would: exact CloudFormation keys, absent optional fields not
//! written, unknown, duplicate and missing keys reported by name.
//!
//! Hygiene: the struct's name and its fields come from the specification, and a name such as
//! `A`, `D` or `Visitor` is a valid property type. Local variables of a `macro_rules!` expansion
//! cannot clash with the caller's, but type parameters, items and constants can: the macro's own
//! are therefore `__`-prefixed (`__S`, `__D`, `__A`, `__Visitor`, `__FIELDS`), which no generated
//! name is (the generator's identifiers never start with two underscores).

/// Implements `Serialize` and `Deserialize` for a generated struct of CloudFormation
/// properties, one line per field, `From<Type>` for `Value<Type>` (and `Value<Box<Type>>`), and
/// the `with_<field>` setters the rows name:
/// `cfn_properties! { Type("expecting"); field = required("Key"); other = optional("Other")
/// with_other(T); }` (`with_other` takes any `impl Into<Value<T>>`).
#[doc(hidden)]
#[macro_export]
macro_rules! cfn_properties {
    ($ty:ident($expecting:literal); $($field:ident = $kind:ident($wire:literal) $($setter:ident($value:ty))?;)*) => {
        impl ::std::convert::From<$ty> for $crate::Value<$ty> {
            fn from(value: $ty) -> Self {
                $crate::Value::Literal(value)
            }
        }

        // A field that holds the struct boxed (a recursive type) takes it unboxed too.
        impl ::std::convert::From<$ty> for $crate::Value<::std::boxed::Box<$ty>> {
            fn from(value: $ty) -> Self {
                $crate::Value::Literal(::std::boxed::Box::new(value))
            }
        }

        #[allow(deprecated)]
        impl $ty {
            $($(
                #[doc = concat!("Sets `", $wire, "` to a literal or an intrinsic.")]
                pub fn $setter(mut self, value: impl ::std::convert::Into<$crate::Value<$value>>) -> Self {
                    self.$field = ::std::option::Option::Some(value.into());
                    self
                }
            )?)*
        }

        #[allow(deprecated)]
        impl $crate::__serde::Serialize for $ty {
            fn serialize<__S: $crate::__serde::Serializer>(&self, serializer: __S) -> ::std::result::Result<__S::Ok, __S::Error> {
                use $crate::__serde::ser::SerializeStruct as _;
                let len = 0 $( + { let _ = $wire; 1 } )*;
                // A struct with no properties writes no field.
                #[allow(unused_mut)]
                let mut state = serializer.serialize_struct(stringify!($ty), len)?;
                $( $crate::cfn_properties!(@write $kind, state, self.$field, $wire); )*
                state.end()
            }
        }

        #[allow(deprecated)]
        impl<'de> $crate::__serde::Deserialize<'de> for $ty {
            fn deserialize<__D: $crate::__serde::Deserializer<'de>>(deserializer: __D) -> ::std::result::Result<Self, __D::Error> {
                const __FIELDS: &[&str] = &[$($wire),*];
                struct __Visitor;
                #[allow(deprecated)]
                impl<'de> $crate::__serde::de::Visitor<'de> for __Visitor {
                    type Value = $ty;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str($expecting)
                    }

                    fn visit_map<__A: $crate::__serde::de::MapAccess<'de>>(self, mut map: __A) -> ::std::result::Result<$ty, __A::Error> {
                        use $crate::__serde::de::Error as _;
                        $( let mut $field = ::std::option::Option::None; )*
                        while let ::std::option::Option::Some(key) = map.next_key::<::std::string::String>()? {
                            match key.as_str() {
                                $(
                                    $wire => {
                                        if $field.is_some() {
                                            return ::std::result::Result::Err(__A::Error::duplicate_field($wire));
                                        }
                                        $field = ::std::option::Option::Some(map.next_value()?);
                                    }
                                )*
                                other => return ::std::result::Result::Err(__A::Error::unknown_field(other, __FIELDS)),
                            }
                        }
                        ::std::result::Result::Ok($ty {
                            $( $field: $crate::cfn_properties!(@take $kind, $field, $wire, __A), )*
                        })
                    }
                }
                deserializer.deserialize_struct(stringify!($ty), __FIELDS, __Visitor)
            }
        }
    };
    (@write required, $state:ident, $value:expr, $wire:literal) => {
        $state.serialize_field($wire, &$value)?;
    };
    (@write optional, $state:ident, $value:expr, $wire:literal) => {
        match &$value {
            ::std::option::Option::Some(value) => $state.serialize_field($wire, value)?,
            ::std::option::Option::None => $state.skip_field($wire)?,
        }
    };
    (@take required, $slot:ident, $wire:literal, $access:ident) => {
        $slot.ok_or_else(|| $access::Error::missing_field($wire))?
    };
    (@take optional, $slot:ident, $wire:literal, $access:ident) => {
        // `Some(None)`: the key was there with `null`.
        $slot.flatten()
    };
}
