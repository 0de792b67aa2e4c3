//! Typed values → [`Node`]: a `serde::Serializer` whose output is the tree itself.
//!
//! Serde's data model maps onto [`NodeKind`] as `serde_json` maps it onto JSON: unit and `None`
//! are `null`, integers and floats are numbers, `char`s and strings are strings, bytes are a list
//! of numbers, sequences and tuples are lists, maps and structs are mappings (in the order they
//! are serialized), and an enum variant with content is a single-key mapping `{variant: content}`.
//! Map keys must serialize to a scalar (its text becomes the key). A non-finite float is an
//! error: no template format can hold it.
//!
//! # Number text
//! A [`Node`] number keeps the text it was written as (`1.50`, `1e3`): `Node`'s `Serialize` impl
//! hands it through as the newtype struct `NUMBER_TOKEN`, which [`to_node`] recognises and
//! every other serializer writes as the number (see `handoff.rs`).

use serde::Serialize;
use serde::ser;

use super::error::NodeError;
use super::handoff::{NUMBER_TOKEN, capture_number};
use super::node::{Node, NodeKind};

/// Serializes a typed value (a generated resource, a property type, a [`crate::Value`]) into a
/// [`Node`], keeping the text of every number that comes from a [`Node`] (e.g. inside a `Json`
/// property).
pub fn to_node<T: Serialize + ?Sized>(value: &T) -> Result<Node, NodeError> {
    value.serialize(NodeSerializer)
}

struct NodeSerializer;

fn number(text: impl ToString) -> Result<Node, NodeError> {
    Ok(Node::number(text.to_string()))
}

fn float(v: f64) -> Result<Node, NodeError> {
    if v.is_finite() {
        Ok(Node::from(v))
    } else {
        Err(NodeError::new(format!(
            "{v} cannot be written: templates hold only finite numbers"
        )))
    }
}

/// `{variant: content}`.
fn tagged(variant: &str, content: Node) -> Node {
    Node::from(vec![(variant.to_owned(), content)])
}

impl ser::Serializer for NodeSerializer {
    type Ok = Node;
    type Error = NodeError;
    type SerializeSeq = SeqSerializer;
    type SerializeTuple = SeqSerializer;
    type SerializeTupleStruct = SeqSerializer;
    type SerializeTupleVariant = SeqSerializer;
    type SerializeMap = MapSerializer;
    type SerializeStruct = MapSerializer;
    type SerializeStructVariant = MapSerializer;

    fn serialize_bool(self, v: bool) -> Result<Node, NodeError> {
        Ok(Node::from(v))
    }

    fn serialize_i8(self, v: i8) -> Result<Node, NodeError> {
        number(v)
    }

    fn serialize_i16(self, v: i16) -> Result<Node, NodeError> {
        number(v)
    }

    fn serialize_i32(self, v: i32) -> Result<Node, NodeError> {
        number(v)
    }

    fn serialize_i64(self, v: i64) -> Result<Node, NodeError> {
        number(v)
    }

    fn serialize_i128(self, v: i128) -> Result<Node, NodeError> {
        number(v)
    }

    fn serialize_u8(self, v: u8) -> Result<Node, NodeError> {
        number(v)
    }

    fn serialize_u16(self, v: u16) -> Result<Node, NodeError> {
        number(v)
    }

    fn serialize_u32(self, v: u32) -> Result<Node, NodeError> {
        number(v)
    }

    fn serialize_u64(self, v: u64) -> Result<Node, NodeError> {
        number(v)
    }

    fn serialize_u128(self, v: u128) -> Result<Node, NodeError> {
        number(v)
    }

    fn serialize_f32(self, v: f32) -> Result<Node, NodeError> {
        // Through the shortest text of the `f32`, so `0.1f32` stays `0.1`.
        match v.to_string().parse::<f64>() {
            Ok(v) => float(v),
            Err(_) => float(f64::from(v)),
        }
    }

    fn serialize_f64(self, v: f64) -> Result<Node, NodeError> {
        float(v)
    }

    fn serialize_char(self, v: char) -> Result<Node, NodeError> {
        Ok(Node::from(v.to_string()))
    }

    fn serialize_str(self, v: &str) -> Result<Node, NodeError> {
        Ok(Node::from(v))
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<Node, NodeError> {
        Ok(Node::from(
            v.iter()
                .map(|&b| Node::from(u64::from(b)))
                .collect::<Vec<_>>(),
        ))
    }

    fn serialize_none(self) -> Result<Node, NodeError> {
        Ok(Node::default())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Node, NodeError> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<Node, NodeError> {
        Ok(Node::default())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<Node, NodeError> {
        Ok(Node::default())
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<Node, NodeError> {
        Ok(Node::from(variant))
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<Node, NodeError> {
        if name == NUMBER_TOKEN {
            capture_number(|| value.serialize(NodeSerializer))
        } else {
            value.serialize(self)
        }
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Node, NodeError> {
        Ok(tagged(variant, value.serialize(self)?))
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<SeqSerializer, NodeError> {
        Ok(SeqSerializer {
            items: Vec::with_capacity(len.unwrap_or(0).min(1024)),
            variant: None,
        })
    }

    fn serialize_tuple(self, len: usize) -> Result<SeqSerializer, NodeError> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<SeqSerializer, NodeError> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<SeqSerializer, NodeError> {
        let mut seq = self.serialize_seq(Some(len))?;
        seq.variant = Some(variant);
        Ok(seq)
    }

    fn serialize_map(self, len: Option<usize>) -> Result<MapSerializer, NodeError> {
        Ok(MapSerializer {
            entries: Vec::with_capacity(len.unwrap_or(0).min(1024)),
            key: None,
            variant: None,
        })
    }

    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<MapSerializer, NodeError> {
        self.serialize_map(Some(len))
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<MapSerializer, NodeError> {
        let mut map = self.serialize_map(Some(len))?;
        map.variant = Some(variant);
        Ok(map)
    }
}

/// Lists, tuples and tuple variants.
struct SeqSerializer {
    items: Vec<Node>,
    /// The variant name, for a tuple variant.
    variant: Option<&'static str>,
}

impl SeqSerializer {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), NodeError> {
        self.items.push(value.serialize(NodeSerializer)?);
        Ok(())
    }

    fn finish(self) -> Result<Node, NodeError> {
        let list = Node::from(self.items);
        Ok(match self.variant {
            Some(variant) => tagged(variant, list),
            None => list,
        })
    }
}

macro_rules! seq_impls {
    ($($trait:ident::$method:ident),*) => {$(
        impl ser::$trait for SeqSerializer {
            type Ok = Node;
            type Error = NodeError;

            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), NodeError> {
                self.push(value)
            }

            fn end(self) -> Result<Node, NodeError> {
                self.finish()
            }
        }
    )*};
}

seq_impls!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

/// Maps, structs and struct variants.
struct MapSerializer {
    entries: Vec<(String, Node)>,
    /// The key waiting for its value (`serialize_key` then `serialize_value`).
    key: Option<String>,
    /// The variant name, for a struct variant.
    variant: Option<&'static str>,
}

impl MapSerializer {
    fn finish(self) -> Result<Node, NodeError> {
        let map = Node::from(self.entries);
        Ok(match self.variant {
            Some(variant) => tagged(variant, map),
            None => map,
        })
    }
}

/// A map key: anything that serializes to a scalar, as its text.
fn key_text<T: Serialize + ?Sized>(key: &T) -> Result<String, NodeError> {
    let node = key.serialize(NodeSerializer)?;
    match node.kind {
        NodeKind::String(text) | NodeKind::Number(text) => Ok(text),
        NodeKind::Bool(b) => Ok(b.to_string()),
        _ => Err(NodeError::new(format!(
            "a mapping key must be a string, found {}",
            node.describe()
        ))),
    }
}

impl ser::SerializeMap for MapSerializer {
    type Ok = Node;
    type Error = NodeError;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), NodeError> {
        self.key = Some(key_text(key)?);
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), NodeError> {
        let key = self
            .key
            .take()
            .ok_or_else(|| NodeError::new("map value serialized before its key"))?;
        self.entries.push((key, value.serialize(NodeSerializer)?));
        Ok(())
    }

    fn end(self) -> Result<Node, NodeError> {
        self.finish()
    }
}

macro_rules! struct_impls {
    ($($trait:ident),*) => {$(
        impl ser::$trait for MapSerializer {
            type Ok = Node;
            type Error = NodeError;

            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), NodeError> {
                self.entries.push((key.to_owned(), value.serialize(NodeSerializer)?));
                Ok(())
            }

            fn end(self) -> Result<Node, NodeError> {
                self.finish()
            }
        }
    )*};
}

struct_impls!(SerializeStruct, SerializeStructVariant);
