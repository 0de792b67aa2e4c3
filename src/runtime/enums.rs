//! The impls of generated enums (closed value sets with a catch-all variant), as one macro, and
//! the opaque value the catch-all variant holds.

/// A value of a generated enum that this version does not know, kept as written.
///
/// Opaque, as in the AWS SDK for Rust: the catch-all variant that holds it (`Unknown`) is
/// deprecated, so code does not match on it by name (a later version may know the value and
/// read it as its own variant). Read any value with the enum's `as_str()`, test for one with
/// `is_known()`, and make one with `From<&str>`/`FromStr`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(String);

impl UnknownValue {
    /// The value as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// For `cfn_enum!`: a value none of the enum's variants has.
    #[doc(hidden)]
    pub fn __new(value: String) -> Self {
        UnknownValue(value)
    }
}

impl std::fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Implements, for a generated enum of string values with a catch-all variant holding an
/// [`UnknownValue`]: `VALUES`, `as_str`, `is_known`, `From<&str>`, `From<String>`, `From<Type>`
/// for `Value<Type>`, `FromStr`, `Display`, `AsRef<str>` and serde as a string. One row per value:
/// `cfn_enum! { Type(Unknown); Variant = "VALUE"; ... }`. The macro's own type parameters are
/// `__`-prefixed, so an enum named like one (`S`, `D`) cannot capture them.
#[doc(hidden)]
#[macro_export]
macro_rules! cfn_enum {
    ($ty:ident($catch_all:ident); $($variant:ident = $value:literal;)*) => {
        #[allow(deprecated)]
        impl $ty {
            /// The allowed values, as CloudFormation writes them.
            pub const VALUES: &'static [&'static str] = &[$($value),*];

            /// The value as CloudFormation writes it.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::$catch_all(value) => value.as_str(),
                }
            }

            /// Whether the value is one of [`Self::VALUES`].
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::$catch_all(_))
            }
        }

        #[allow(deprecated)]
        impl ::std::convert::From<&str> for $ty {
            fn from(value: &str) -> Self {
                match value {
                    $($value => Self::$variant,)*
                    other => Self::$catch_all($crate::UnknownValue::__new(other.to_owned())),
                }
            }
        }

        impl ::std::convert::From<$ty> for $crate::Value<$ty> {
            fn from(value: $ty) -> Self {
                $crate::Value::Literal(value)
            }
        }

        impl ::std::convert::From<::std::string::String> for $ty {
            fn from(value: ::std::string::String) -> Self {
                Self::from(value.as_str())
            }
        }

        impl ::std::str::FromStr for $ty {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::convert::AsRef<str> for $ty {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl $crate::__serde::Serialize for $ty {
            fn serialize<__S: $crate::__serde::Serializer>(&self, serializer: __S) -> ::std::result::Result<__S::Ok, __S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__serde::Deserialize<'de> for $ty {
            fn deserialize<__D: $crate::__serde::Deserializer<'de>>(deserializer: __D) -> ::std::result::Result<Self, __D::Error> {
                <::std::string::String as $crate::__serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }
    };
}
