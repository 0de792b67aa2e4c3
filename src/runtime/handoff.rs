//! The private protocol that passes a [`Node`] through serde without losing what serde's data
//! model cannot hold (spans, the text of numbers, whether a mapping is a function call), and
//! `Node`'s own `Serialize`/`Deserialize`, which speak it. `value.rs`, `node_de.rs` and
//! `node_ser.rs` use the names defined here; nothing here uses them.
//!
//! # Reading a `Node` (`NODE_TOKEN`)
//! `Node::deserialize` asks for the newtype struct [`NODE_TOKEN`]. Ordinary deserializers answer
//! with `visit_newtype_struct` and the node is built from their data model. `&Node` answers with
//! `visit_enum` instead ([`node`]; no `deserialize_any` of a self-describing format produces
//! it), whose variant tag carries the span and whether a scalar is a number (then its exact text
//! follows). So a `Json` field or an intrinsic's arguments read from a `Node` keep their
//! positions and number texts.
//!
//! # Reading a `Value<T>` (`VALUE_TOKEN`)
//! `Value::deserialize` asks for the newtype struct [`VALUE_TOKEN`]. `&Node` answers with
//! `visit_enum` ([`value`]), whose variant tag says what the node is ([`LITERAL`],
//! [`INTRINSIC`], [`CONDITION`]); the literal is then read straight from the node, so nested
//! values are never copied and errors keep their full path. Any other deserializer answers as
//! usual; the input is then read into a `Node` and handed off from there.
//!
//! # Writing a number (`NUMBER_TOKEN`)
//! A [`Node`] number keeps the text it was written as (`1.50`, `1e3`). `Node`'s `Serialize` impl
//! hands that text through as the newtype struct [`NUMBER_TOKEN`] around a [`NumberText`]: every
//! other serializer (`serde_json` included) writes a newtype struct as its content, the number,
//! while [`crate::to_node`] recognises the name and keeps the text ([`capture_number`]). The
//! text travels through a thread-local slot that only that serializer arms, right before it
//! serializes the one value inside that newtype struct, and that [`NumberText`] disarms.

use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;

use serde::de::{
    self, DeserializeSeed, EnumAccess, IntoDeserializer, MapAccess, SeqAccess, VariantAccess,
    Visitor,
};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::error::NodeError;
use super::node::{Node, NodeKind, Number, Span, parse_number};

// ---------------------------------------------------------------------------------------------
// Writing: `Node` and its numbers

impl Serialize for Node {
    /// Writes the tree. A number is written as the narrowest of `i64`, `u64` and `f64` that reads
    /// its text; a number text that is none of these (a hand-built node) is written as a string.
    /// [`crate::to_node`] gets the text itself: numbers are the newtype struct `NUMBER_TOKEN`,
    /// which other serializers write as its content.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.kind {
            NodeKind::Null => serializer.serialize_unit(),
            NodeKind::Bool(b) => serializer.serialize_bool(*b),
            NodeKind::Number(text) => {
                serializer.serialize_newtype_struct(NUMBER_TOKEN, &NumberText(text))
            }
            NodeKind::String(s) => serializer.serialize_str(s),
            NodeKind::Sequence(items) => serializer.collect_seq(items),
            NodeKind::Mapping(entries) => {
                serializer.collect_map(entries.iter().map(|(k, v)| (k, v)))
            }
        }
    }
}

/// The newtype-struct name under which a [`Node`] number serializes its [`NumberText`].
pub(crate) const NUMBER_TOKEN: &str = "$cfn_apigatewayv2::NumberText";

/// The text of a number, serialized as the narrowest of `i64`, `u64` and `f64` that reads it
/// (or, if none does, as a string), except to [`crate::to_node`], which gets the text itself.
struct NumberText<'a>(&'a str);

/// The hand-over slot between `to_node`'s serializer and [`NumberText`].
enum Capture {
    /// No capture is wanted: [`NumberText`] serializes its number.
    Off,
    /// `to_node`'s serializer waits for the text of the value it is about to serialize.
    Armed,
    /// The text, left by [`NumberText`] for `to_node`'s serializer.
    Text(String),
}

thread_local! {
    static CAPTURE: RefCell<Capture> = const { RefCell::new(Capture::Off) };
}

impl Serialize for NumberText<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let armed = CAPTURE.with(|slot| {
            let mut slot = slot.borrow_mut();
            let armed = matches!(*slot, Capture::Armed);
            if armed {
                *slot = Capture::Text(self.0.to_owned());
            }
            armed
        });
        if armed {
            return serializer.serialize_unit();
        }
        match parse_number(self.0) {
            Some(Number::I64(v)) => serializer.serialize_i64(v),
            Some(Number::U64(v)) => serializer.serialize_u64(v),
            Some(Number::F64(v)) => serializer.serialize_f64(v),
            None => serializer.serialize_str(self.0),
        }
    }
}

/// Runs `serialize` with the capture slot armed, and returns the captured text, if any.
/// [`crate::to_node`]'s answer to [`NUMBER_TOKEN`].
pub(crate) fn capture_number(
    serialize: impl FnOnce() -> Result<Node, NodeError>,
) -> Result<Node, NodeError> {
    CAPTURE.with(|slot| *slot.borrow_mut() = Capture::Armed);
    let node = serialize();
    let captured = CAPTURE.with(|slot| std::mem::replace(&mut *slot.borrow_mut(), Capture::Off));
    match captured {
        Capture::Text(text) => Ok(Node::number(text)),
        // Not a `NumberText` after all: whatever it serialized to.
        Capture::Off | Capture::Armed => node,
    }
}

// ---------------------------------------------------------------------------------------------
// Reading: `Node`

/// The newtype-struct name `Node::deserialize` asks for.
pub(crate) const NODE_TOKEN: &str = "$cfn_apigatewayv2::Node";
/// [`node`]'s tag bit for a number (the node is then read as its text).
const TAG_NUMBER: u128 = 1 << 64;
/// [`node`]'s tag bit for a span (line in bits 32..64, column in bits 0..32).
const TAG_SPAN: u128 = 1 << 65;
/// The key `serde_json` uses for numbers when its `arbitrary_precision` feature is on somewhere
/// in the dependency graph: `{KEY: "1e3"}` is then read as the number `1e3`, text intact.
const SERDE_JSON_NUMBER: &str = "$serde_json::private::Number";

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        NodeSeed { depth: 0 }.deserialize(deserializer)
    }
}

/// Deserializes a node nested `depth` containers deep.
#[derive(Clone, Copy)]
struct NodeSeed {
    depth: usize,
}

impl<'de> DeserializeSeed<'de> for NodeSeed {
    type Value = Node;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_newtype_struct(NODE_TOKEN, self)
    }
}

impl<'de> Visitor<'de> for NodeSeed {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any template value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node, E> {
        Ok(Node::from(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node, E> {
        Ok(Node::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
        Ok(Node::from(v))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Node, E> {
        Ok(Node::number(v.to_string()))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Node, E> {
        Ok(Node::number(v.to_string()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
        Ok(Node::from(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
        Ok(Node::from(v))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Node, E> {
        Ok(Node::from(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::default())
    }

    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::default())
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        self.deserialize(deserializer)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let child = self.enter()?;
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element_seed(child)? {
            items.push(item);
        }
        Ok(Node::from(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let child = self.enter()?;
        let mut entries: Vec<(String, Node)> = Vec::new();
        let mut seen = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if !seen.insert(key.clone()) {
                return Err(de::Error::custom(format_args!("duplicate key `{key}`")));
            }
            entries.push((key, map.next_value_seed(child)?));
        }
        match entries.as_mut_slice() {
            [
                (
                    key,
                    Node {
                        kind: NodeKind::String(text),
                        ..
                    },
                ),
            ] if key == SERDE_JSON_NUMBER => Ok(Node::number(std::mem::take(text))),
            _ => Ok(Node::from(entries)),
        }
    }

    /// Only `&Node` calls this ([`node`]; see the module docs).
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Node, A::Error> {
        let (tag, variant) = data.variant::<u128>()?;
        let mut node = if tag & TAG_NUMBER != 0 {
            Node::number(variant.newtype_variant::<String>()?)
        } else {
            variant.newtype_variant_seed(PlainSeed(self))?
        };
        if tag & TAG_SPAN != 0 {
            node.span = Some(Span {
                line: (tag >> 32) as u32,
                column: tag as u32,
            });
        }
        Ok(node)
    }
}

impl NodeSeed {
    /// The seed for the children of a container at this depth, or an error if it is too deep.
    fn enter<E: de::Error>(self) -> Result<NodeSeed, E> {
        if self.depth >= Node::MAX_DEPTH {
            return Err(E::custom(format_args!(
                "template nested more than {} levels deep",
                Node::MAX_DEPTH
            )));
        }
        Ok(NodeSeed {
            depth: self.depth + 1,
        })
    }
}

/// Reads a node's own value through `deserialize_any` (no `NODE_TOKEN` hand-off).
struct PlainSeed(NodeSeed);

impl<'de> DeserializeSeed<'de> for PlainSeed {
    type Value = Node;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_any(self.0)
    }
}

/// `&Node`'s answer to [`NODE_TOKEN`]: the variant tag says whether the node is a number and
/// carries its span.
pub(crate) fn node<'de, V: Visitor<'de>>(
    node: &'de Node,
    visitor: V,
) -> Result<V::Value, NodeError> {
    let mut tag = 0;
    if let NodeKind::Number(_) = node.kind {
        tag |= TAG_NUMBER;
    }
    if let Some(span) = node.span {
        tag |= TAG_SPAN | u128::from(span.line) << 32 | u128::from(span.column);
    }
    visitor.visit_enum(Handoff { tag, node })
}

// ---------------------------------------------------------------------------------------------
// `Value<T>`

/// The newtype-struct name `Value::deserialize` asks for.
pub(crate) const VALUE_TOKEN: &str = "$cfn_apigatewayv2::Value";
/// [`value`]'s variant tag for a literal: read the node as `T` (a newtype variant).
pub(crate) const LITERAL: u128 = 0;
/// [`value`]'s variant tag for a function call: read the node as an `Intrinsic` (a newtype
/// variant).
pub(crate) const INTRINSIC: u128 = 1;
/// [`value`]'s variant tag for `{"Condition": name}`: a tuple variant of the node twice, to be
/// read as `T` and, if that fails, as an `Intrinsic`.
pub(crate) const CONDITION: u128 = 2;

/// `&Node`'s answer to [`VALUE_TOKEN`]: the variant tag says what the node is.
pub(crate) fn value<'de, V: Visitor<'de>>(
    node: &'de Node,
    visitor: V,
) -> Result<V::Value, NodeError> {
    let tag = match node.intrinsic_name() {
        None => LITERAL,
        Some("Condition") => CONDITION,
        Some(_) => INTRINSIC,
    };
    visitor.visit_enum(Handoff { tag, node })
}

// ---------------------------------------------------------------------------------------------
// The enum both answers hand over

/// Hands a node to a visitor as an enum: the variant tag is `tag`, a newtype variant's content
/// is the node, and a tuple variant's content is the node repeated (so a visitor can try one
/// reading and fall back to another). Used for `Node` ([`node`]) and `Value<T>` ([`value`]).
struct Handoff<'de> {
    tag: u128,
    node: &'de Node,
}

impl<'de> EnumAccess<'de> for Handoff<'de> {
    type Error = NodeError;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self), NodeError> {
        Ok((seed.deserialize(self.tag.into_deserializer())?, self))
    }
}

impl<'de> VariantAccess<'de> for Handoff<'de> {
    type Error = NodeError;

    fn unit_variant(self) -> Result<(), NodeError> {
        Err(NodeError::unexpected(
            self.node,
            &"a newtype or tuple hand-off",
        ))
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, NodeError> {
        seed.deserialize(self.node)
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, NodeError> {
        visitor.visit_seq(Repeat {
            node: self.node,
            left: len,
        })
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, NodeError> {
        Err(NodeError::unexpected(
            self.node,
            &"a newtype or tuple hand-off",
        ))
    }
}

/// The same node `left` more times.
struct Repeat<'de> {
    node: &'de Node,
    left: usize,
}

impl<'de> SeqAccess<'de> for Repeat<'de> {
    type Error = NodeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, NodeError> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        seed.deserialize(self.node).map(Some)
    }
}
