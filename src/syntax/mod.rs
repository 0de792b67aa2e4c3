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
//! Both readers reject what a template cannot be: nesting deeper than [`Node::MAX_DEPTH`],
//! trailing content, more than one YAML document, unknown YAML tags, and (YAML) alias expansions
//! beyond a fixed budget. Errors carry the 1-based line and column
//! (counted in characters) where reading stopped. No input makes them panic or recurse without
//! bound, and the writers are iterative, so any tree can be written.
//!
//! # Duplicate keys
//! CloudFormation accepts a template, YAML or JSON, in which a mapping repeats a key, and uses
//! the last value without a word:
//! - YAML: a resource written twice deploys as its second copy
//!   ([aws-cloudformation/cfn-lint#35](https://github.com/aws-cloudformation/cfn-lint/issues/35),
//!   whose loader refuses such files since; cfn-lint's `E0000` is cfn-lint's choice, not
//!   CloudFormation's); a template with a repeated `Properties` key deployed
//!   ([FINRAOS/herd-mdl#86](https://github.com/FINRAOS/herd-mdl/issues/86)); `validate-template`
//!   accepts a repeated property and logical id and `get-template-summary` shows the last
//!   `Default` ([go-to-k/cdk-real-drift#1074](https://github.com/go-to-k/cdk-real-drift/issues/1074),
//!   [#1133](https://github.com/go-to-k/cdk-real-drift/pull/1133), for YAML and JSON alike).
//!   Some clients refuse them before CloudFormation sees them: the console's Designer (js-yaml),
//!   and `aws cloudformation deploy` in aws-cli versions that loaded templates with ruamel.yaml
//!   ([brentley/container-demo#11](https://github.com/brentley/container-demo/issues/11)).
//! - JSON: "CloudFormation accepts the invalid JSON template" and uses the last definition of a
//!   logical id ([aws-cloudformation/cfn-language-discussion#96](https://github.com/aws-cloudformation/cfn-language-discussion/issues/96),
//!   open); `validate-template` and `update-stack` "silently ignore duplicate resources keys in a
//!   JSON template file" ([aws/aws-cli#2404](https://github.com/aws/aws-cli/issues/2404)).
//!   RFC 8259 only says names "SHOULD be unique".
//!
//! So [`parse_document`] reads them as CloudFormation does: the last value wins, and the entry
//! stays where the key first was (the order PyYAML's and Python's `json` dicts give, so the
//! same as cfn-flip's output); each repetition is listed in [`Parsed::duplicates`] with both
//! positions. The validator reports them as `duplicate-key` warnings (CloudFormation accepts the
//! file) and `convert` notes them on standard error. [`parse`], [`parse_json`] and
//! [`parse_yaml`] still refuse them (an error at the repetition), so no caller loses a value
//! without being told. Finding them is linear (a scan for small JSON objects, an index past 16
//! keys, a hash map per YAML mapping), and a mapping's pointer is worked out once, only when one
//! of its keys repeats.
//!
//! Numbers keep their source text ([`NodeKind::Number`]) whenever it is a JSON numeral, which is
//! always the case in JSON and for ordinary YAML numbers (`1.0` stays `1.0`); see [`yaml`] for
//! how YAML 1.1 scalars are resolved.

use std::fmt;
use std::sync::Arc;

use crate::{Node, NodeKind, Span};

mod json;
mod scalar;
mod write;
pub mod yaml;

pub use json::parse_json;
pub use write::{to_json, to_yaml};
pub use yaml::parse_yaml;

/// A template read the way CloudFormation reads it ([`parse_document`]): the tree, the syntax it
/// was written in, and the keys repeated in a mapping, whose last value the tree keeps.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// The document. A repeated key appears once, where its first occurrence is, with the last
    /// occurrence's value.
    pub node: Node,
    /// The syntax it was written in.
    pub format: Format,
    /// Every repeated key, in the order of the repetitions in the text.
    pub duplicates: Vec<Duplicate>,
}

/// A key that occurs more than once in one mapping. For three or more occurrences there is one
/// `Duplicate` per repetition, each with the first occurrence's position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// The RFC 6901 JSON Pointer of the mapping that holds the key (`""` for the document),
    /// shared by the duplicates of one mapping.
    pub mapping: Arc<str>,
    /// The key.
    pub key: String,
    /// Where the key first occurs (its value is dropped).
    pub first: Span,
    /// Where it occurs again.
    pub repeated: Span,
}

impl Duplicate {
    /// The JSON Pointer of the entry: [`mapping`](Self::mapping), then the key (escaped).
    pub fn pointer(&self) -> String {
        let mut pointer = self.mapping.to_string();
        push_segment(&mut pointer, &self.key);
        pointer
    }

    /// The error [`parse`] reports for it: at the repetition, naming the first occurrence.
    fn error(&self) -> ParseError {
        ParseError::new(
            self.repeated,
            format!("duplicate key {:?} (first at {})", self.key, self.first),
        )
    }
}

/// Appends `/segment` to a JSON Pointer, escaping `~` and `/`.
fn push_segment(pointer: &mut String, segment: &str) {
    pointer.push('/');
    pointer.push_str(&segment.replace('~', "~0").replace('/', "~1"));
}

/// A step from a collection to one of its children, for the pointers of [`Duplicate`]s.
enum Step {
    Key(String),
    Index(usize),
}

/// The JSON Pointer of the node reached by `steps` from the document.
fn pointer<'a>(steps: impl IntoIterator<Item = &'a Step>) -> Arc<str> {
    let mut pointer = String::new();
    for step in steps {
        match step {
            Step::Key(key) => push_segment(&mut pointer, key),
            Step::Index(index) => push_segment(&mut pointer, &index.to_string()),
        }
    }
    pointer.into()
}

/// The tree, or the error at the first repeated key if there is one.
fn strict((node, duplicates): (Node, Vec<Duplicate>)) -> Result<Node, ParseError> {
    match duplicates.first() {
        Some(duplicate) => Err(duplicate.error()),
        None => Ok(node),
    }
}

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
/// Text that is not UTF-8 is an error at the line and column of the first invalid byte. So is a
/// key repeated in a mapping (at the repetition); [`parse_document`] reads such a template as
/// CloudFormation does instead.
pub fn parse(bytes: &[u8]) -> Result<(Node, Format), ParseError> {
    let parsed = parse_document(bytes)?;
    match parsed.duplicates.first() {
        Some(duplicate) => Err(duplicate.error()),
        None => Ok((parsed.node, parsed.format)),
    }
}

/// Reads a template as [`parse`] does, but the way CloudFormation reads it: a key repeated in
/// a mapping keeps its last value (at the first occurrence's place among the keys, as PyYAML
/// and Python's `json` do) and is listed in [`Parsed::duplicates`].
pub fn parse_document(bytes: &[u8]) -> Result<Parsed, ParseError> {
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
        let (node, duplicates) = json::read_json(text)?;
        Ok(Parsed {
            node,
            format: Format::Json,
            duplicates,
        })
    } else {
        let (node, duplicates) = yaml::read_yaml(text)?;
        Ok(Parsed {
            node,
            format: Format::Yaml,
            duplicates,
        })
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
