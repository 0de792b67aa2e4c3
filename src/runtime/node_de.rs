//! `impl Deserializer for &Node`: typed values read out of a [`Node`], with CloudFormation's
//! scalar coercions. This is the one place where they live:
//!
//! | target type                  | accepts                                                        |
//! |------------------------------|----------------------------------------------------------------|
//! | `String`, `&str`, `char`     | a string; a number (its original text); a boolean (`true`/`false`) |
//! | integers (`i8`…`u128`)       | an integer number; an integral number such as `1.0`; a string of an integer (`"5000"`) |
//! | `f32`, `f64`                 | a number; a string of a finite number (`"1.5"`)               |
//! | `bool`                       | a boolean; the strings `true`, `True`, `false`, `False` (as cfn-lint) |
//! | `Option<T>`                  | `null` → `None`, anything else → `Some(T)`                     |
//! | unit-variant enums           | a string, number or boolean naming the variant                |
//! | sequences, tuples            | a sequence                                                      |
//! | maps, structs                | a mapping                                                       |
//! | anything else (`deserialize_any`) | the node's natural type                                   |
//!
//! Errors ([`NodeError`]) say what was expected and what was found, and carry the JSON Pointer
//! path of the offending value (`/Properties/TimeoutInMillis`) and the nearest known
//! [`Span`](super::Span). `deserialize_newtype_struct` passes the hand-off's newtype structs
//! (`NODE_TOKEN`, `VALUE_TOKEN`) on to `handoff.rs`.

use serde::Deserializer;
use serde::de::{DeserializeSeed, MapAccess, SeqAccess, Visitor, value::BorrowedStrDeserializer};

use super::error::NodeError;
use super::handoff;
use super::node::{Node, NodeKind, Number, parse_number};

macro_rules! forward {
    ($helper:ident: $($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, NodeError> {
            self.$helper(visitor)
        }
    )*};
}

impl<'de> Deserializer<'de> for &'de Node {
    type Error = NodeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, NodeError> {
        match &self.kind {
            NodeKind::Null => visitor.visit_unit(),
            NodeKind::Bool(b) => visitor.visit_bool(*b),
            NodeKind::Number(text) => match parse_number(text) {
                Some(Number::I64(v)) => visitor.visit_i64(v),
                Some(Number::U64(v)) => visitor.visit_u64(v),
                Some(Number::F64(v)) => visitor.visit_f64(v),
                None => visitor.visit_borrowed_str(text),
            },
            NodeKind::String(s) => visitor.visit_borrowed_str(s),
            NodeKind::Sequence(_) => self.visit_sequence(visitor),
            NodeKind::Mapping(_) => self.visit_mapping(visitor),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, NodeError> {
        match (&self.kind, self.as_str()) {
            (NodeKind::Bool(b), _) => visitor.visit_bool(*b),
            (_, Some("true" | "True")) => visitor.visit_bool(true),
            (_, Some("false" | "False")) => visitor.visit_bool(false),
            _ => Err(NodeError::unexpected(self, &visitor)),
        }
    }

    forward!(visit_integer: deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64
        deserialize_u128);
    forward!(visit_float: deserialize_f32 deserialize_f64);
    forward!(visit_text: deserialize_char deserialize_str deserialize_string deserialize_identifier
        deserialize_bytes deserialize_byte_buf);
    forward!(visit_sequence: deserialize_seq);
    forward!(visit_mapping: deserialize_map);

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, NodeError> {
        match self.kind {
            NodeKind::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, NodeError> {
        match self.kind {
            NodeKind::Null => visitor.visit_unit(),
            _ => Err(NodeError::unexpected(self, &visitor)),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, NodeError> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, NodeError> {
        match name {
            handoff::NODE_TOKEN => handoff::node(self, visitor),
            handoff::VALUE_TOKEN => handoff::value(self, visitor),
            _ => visitor.visit_newtype_struct(self),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, NodeError> {
        self.visit_sequence(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, NodeError> {
        self.visit_sequence(visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, NodeError> {
        self.visit_mapping(visitor)
    }

    /// Unit variants only, named by a scalar's text (so `1.0` can name a variant `"1.0"`).
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, NodeError> {
        match self.scalar_text() {
            Some(text) => visitor.visit_enum(BorrowedStrDeserializer::new(text)),
            None => Err(NodeError::unexpected(self, &visitor)),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, NodeError> {
        visitor.visit_unit()
    }
}

impl Node {
    fn visit_integer<'de, V: Visitor<'de>>(&'de self, visitor: V) -> Result<V::Value, NodeError> {
        let text = match &self.kind {
            NodeKind::Number(text) | NodeKind::String(text) => text.as_str(),
            _ => return Err(NodeError::unexpected(self, &visitor)),
        };
        if let Ok(v) = text.parse::<i64>() {
            return visitor.visit_i64(v);
        }
        if let Ok(v) = text.parse::<u64>() {
            return visitor.visit_u64(v);
        }
        // An integral number written with a fraction or exponent (`1.0`, `1e3`) is an integer
        // in JSON Schema's sense.
        if let (NodeKind::Number(_), Ok(v)) = (&self.kind, text.parse::<f64>()) {
            if v.fract() == 0.0 && v.abs() < 9.2e18 {
                return visitor.visit_i64(v as i64);
            }
        }
        Err(NodeError::unexpected(self, &visitor))
    }

    fn visit_float<'de, V: Visitor<'de>>(&'de self, visitor: V) -> Result<V::Value, NodeError> {
        match &self.kind {
            NodeKind::Number(text) | NodeKind::String(text) => match text.parse::<f64>() {
                Ok(v) if v.is_finite() => visitor.visit_f64(v),
                _ => Err(NodeError::unexpected(self, &visitor)),
            },
            _ => Err(NodeError::unexpected(self, &visitor)),
        }
    }

    fn visit_text<'de, V: Visitor<'de>>(&'de self, visitor: V) -> Result<V::Value, NodeError> {
        match self.scalar_text() {
            Some(text) => visitor.visit_borrowed_str(text),
            None => Err(NodeError::unexpected(self, &visitor)),
        }
    }

    fn visit_sequence<'de, V: Visitor<'de>>(&'de self, visitor: V) -> Result<V::Value, NodeError> {
        let NodeKind::Sequence(items) = &self.kind else {
            return Err(NodeError::unexpected(self, &visitor));
        };
        let mut access = Items {
            items: items.iter().enumerate(),
        };
        let value = visitor.visit_seq(&mut access)?;
        match access.items.len() {
            0 => Ok(value),
            left => Err(NodeError::new(format!(
                "expected {} items, found {}",
                items.len() - left,
                items.len()
            ))
            .at(self.span)),
        }
    }

    fn visit_mapping<'de, V: Visitor<'de>>(&'de self, visitor: V) -> Result<V::Value, NodeError> {
        let NodeKind::Mapping(entries) = &self.kind else {
            return Err(NodeError::unexpected(self, &visitor));
        };
        let mut access = Entries {
            entries: entries.iter(),
            value: None,
        };
        let value = visitor.visit_map(&mut access)?;
        match access.entries.next() {
            None => Ok(value),
            Some((key, node)) => Err(NodeError::new("unexpected key").within(key, node.span)),
        }
    }
}

struct Items<'de> {
    items: std::iter::Enumerate<std::slice::Iter<'de, Node>>,
}

impl<'de> SeqAccess<'de> for Items<'de> {
    type Error = NodeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, NodeError> {
        match self.items.next() {
            None => Ok(None),
            Some((index, node)) => seed
                .deserialize(node)
                .map(Some)
                .map_err(|e| e.within(&index.to_string(), node.span)),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct Entries<'de> {
    entries: std::slice::Iter<'de, (String, Node)>,
    value: Option<&'de (String, Node)>,
}

impl<'de> MapAccess<'de> for Entries<'de> {
    type Error = NodeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, NodeError> {
        let Some(entry @ (key, node)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(entry);
        seed.deserialize(BorrowedStrDeserializer::<NodeError>::new(key))
            .map(Some)
            .map_err(|e| e.within(key, node.span))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, NodeError> {
        let (key, node) = self
            .value
            .take()
            .ok_or_else(|| NodeError::new("map value requested before its key"))?;
        seed.deserialize(node).map_err(|e| e.within(key, node.span))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}
