//! [`Node`]: a lossless, format-independent template tree, and the serde bridge that reads typed
//! values out of it.
//!
//! Reading a template is two steps: text → [`Node`] (any self-describing serde deserializer, e.g.
//! `serde_json`; later a YAML parser that also fills in [`Span`]s), then [`Node`] → typed structs
//! through `impl Deserializer for &Node`. That deserializer is the one place where
//! CloudFormation's scalar coercions live:
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
//! path of the offending value (`/Properties/TimeoutInMillis`) and the nearest known [`Span`].
//!
//! # Depth
//! Every operation on a node (drop, clone, comparison, (de)serialization) recurses once per
//! nesting level. Deserializing a [`Node`] rejects input nested deeper than [`Node::MAX_DEPTH`]
//! (above `serde_json`'s own limit of 128, so whatever `serde_json` parses is accepted), so
//! every tree read from text is safe. Trees built by hand must stay within the same bound.

use std::collections::HashSet;
use std::fmt;

use serde::de::{
    self, DeserializeSeed, EnumAccess, Expected, IntoDeserializer, MapAccess, SeqAccess,
    Unexpected, VariantAccess, Visitor, value::BorrowedStrDeserializer,
};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A position in template source text (1-based line and column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    /// Line number, starting at 1.
    pub line: u32,
    /// Column number, starting at 1.
    pub column: u32,
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// The type of `Json` properties (arbitrary JSON, e.g. an OpenAPI `Body`): a lossless [`Node`].
pub type Json = Node;

/// One value of a template: a scalar, a sequence or a mapping, with its source position if known.
///
/// Equality compares [`kind`](Node::kind) only: spans are ignored, numbers compare by text.
#[derive(Clone, Default)]
pub struct Node {
    /// The value itself.
    pub kind: NodeKind,
    /// Where the value starts in the source text, when it was parsed from text that has positions.
    pub span: Option<Span>,
}

/// The value of a [`Node`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum NodeKind {
    /// `null`.
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as the text it was written as (`1.0` stays `1.0`, `5000` stays `5000`).
    ///
    /// From `serde_json`, integers keep their digits and floats are written the way `serde_json`
    /// writes them (`1e3` reads as `1000.0`), since `serde_json` does not hand out the source text.
    Number(String),
    /// A string.
    String(String),
    /// A list.
    Sequence(Vec<Node>),
    /// A mapping, in source order. Keys are unique (deserialization rejects duplicates).
    Mapping(Vec<(String, Node)>),
}

impl PartialEq for Node {
    fn eq(&self, other: &Self) -> bool {
        self.kind == other.kind
    }
}

impl Eq for Node {}

impl fmt::Debug for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(span) = self.span {
            write!(f, "@{span} ")?;
        }
        self.kind.fmt(f)
    }
}

impl Node {
    /// The deepest nesting of sequences and mappings that deserializing a `Node` accepts.
    pub const MAX_DEPTH: usize = 256;

    /// A node without a source position.
    pub const fn new(kind: NodeKind) -> Self {
        Node { kind, span: None }
    }

    /// A number node from its text, unchecked (for parsers; see [`NodeKind::Number`]).
    pub fn number(text: impl Into<String>) -> Self {
        Node::new(NodeKind::Number(text.into()))
    }

    /// This node with `span` as its position.
    pub fn with_span(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }

    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        self.kind == NodeKind::Null
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self.kind {
            NodeKind::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// The text of a number, if this is one.
    pub fn as_number(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Number(text) => Some(text),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::String(s) => Some(s),
            _ => None,
        }
    }

    /// The items, if this is a sequence.
    pub fn as_sequence(&self) -> Option<&[Node]> {
        match &self.kind {
            NodeKind::Sequence(items) => Some(items),
            _ => None,
        }
    }

    /// The entries in source order, if this is a mapping.
    pub fn as_mapping(&self) -> Option<&[(String, Node)]> {
        match &self.kind {
            NodeKind::Mapping(entries) => Some(entries),
            _ => None,
        }
    }

    /// The value under `key`, if this is a mapping that has it.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_mapping()?
            .iter()
            .find_map(|(k, v)| (k == key).then_some(v))
    }

    /// The function name if this node has the shape of an intrinsic function call: a mapping
    /// with exactly one key that is `Ref`, `Condition` or starts with `Fn::`.
    ///
    /// `Condition` is only a function inside condition expressions; see [`crate::Value`].
    pub fn intrinsic_name(&self) -> Option<&str> {
        match self.as_mapping()? {
            [(key, _)] if super::intrinsic::is_function_name(key) => Some(key),
            _ => None,
        }
    }

    /// A short description for error messages: `string "abc"`, `a list of 2 items`, …
    pub(crate) fn describe(&self) -> String {
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        match &self.kind {
            NodeKind::Null => "null".to_owned(),
            NodeKind::Bool(b) => format!("boolean `{b}`"),
            NodeKind::Number(text) => format!("number {text}"),
            NodeKind::String(s) if s.chars().count() > 60 => {
                format!("string {:?}…", s.chars().take(60).collect::<String>())
            }
            NodeKind::String(s) => format!("string {s:?}"),
            NodeKind::Sequence(items) => {
                format!("a list of {} item{}", items.len(), plural(items.len()))
            }
            NodeKind::Mapping(entries) if entries.is_empty() => "an empty mapping".to_owned(),
            NodeKind::Mapping(entries) => {
                let keys: Vec<String> = entries
                    .iter()
                    .take(3)
                    .map(|(k, _)| format!("`{k}`"))
                    .collect();
                let more = if entries.len() > 3 { ", …" } else { "" };
                let s = plural(entries.len());
                format!("a mapping with key{s} {}{more}", keys.join(", "))
            }
        }
    }

    /// The text of a scalar as a string-typed field reads it.
    pub(crate) fn scalar_text(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::String(s) | NodeKind::Number(s) => Some(s),
            NodeKind::Bool(true) => Some("true"),
            NodeKind::Bool(false) => Some("false"),
            _ => None,
        }
    }

    fn unexpected(&self, expected: &dyn Expected) -> NodeError {
        NodeError::new(format!("expected {expected}, found {}", self.describe())).at(self.span)
    }
}

macro_rules! node_from {
    ($($ty:ty => |$v:ident| $kind:expr;)*) => {$(
        impl From<$ty> for Node {
            fn from($v: $ty) -> Self {
                Node::new($kind)
            }
        }
    )*};
}

node_from! {
    bool => |v| NodeKind::Bool(v);
    i64 => |v| NodeKind::Number(v.to_string());
    u64 => |v| NodeKind::Number(v.to_string());
    f64 => |v| NodeKind::Number(format_f64(v));
    &str => |v| NodeKind::String(v.to_owned());
    String => |v| NodeKind::String(v);
    Vec<Node> => |v| NodeKind::Sequence(v);
    Vec<(String, Node)> => |v| NodeKind::Mapping(v);
}

/// Formats a float as `serde_json` writes it: shortest round-trip form, `1.0` keeps its `.0`.
/// Non-finite floats (which JSON cannot hold) become `NaN`/`inf`/`-inf`, and are written back
/// by the serializer's rules for them (`serde_json`: `null`).
fn format_f64(v: f64) -> String {
    serde_json::Number::from_f64(v).map_or_else(|| format!("{v:?}"), |n| n.to_string())
}

/// A number's text read as the narrowest fitting Rust number.
pub(crate) enum Number {
    I64(i64),
    U64(u64),
    F64(f64),
}

pub(crate) fn parse_number(text: &str) -> Option<Number> {
    text.parse()
        .map(Number::I64)
        .or_else(|_| text.parse().map(Number::U64))
        .or_else(|_| text.parse().map(Number::F64))
        .ok()
}

// ---------------------------------------------------------------------------------------------
// Errors

/// An error from reading a [`Node`] or a typed value out of one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeError {
    message: String,
    /// Path segments, innermost first (they are added as the error travels outwards).
    path: Vec<String>,
    span: Option<Span>,
}

impl NodeError {
    /// An error with `message` and no location yet.
    pub fn new(message: impl Into<String>) -> Self {
        NodeError {
            message: message.into(),
            path: Vec::new(),
            span: None,
        }
    }

    /// This error at `span`, unless it already has a position.
    pub fn at(mut self, span: Option<Span>) -> Self {
        self.span = self.span.or(span);
        self
    }

    /// What went wrong, without the location.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The RFC 6901 JSON Pointer of the offending value, relative to the node deserialization
    /// started from (`""` for that node itself).
    pub fn path(&self) -> String {
        self.path
            .iter()
            .rev()
            .map(|segment| format!("/{}", segment.replace('~', "~0").replace('/', "~1")))
            .collect()
    }

    /// The source position of the offending value, or of its nearest enclosing node that has one.
    pub fn span(&self) -> Option<Span> {
        self.span
    }

    /// This error as seen from the parent of the node it occurred in.
    fn within(mut self, segment: &str, span: Option<Span>) -> Self {
        self.path.push(segment.to_owned());
        self.at(span)
    }
}

impl fmt::Display for NodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path())?;
        }
        f.write_str(&self.message)?;
        match self.span {
            Some(span) => write!(f, " at line {} column {}", span.line, span.column),
            None => Ok(()),
        }
    }
}

impl std::error::Error for NodeError {}

impl de::Error for NodeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        NodeError::new(msg.to_string())
    }

    fn invalid_type(unexp: Unexpected<'_>, exp: &dyn Expected) -> Self {
        NodeError::new(format!("expected {exp}, found {unexp}"))
    }

    fn invalid_value(unexp: Unexpected<'_>, exp: &dyn Expected) -> Self {
        NodeError::new(format!("expected {exp}, found {unexp}"))
    }

    fn invalid_length(len: usize, exp: &dyn Expected) -> Self {
        NodeError::new(format!("expected {exp}, found {len} elements"))
    }
}

// ---------------------------------------------------------------------------------------------
// Node: Serialize

impl Serialize for Node {
    /// Writes the tree. A number is written as the narrowest of `i64`, `u64` and `f64` that reads
    /// its text; a number text that is none of these (a hand-built node) is written as a string.
    /// [`crate::to_node`] gets the text itself (see `node_ser.rs`): numbers are the newtype
    /// struct `NUMBER_TOKEN`, which other serializers write as its content.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.kind {
            NodeKind::Null => serializer.serialize_unit(),
            NodeKind::Bool(b) => serializer.serialize_bool(*b),
            NodeKind::Number(text) => serializer.serialize_newtype_struct(
                super::node_ser::NUMBER_TOKEN,
                &super::node_ser::NumberText(text),
            ),
            NodeKind::String(s) => serializer.serialize_str(s),
            NodeKind::Sequence(items) => serializer.collect_seq(items),
            NodeKind::Mapping(entries) => {
                serializer.collect_map(entries.iter().map(|(k, v)| (k, v)))
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Node: Deserialize
//
// `Node::deserialize` asks for the newtype struct `NODE_TOKEN`. Ordinary deserializers answer
// with `visit_newtype_struct` and the node is built from their data model. `&Node` answers with
// `visit_enum` instead (which no `deserialize_any` of a self-describing format produces), whose
// variant tag carries what serde's data model cannot: the span and whether a scalar is a number
// (then its exact text follows). So a `Json` field or an intrinsic's arguments read from a
// `Node` keep their positions and number texts.

const NODE_TOKEN: &str = "$cfn_apigatewayv2::Node";
const TAG_NUMBER: u128 = 1 << 64;
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

    /// Only `&Node` calls this; see the comment above `NODE_TOKEN`.
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

/// Hands a node to a visitor as an enum: the variant tag is `tag`, a newtype variant's content
/// is the node, and a tuple variant's content is the node repeated (so a visitor can try one
/// reading and fall back to another). Used for `Node` (above) and `Value<T>` (in `value.rs`).
pub(crate) struct Handoff<'de> {
    pub(crate) tag: u128,
    pub(crate) node: &'de Node,
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
        Err(self.node.unexpected(&"a newtype or tuple hand-off"))
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
        Err(self.node.unexpected(&"a newtype or tuple hand-off"))
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

// ---------------------------------------------------------------------------------------------
// &Node: Deserializer (the coercions)

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
            _ => Err(self.unexpected(&visitor)),
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
            _ => Err(self.unexpected(&visitor)),
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
            NODE_TOKEN => {
                let mut tag = 0;
                if let NodeKind::Number(_) = self.kind {
                    tag |= TAG_NUMBER;
                }
                if let Some(span) = self.span {
                    tag |= TAG_SPAN | u128::from(span.line) << 32 | u128::from(span.column);
                }
                visitor.visit_enum(Handoff { tag, node: self })
            }
            super::value::VALUE_TOKEN => super::value::hand_off(self, visitor),
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
            None => Err(self.unexpected(&visitor)),
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
            _ => return Err(self.unexpected(&visitor)),
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
        Err(self.unexpected(&visitor))
    }

    fn visit_float<'de, V: Visitor<'de>>(&'de self, visitor: V) -> Result<V::Value, NodeError> {
        match &self.kind {
            NodeKind::Number(text) | NodeKind::String(text) => match text.parse::<f64>() {
                Ok(v) if v.is_finite() => visitor.visit_f64(v),
                _ => Err(self.unexpected(&visitor)),
            },
            _ => Err(self.unexpected(&visitor)),
        }
    }

    fn visit_text<'de, V: Visitor<'de>>(&'de self, visitor: V) -> Result<V::Value, NodeError> {
        match self.scalar_text() {
            Some(text) => visitor.visit_borrowed_str(text),
            None => Err(self.unexpected(&visitor)),
        }
    }

    fn visit_sequence<'de, V: Visitor<'de>>(&'de self, visitor: V) -> Result<V::Value, NodeError> {
        let NodeKind::Sequence(items) = &self.kind else {
            return Err(self.unexpected(&visitor));
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
            return Err(self.unexpected(&visitor));
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
