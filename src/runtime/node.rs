//! [`Node`]: a lossless, format-independent template tree, with its source positions ([`Span`]).
//!
//! Reading a template is two steps: text → [`Node`] (any self-describing serde deserializer, e.g.
//! `serde_json`, or this crate's YAML and JSON readers, which also fill in [`Span`]s), then
//! [`Node`] → typed structs through `impl Deserializer for &Node` (`node_de.rs`, where
//! CloudFormation's scalar coercions live). `Node`'s own serde impls are in `handoff.rs`, next
//! to the private protocol that carries spans and number texts through serde; errors are
//! [`NodeError`](super::NodeError) (`error.rs`).
//!
//! # Depth
//! Every operation on a node (drop, clone, comparison, (de)serialization) recurses once per
//! nesting level. Deserializing a [`Node`] rejects input nested deeper than [`Node::MAX_DEPTH`]
//! (above `serde_json`'s own limit of 128, so whatever `serde_json` parses is accepted), so
//! every tree read from text is safe. Trees built by hand must stay within the same bound.

use std::fmt;

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
            [(key, _)] if is_function_name(key) => Some(key),
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

/// Whether a single-key mapping with this key is a function call.
fn is_function_name(key: &str) -> bool {
    key == "Ref" || key == "Condition" || key.starts_with("Fn::")
}
