//! [`NodeError`]: what went wrong reading a [`Node`] or a typed value out of one (or writing a
//! typed value into one, [`crate::to_node`]), with the JSON Pointer path and nearest [`Span`].

use std::fmt;

use serde::de::{self, Expected, Unexpected};
use serde::ser;

use super::node::{Node, Span};

/// An error from reading a [`Node`] or a typed value out of one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeError {
    message: String,
    /// Path segments, innermost first (they are added as the error travels outwards).
    path: Vec<String>,
    span: Option<Span>,
}

impl NodeError {
    /// `expected …, found …` for a node that is not what a visitor wants, at the node's span.
    pub(crate) fn unexpected(node: &Node, expected: &dyn Expected) -> Self {
        NodeError::new(format!("expected {expected}, found {}", node.describe())).at(node.span)
    }

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
    pub(crate) fn within(mut self, segment: &str, span: Option<Span>) -> Self {
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

impl ser::Error for NodeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        NodeError::new(msg.to_string())
    }
}
