//! The `Serialize`/`Deserialize` impls of generated structs, as one macro.
//!
//! Generated code invokes it once per struct instead of spelling out both impls, which keeps
//! the generated files short (and the generator fast). The impls behave as serde's derive with
//! a `rename` on every field, `default` + `skip_serializing_if = "Option::is_none"` on optional
//! fields and `deny_unknown_fields` would: exact CloudFormation keys, absent optional fields not
//! written, unknown, duplicate and missing keys reported by name.

/// Implements `Serialize` and `Deserialize` for a generated struct of CloudFormation
/// properties, one line per field:
/// `cfn_properties! { Type("expecting"); field = required("Key"); other = optional("Other"); }`.
#[doc(hidden)]
#[macro_export]
macro_rules! cfn_properties {
    ($ty:ident($expecting:literal); $($field:ident = $kind:ident($wire:literal);)*) => {
        #[allow(deprecated)]
        impl $crate::__serde::Serialize for $ty {
            fn serialize<S: $crate::__serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                use $crate::__serde::ser::SerializeStruct as _;
                let len = 0 $( + { let _ = $wire; 1 } )*;
                let mut state = serializer.serialize_struct(stringify!($ty), len)?;
                $( $crate::cfn_properties!(@write $kind, state, self.$field, $wire); )*
                state.end()
            }
        }

        #[allow(deprecated)]
        impl<'de> $crate::__serde::Deserialize<'de> for $ty {
            fn deserialize<D: $crate::__serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                const FIELDS: &[&str] = &[$($wire),*];
                struct PropertiesVisitor;
                #[allow(deprecated)]
                impl<'de> $crate::__serde::de::Visitor<'de> for PropertiesVisitor {
                    type Value = $ty;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str($expecting)
                    }

                    fn visit_map<A: $crate::__serde::de::MapAccess<'de>>(self, mut map: A) -> ::std::result::Result<$ty, A::Error> {
                        use $crate::__serde::de::Error as _;
                        $( let mut $field = ::std::option::Option::None; )*
                        while let ::std::option::Option::Some(key) = map.next_key::<::std::string::String>()? {
                            match key.as_str() {
                                $(
                                    $wire => {
                                        if $field.is_some() {
                                            return ::std::result::Result::Err(A::Error::duplicate_field($wire));
                                        }
                                        $field = ::std::option::Option::Some(map.next_value()?);
                                    }
                                )*
                                other => return ::std::result::Result::Err(A::Error::unknown_field(other, FIELDS)),
                            }
                        }
                        ::std::result::Result::Ok($ty {
                            $( $field: $crate::cfn_properties!(@take $kind, $field, $wire, A), )*
                        })
                    }
                }
                deserializer.deserialize_struct(stringify!($ty), FIELDS, PropertiesVisitor)
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
