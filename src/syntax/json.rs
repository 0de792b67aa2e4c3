//! The JSON reader: a small recursive-descent parser (RFC 8259) that records where every value
//! starts. `serde_json` cannot be used for this: it has no per-value positions.
//!
//! Recursion is one level per nested array or object and stops at [`Node::MAX_DEPTH`], so hostile
//! input cannot exhaust the stack.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::sync::Arc;

use super::{Duplicate, ParseError, Step, pointer, saturate, scalar, strict, too_deep};
use crate::{Node, NodeKind, Span};

/// Reads a JSON document: exactly one value, with optional whitespace (space, TAB, CR, LF)
/// around it and an optional byte order mark before it.
///
/// Every node gets the position where its value starts. Numbers keep their source text.
/// Errors: invalid syntax, invalid escapes (including unpaired surrogates), control characters
/// in strings, duplicate keys in one object (at the second key), nesting deeper than
/// [`Node::MAX_DEPTH`], and anything after the value. [`super::parse_document`] reads duplicate
/// keys instead.
pub fn parse_json(text: &str) -> Result<Node, ParseError> {
    read_json(text).and_then(strict)
}

/// Reads a JSON document as [`parse_json`] does, except that a repeated key keeps its last
/// value at its first place, and is listed.
pub(super) fn read_json(text: &str) -> Result<(Node, Vec<Duplicate>), ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        line: 1,
        column: 1,
        path: Vec::new(),
        duplicates: Vec::new(),
    };
    let node = parser.value(0)?;
    parser.skip_whitespace();
    match parser.peek() {
        None => Ok((node, parser.duplicates)),
        Some(_) => Err(parser.error(format!(
            "unexpected {} after the JSON value",
            parser.describe_here()
        ))),
    }
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    /// Byte offset of the next character.
    pos: usize,
    line: usize,
    /// Column of the next character, counted in characters.
    column: usize,
    /// The steps from the document to the value being read.
    path: Vec<Step>,
    duplicates: Vec<Duplicate>,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Moves past one byte, keeping the line and (character) column up to date.
    fn bump(&mut self) {
        match self.peek() {
            Some(b'\n') => {
                self.line += 1;
                self.column = 1;
            }
            // UTF-8 continuation bytes belong to the character already counted.
            Some(b) if b & 0xC0 != 0x80 => self.column += 1,
            _ => {}
        }
        self.pos += 1;
    }

    fn span(&self) -> Span {
        Span {
            line: saturate(self.line),
            column: saturate(self.column),
        }
    }

    fn error(&self, message: impl Into<String>) -> ParseError {
        ParseError::new(self.span(), message)
    }

    /// The next character, for error messages.
    fn describe_here(&self) -> String {
        match self
            .text
            .get(self.pos..)
            .and_then(|rest| rest.chars().next())
        {
            None => "end of input".to_owned(),
            Some(c) if c.is_control() => format!("character U+{:04X}", u32::from(c)),
            Some(c) => format!("character `{c}`"),
        }
    }

    fn unexpected(&self, expected: &str) -> ParseError {
        self.error(format!(
            "expected {expected}, found {}",
            self.describe_here()
        ))
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\r' | b'\n') = self.peek() {
            self.bump();
        }
    }

    /// Consumes `byte` after optional whitespace, or fails saying `expected`.
    fn expect(&mut self, byte: u8, expected: &str) -> Result<(), ParseError> {
        self.skip_whitespace();
        if self.peek() == Some(byte) {
            self.bump();
            Ok(())
        } else {
            Err(self.unexpected(expected))
        }
    }

    /// A value inside `depth` enclosing arrays and objects.
    fn value(&mut self, depth: usize) -> Result<Node, ParseError> {
        self.skip_whitespace();
        let span = self.span();
        let container = matches!(self.peek(), Some(b'{' | b'['));
        if container && depth >= Node::MAX_DEPTH {
            return Err(too_deep(span));
        }
        let kind = match self.peek() {
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => NodeKind::String(self.string()?),
            Some(b'-' | b'0'..=b'9') => NodeKind::Number(self.number()?),
            Some(b't') => self.literal("true", NodeKind::Bool(true))?,
            Some(b'f') => self.literal("false", NodeKind::Bool(false))?,
            Some(b'n') => self.literal("null", NodeKind::Null)?,
            _ => return Err(self.unexpected("a JSON value")),
        };
        Ok(scalar(kind, span))
    }

    fn object(&mut self, depth: usize) -> Result<NodeKind, ParseError> {
        self.bump(); // `{`
        let mut entries: Vec<(String, Node)> = Vec::new();
        // Repeated keys: a scan for the usual small objects, an index once an object is big.
        let mut key_spans: Vec<Span> = Vec::new();
        let mut index: Option<HashMap<String, usize>> = None;
        // This object's pointer, once a key repeats.
        let mut here: Option<Arc<str>> = None;
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.bump();
            return Ok(NodeKind::Mapping(entries));
        }
        loop {
            self.skip_whitespace();
            let key_span = self.span();
            if self.peek() != Some(b'"') {
                return Err(self.unexpected("a string key"));
            }
            let key = self.string()?;
            let first = if entries.len() < 16 {
                entries.iter().position(|(k, _)| *k == key)
            } else {
                let index = index.get_or_insert_with(|| {
                    entries
                        .iter()
                        .enumerate()
                        .map(|(i, (k, _))| (k.clone(), i))
                        .collect()
                });
                match index.entry(key.clone()) {
                    Entry::Occupied(first) => Some(*first.get()),
                    Entry::Vacant(slot) => {
                        slot.insert(entries.len());
                        None
                    }
                }
            };
            if let Some(first) = first {
                let mapping = here.get_or_insert_with(|| pointer(&self.path)).clone();
                self.duplicates.push(Duplicate {
                    mapping,
                    key: key.clone(),
                    first: key_spans[first],
                    repeated: key_span,
                });
            }
            self.expect(b':', "`:` after an object key")?;
            self.path.push(Step::Key(key));
            let value = self.value(depth + 1)?;
            let Some(Step::Key(key)) = self.path.pop() else {
                unreachable!("the step pushed above");
            };
            match first {
                // The last value wins, at the first key's place (as Python's `json` does).
                Some(first) => entries[first].1 = value,
                None => {
                    key_spans.push(key_span);
                    entries.push((key, value));
                }
            }
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.bump(),
                Some(b'}') => {
                    self.bump();
                    return Ok(NodeKind::Mapping(entries));
                }
                _ => return Err(self.unexpected("`,` or `}` after an object member")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<NodeKind, ParseError> {
        self.bump(); // `[`
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.bump();
            return Ok(NodeKind::Sequence(items));
        }
        loop {
            self.path.push(Step::Index(items.len()));
            items.push(self.value(depth + 1)?);
            self.path.pop();
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.bump(),
                Some(b']') => {
                    self.bump();
                    return Ok(NodeKind::Sequence(items));
                }
                _ => return Err(self.unexpected("`,` or `]` after an array item")),
            }
        }
    }

    fn literal(&mut self, word: &str, kind: NodeKind) -> Result<NodeKind, ParseError> {
        if !self
            .bytes
            .get(self.pos..)
            .unwrap_or_default()
            .starts_with(word.as_bytes())
        {
            return Err(self.unexpected("a JSON value"));
        }
        for _ in 0..word.len() {
            self.bump();
        }
        Ok(kind)
    }

    /// A number, as its source text (`-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?`).
    fn number(&mut self) -> Result<String, ParseError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.bump();
        }
        match self.peek() {
            Some(b'0') => self.bump(),
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.unexpected("a digit")),
        }
        if self.peek() == Some(b'.') {
            self.bump();
            self.required_digits()?;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.bump();
            if let Some(b'+' | b'-') = self.peek() {
                self.bump();
            }
            self.required_digits()?;
        }
        Ok(self
            .text
            .get(start..self.pos)
            .unwrap_or_default()
            .to_owned())
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.bump();
        }
    }

    fn required_digits(&mut self) -> Result<(), ParseError> {
        if !matches!(self.peek(), Some(b'0'..=b'9')) {
            return Err(self.unexpected("a digit"));
        }
        self.digits();
        Ok(())
    }

    /// A string, positioned at its opening quote.
    fn string(&mut self) -> Result<String, ParseError> {
        self.bump(); // `"`
        let mut out = String::new();
        loop {
            let start = self.pos;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.bump();
            }
            // Both ends are at ASCII bytes (or the end), so on character boundaries.
            out.push_str(self.text.get(start..self.pos).unwrap_or_default());
            match self.peek() {
                Some(b'"') => {
                    self.bump();
                    return Ok(out);
                }
                Some(b'\\') => out.push(self.escape()?),
                Some(_) => {
                    return Err(self.error(format!(
                        "{} inside a string (JSON requires an escape such as \\n or \\t)",
                        self.describe_here()
                    )));
                }
                None => return Err(self.error("unterminated string")),
            }
        }
    }

    /// An escape sequence, positioned at its backslash.
    fn escape(&mut self) -> Result<char, ParseError> {
        let at = self.span();
        self.bump(); // `\`
        let simple = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => return self.unicode_escape(at),
            _ => {
                return Err(ParseError::new(
                    at,
                    format!("invalid escape: `\\` followed by {}", self.describe_here()),
                ));
            }
        };
        self.bump();
        Ok(simple)
    }

    /// `\uXXXX`, or a surrogate pair `\uD83D\uDE00`, positioned at the `u`.
    fn unicode_escape(&mut self, at: Span) -> Result<char, ParseError> {
        let high = self.hex4(at)?;
        let code = match high {
            0xD800..=0xDBFF => {
                let rest = self.bytes.get(self.pos..).unwrap_or_default();
                if !rest.starts_with(b"\\u") {
                    return Err(ParseError::new(
                        at,
                        format!(
                            "unpaired surrogate \\u{high:04X} (a high surrogate must be followed by a \\u escape of a low one)"
                        ),
                    ));
                }
                self.bump();
                let low = self.hex4(at)?;
                if !(0xDC00..=0xDFFF).contains(&low) {
                    return Err(ParseError::new(
                        at,
                        format!(
                            "unpaired surrogate \\u{high:04X} (followed by \\u{low:04X}, not a low surrogate)"
                        ),
                    ));
                }
                0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
            }
            0xDC00..=0xDFFF => {
                return Err(ParseError::new(
                    at,
                    format!("unpaired surrogate \\u{high:04X}"),
                ));
            }
            code => code,
        };
        char::from_u32(code)
            .ok_or_else(|| ParseError::new(at, format!("invalid code point U+{code:X}")))
    }

    /// The `u` and four hex digits after it.
    fn hex4(&mut self, at: Span) -> Result<u32, ParseError> {
        self.bump(); // `u`
        let mut code = 0;
        for _ in 0..4 {
            let digit = self.peek().and_then(|b| char::from(b).to_digit(16));
            let Some(digit) = digit else {
                return Err(ParseError::new(
                    at,
                    format!(
                        "invalid \\u escape: expected 4 hex digits, found {}",
                        self.describe_here()
                    ),
                ));
            };
            code = code * 16 + digit;
            self.bump();
        }
        Ok(code)
    }
}
