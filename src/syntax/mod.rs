//! Template text ⇄ [`Node`]: JSON and YAML readers that give every node its source position,
//! and writers back to JSON (long-form intrinsics) and YAML (short tags).
//!
//! ```
//! use cfn_apigatewayv2::syntax::{self, Format};
//!
//! let text = "Resources:\n  Api:\n    Properties:\n      Name: !Sub ${AWS::StackName}-api\n";
//! let (node, format) = syntax::parse(text.as_bytes()).unwrap();
//! assert_eq!(format, Format::Yaml);
//! let name = node.get("Resources").and_then(|r| r.get("Api"))
//!     .and_then(|a| a.get("Properties")).and_then(|p| p.get("Name")).unwrap();
//! assert_eq!(name.get("Fn::Sub").and_then(|s| s.as_str()), Some("${AWS::StackName}-api"));
//! assert_eq!(name.span.map(|s| (s.line, s.column)), Some((4, 13)));
//! assert_eq!(syntax::to_yaml(&node), text);
//! ```
//!
//! Both readers reject what a template cannot be: duplicate mapping keys, nesting deeper than
//! [`Node::MAX_DEPTH`], trailing content, more than one YAML document, unknown YAML tags, and
//! (YAML) alias expansions beyond a fixed budget. Errors carry the 1-based line and column
//! (counted in characters) where reading stopped. No input makes them panic or recurse without
//! bound, and the writers are iterative, so any tree can be written.
//!
//! Numbers keep their source text ([`NodeKind::Number`]) whenever it is a JSON numeral, which is
//! always the case in JSON and for ordinary YAML numbers (`1.0` stays `1.0`); see [`yaml`] for
//! how YAML 1.1 scalars are resolved.

use std::fmt;

use crate::{Node, NodeKind, Span};

mod json;
mod scalar;
mod write;
pub mod yaml;

pub use json::parse_json;
pub use write::{to_json, to_yaml};
pub use yaml::parse_yaml;

/// The syntax a template was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// JSON (RFC 8259).
    Json,
    /// YAML, read the way CloudFormation reads it (see [`yaml`]).
    Yaml,
}

/// Why template text could not be read, and where (1-based line and column, in characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// Line number, starting at 1.
    pub line: u32,
    /// Column number, starting at 1, counted in characters.
    pub column: u32,
    /// What is wrong.
    pub message: String,
}

impl ParseError {
    pub(crate) fn new(span: Span, message: impl Into<String>) -> Self {
        ParseError {
            line: span.line,
            column: span.column,
            message: message.into(),
        }
    }

    /// Where the error is, as a [`Span`].
    pub fn span(&self) -> Span {
        Span {
            line: self.line,
            column: self.column,
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for ParseError {}

/// Reads a template, JSON or YAML, detected from its content: after an optional UTF-8 byte order
/// mark and whitespace, `{` starts JSON; anything else (including a `#` comment) is read as
/// YAML, whose flow syntax also accepts JSON.
///
/// Text that is not UTF-8 is an error at the line and column of the first invalid byte.
pub fn parse(bytes: &[u8]) -> Result<(Node, Format), ParseError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let valid = bytes.get(..e.valid_up_to()).unwrap_or_default();
        // The prefix is valid UTF-8 by construction.
        let prefix = std::str::from_utf8(valid).unwrap_or_default();
        ParseError::new(end_of(prefix), "the file is not valid UTF-8 text")
    })?;
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    if body
        .trim_start_matches([' ', '\t', '\r', '\n'])
        .starts_with('{')
    {
        parse_json(text).map(|node| (node, Format::Json))
    } else {
        parse_yaml(text).map(|node| (node, Format::Yaml))
    }
}

/// The position just after `text` (a BOM at its start does not count as a column).
fn end_of(text: &str) -> Span {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (line, last) = match text.rsplit_once('\n') {
        Some((_, last)) => (text.matches('\n').count() + 1, last),
        None => (1, text),
    };
    Span {
        line: saturate(line),
        column: saturate(last.chars().count() + 1),
    }
}

/// A count as a `u32` position, saturating (positions past 4 billion are not told apart).
fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The error for a container that would be nested deeper than [`Node::MAX_DEPTH`].
fn too_deep(span: Span) -> ParseError {
    ParseError::new(
        span,
        format!("nested more than {} levels deep", Node::MAX_DEPTH),
    )
}

/// A scalar node at `span`.
fn scalar(kind: NodeKind, span: Span) -> Node {
    Node::new(kind).with_span(span)
}
