//! [`Value<T>`]: a property value that is either a literal `T` or an intrinsic function call.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, EnumAccess, SeqAccess, VariantAccess, Visitor,
};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::handoff::{INTRINSIC, LITERAL, VALUE_TOKEN};
use super::intrinsic::{Intrinsic, Pseudo};
use super::node::Node;

/// A property value: a literal `T`, or an intrinsic function that CloudFormation resolves at
/// deploy time. Lists and maps are `Value<Vec<Value<T>>>` and
/// `Value<BTreeMap<String, Value<T>>>`, so the whole collection or any item can be a function.
///
/// # Reading
/// The input is first read as a [`Node`]. A mapping with a single key `Ref` or `Fn::*` is an
/// intrinsic function ([`Intrinsic::from_node`]; a malformed one is an error). Anything else is
/// read as `T` from the node, with CloudFormation's scalar coercions (`"5000"` reads as an
/// integer, `1.0` as the string `"1.0"`; see [`crate::Node`]'s `Deserializer`).
///
/// `{"Condition": name}` is ambiguous: `Condition` is a function only inside condition
/// expressions, and a property whose type has a `Condition` key is a plain mapping. So it is read
/// as `T` first (a struct with a `Condition` field, a map, `Json`), and as
/// [`Intrinsic::Condition`] only if that fails.
///
/// # Writing
/// A literal is written as `T` writes itself, a function in its long JSON form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value<T> {
    /// A literal value.
    Literal(T),
    /// An intrinsic function call (boxed: functions are rare and large, literals common and small).
    Intrinsic(Box<Intrinsic>),
}

impl<T> Value<T> {
    /// A literal value.
    pub const fn literal(value: T) -> Self {
        Value::Literal(value)
    }

    /// `{"Ref": "AWS::..."}`, e.g. `Value::pseudo(Pseudo::Region)`.
    pub fn pseudo(pseudo: Pseudo) -> Self {
        Intrinsic::pseudo(pseudo).into()
    }

    /// `{"Ref": "AWS::NoValue"}`: removes the property (typically in one branch of an `Fn::If`).
    pub fn no_value() -> Self {
        Self::pseudo(Pseudo::NoValue)
    }

    /// The literal, if this is one.
    pub fn as_literal(&self) -> Option<&T> {
        match self {
            Value::Literal(value) => Some(value),
            Value::Intrinsic(_) => None,
        }
    }

    /// The literal, if this is one.
    pub fn into_literal(self) -> Option<T> {
        match self {
            Value::Literal(value) => Some(value),
            Value::Intrinsic(_) => None,
        }
    }

    /// The function call, if this is one.
    pub fn as_intrinsic(&self) -> Option<&Intrinsic> {
        match self {
            Value::Literal(_) => None,
            Value::Intrinsic(intrinsic) => Some(intrinsic),
        }
    }

    /// Whether this is a function call.
    pub fn is_intrinsic(&self) -> bool {
        matches!(self, Value::Intrinsic(_))
    }
}

impl<T> From<Intrinsic> for Value<T> {
    fn from(intrinsic: Intrinsic) -> Self {
        Value::Intrinsic(Box::new(intrinsic))
    }
}

macro_rules! literal_from {
    ($($from:ty => $to:ty),* $(,)?) => {$(
        impl From<$from> for Value<$to> {
            fn from(value: $from) -> Self {
                Value::Literal(value.into())
            }
        }
    )*};
}

literal_from!(i64 => i64, f64 => f64, bool => bool, Node => Node);

/// Text into any value type made from text: `String`, and the generated enums
/// (`"AWS_PROXY".into()` for a `Value<IntegrationType>`).
impl<'a, T: From<&'a str>> From<&'a str> for Value<T> {
    fn from(value: &'a str) -> Self {
        Value::Literal(T::from(value))
    }
}

/// Text into any value type made from text (see the `&str` conversion).
impl<T: From<String>> From<String> for Value<T> {
    fn from(value: String) -> Self {
        Value::Literal(T::from(value))
    }
}

impl<T> From<Vec<Value<T>>> for Value<Vec<Value<T>>> {
    fn from(items: Vec<Value<T>>) -> Self {
        Value::Literal(items)
    }
}

impl<T> From<BTreeMap<String, Value<T>>> for Value<BTreeMap<String, Value<T>>> {
    fn from(entries: BTreeMap<String, Value<T>>) -> Self {
        Value::Literal(entries)
    }
}

impl<T: Serialize> Serialize for Value<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Literal(value) => value.serialize(serializer),
            Value::Intrinsic(intrinsic) => intrinsic.serialize(serializer),
        }
    }
}

// Reading: through the `VALUE_TOKEN` hand-off (see `handoff.rs`).

impl<'de, T: DeserializeOwned> Deserialize<'de> for Value<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_newtype_struct(VALUE_TOKEN, ValueVisitor(PhantomData))
    }
}

struct ValueVisitor<T>(PhantomData<T>);

impl<T: DeserializeOwned> ValueVisitor<T> {
    fn from_node<E: de::Error>(node: Node) -> Result<Value<T>, E> {
        Value::deserialize(&node).map_err(E::custom)
    }
}

/// For deserializers that answer a newtype struct with its content (serde's `value` module):
/// build the node from what they visit.
macro_rules! via_node {
    ($($method:ident($ty:ty) => $node:expr;)*) => {$(
        fn $method<E: de::Error>(self, v: $ty) -> Result<Value<T>, E> {
            Self::from_node($node(v))
        }
    )*};
}

impl<'de, T: DeserializeOwned> Visitor<'de> for ValueVisitor<T> {
    type Value = Value<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value or an intrinsic function")
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value<T>, A::Error> {
        let (tag, variant) = data.variant::<u128>()?;
        match tag {
            LITERAL => variant.newtype_variant().map(Value::Literal),
            INTRINSIC => variant.newtype_variant().map(Value::Intrinsic),
            _ => variant.tuple_variant(2, ConditionVisitor(PhantomData)), // `CONDITION`
        }
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Value<T>, D::Error> {
        Self::from_node(Node::deserialize(d)?)
    }

    via_node! {
        visit_bool(bool) => Node::from;
        visit_i64(i64) => Node::from;
        visit_u64(u64) => Node::from;
        visit_f64(f64) => Node::from;
        visit_str(&str) => Node::from;
        visit_string(String) => Node::from;
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value<T>, E> {
        Self::from_node(Node::default())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Value<T>, A::Error> {
        Self::from_node(Node::deserialize(de::value::SeqAccessDeserializer::new(
            seq,
        ))?)
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Value<T>, A::Error> {
        Self::from_node(Node::deserialize(de::value::MapAccessDeserializer::new(
            map,
        ))?)
    }
}

/// Reads `{"Condition": name}`: as `T` if it can be, else as [`Intrinsic::Condition`].
struct ConditionVisitor<T>(PhantomData<T>);

impl<'de, T: DeserializeOwned> Visitor<'de> for ConditionVisitor<T> {
    type Value = Value<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value or a Condition")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value<T>, A::Error> {
        if let Some(Some(literal)) = seq.next_element_seed(Attempt::<T>(PhantomData))? {
            return Ok(Value::Literal(literal));
        }
        seq.next_element()?
            .map(Value::Intrinsic)
            .ok_or_else(|| de::Error::invalid_length(1, &self))
    }
}

/// Reads a `T`, or `None` if the input is not one.
struct Attempt<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for Attempt<T> {
    type Value = Option<T>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        Ok(T::deserialize(deserializer).ok())
    }
}
