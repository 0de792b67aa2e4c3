//! The YAML reader: events from [`yaml_rust2`]'s parser built into a [`Node`] tree, short tags
//! expanded to long-form intrinsics, scalars resolved the way CloudFormation reads them.
//!
//! `yaml-rust2` (default features off) is a maintained YAML 1.2 event parser: it reports a
//! position with every event, hands out tags and anchor ids untouched, and never recurses per
//! nesting level (flow collections stop at 255 levels, its own limit). It has no proc-macro
//! dependencies, only `arraydeque` and `hashlink`, which compile in a few seconds alongside
//! serde. That is why it is used rather than `saphyr-parser`, the newer copy of the same
//! parser, which also reports where events end: `saphyr-parser` depends on `thiserror`, and so
//! on `syn`. Measured on 2 cores, that put about 4 s of proc-macro compilation (syn, then
//! thiserror-impl) in front of this crate and took a clean build of a crate that depends on
//! this one without default features from about 10 s to 17.4 s.
//!
//! An event's position is where the node's content is. Where its text starts (its anchor or
//! tag, the `|`/`>` of a block scalar, the `:` of an empty value, the first key of a block
//! mapping) comes from a second scanner over the same text, kept in step with the parser.
//! Building the tree from events is what keeps positions, tags and control over alias expansion,
//! which serde-based YAML crates lose or decide for us.
//!
//! # Scalars
//! CloudFormation reads YAML 1.1. Plain (unquoted, untagged) scalars resolve as PyYAML resolves
//! them (which is also what cfn-flip and cfn-lint do); quoted and block scalars are strings.
//!
//! | plain scalar                                                   | becomes |
//! |----------------------------------------------------------------|---------|
//! | empty, `~`, `null`, `Null`, `NULL`                             | null |
//! | `true`/`True`/`TRUE`, `yes`/`Yes`/`YES`, `on`/`On`/`ON`        | `true` (cfn-flip does the same for `yes` and `on`) |
//! | `false`/`False`/`FALSE`, `no`/`No`/`NO`, `off`/`Off`/`OFF`     | `false` |
//! | `y`, `n`, `yEs`, other casings                                 | string (as PyYAML) |
//! | `5000`, `-1`, `1.0`, `1.5e+3`, `.5`, `1.`, `0x1F`, `017`, `0b101`, `1_000`, `+12`, `1:30` | number |
//! | `1e3`, `1.0e5` (exponent without sign), `0o17`, `09`, `-.5`   | string (YAML 1.1 has no such numbers) |
//! | `.inf`, `-.inf`, `.nan`                                        | string (JSON has no such numbers) |
//! | `2010-09-09`, `2001-12-14t21:59:43.10-05:00` (timestamps)      | string, as written |
//! | `<<` as a key (merge key)                                      | error: CloudFormation does not support merge keys |
//! | anything else                                                  | string |
//!
//! A number keeps its source text when that is a JSON numeral (`1.0` stays `1.0`); YAML-only
//! spellings are rewritten to the JSON numeral of the same value (`0x1F` → `31`, `017` → `15`,
//! `1_000` → `1000`, `+12` → `12`, `.5` → `0.5`, `1.` → `1.0`, `1:30` → `90`), so every
//! [`NodeKind::Number`] can be written as JSON. Mapping keys are always the scalar's text.
//!
//! # Tags
//! CloudFormation's short forms become the long form: `!Ref x` → `{"Ref": "x"}`,
//! `!Condition x` → `{"Condition": "x"}`, `!GetAtt a.b` → `{"Fn::GetAtt": ["a", "b"]}` (split at
//! the first dot; `!GetAtt [a, b]` is kept as a list) and `!Sub`, `!Join`, `!Select`, `!Split`,
//! `!If`, `!FindInMap`, `!ImportValue`, `!Base64`, `!Cidr`, `!GetAZs`, `!Transform`,
//! `!ToJsonString`, `!Length`, `!Equals`, `!And`, `!Or`, `!Not` → `{"Fn::Name": value}`, on
//! scalars, sequences and mappings alike. A tagged scalar is a string whatever it looks like
//! (`!Ref 1` → `{"Ref": "1"}`, `!GetAZs` → `{"Fn::GetAZs": ""}`), as in cfn-flip. YAML gives a
//! node one tag, so `!Base64 !Sub x` is a syntax error here as in CloudFormation: nest through
//! the long form (`Fn::Base64: !Sub x`). The standard tags `!!str`, `!!int`, `!!float`,
//! `!!bool`, `!!null`, `!!map`, `!!seq` and the non-specific `!` are honoured (`!!int` and
//! `!!float` accept YAML 1.1 and JSON numerals); any other tag is an error.
//!
//! # Indentation in flow collections and quoted scalars
//! YAML wants every line of a flow collection (`{...}`, `[...]`) or of a multi-line quoted
//! scalar indented more than the block node around it; `yaml-rust2` enforces that and cannot be
//! told otherwise. PyYAML 6.0.2 (what cfn-flip and cfn-lint read with; CloudFormation's own
//! reader is not public) does not check it, and public templates rely on that. When the scanner
//! refuses a text for its indentation, the lines that start inside a flow collection or a quoted
//! scalar are indented just enough and the text is read again, positions mapped back to the text
//! as written: blanks at the start of such lines are not content, so the document is the one
//! PyYAML reads (how that is made sure: `relax.rs`). Checked against PyYAML:
//!
//! | case | PyYAML | before | now |
//! |------|--------|--------|-----|
//! | a flow mapping's closing `}` indented less than its key | reads | error | reads |
//! | a flow collection's lines at column 0 inside a block mapping or sequence | reads | error | reads |
//! | a flow sequence's next lines indented less than its key | reads | error | reads |
//! | `a: [1,⏎2]` at the top level | reads | error | reads |
//! | a comment line at column 0 inside a flow collection | reads | error | reads |
//! | a quoted scalar (in a block or a flow collection) whose next lines are indented less | reads | error | reads |
//! | `a: [⏎  1⏎]`; a multi-line plain scalar in a flow collection, indented less | reads | reads | reads |
//! | a tab first on a line inside a flow collection; a tab after `:` in one | error | error | error |
//! | `---` or `...` at the start of a line inside a flow collection | error | error | error |
//! | block content indented less (`b: one⏎ two`); a `-` at column 0 in a flow collection | error | error | error |
//! | a JSON-like key whose `:` is on the next line (`{"x"⏎: 1}`) | error | reads (`yaml-rust2`) | reads |
//! | a plain scalar's next line that starts with `[`, before such a flow collection | reads | error | error (kept: see `relax.rs`) |
//!
//! # Structure
//! One document per template (a second `---` document is an error); non-scalar keys are
//! errors; a repeated key keeps its last value (see [the syntax module](super#duplicate-keys)); nesting is limited to [`Node::MAX_DEPTH`] (flow collections to
//! 255, the parser's own limit). Aliases are expanded, but every node and every character they
//! copy counts against a budget of [`ALIAS_BUDGET`] (anchored values pay for their copy too), so
//! an alias bomb fails within milliseconds and bounded memory. A NUL character is an error, and so
//! is a byte order mark anywhere but at the start or inside a quoted scalar. Every node's span is
//! where its text starts: the tag or anchor if it has one, the `|`/`>` of a block scalar, the
//! colon of an empty value (for an empty entry, the end of the blanks after its `-`); a value
//! read through an alias has the alias's position (its children keep those of the anchored
//! text).

use std::collections::HashMap;
use std::iter::Peekable;
use std::str::Chars;
use std::sync::Arc;

use yaml_rust2::parser::{Event, Parser, Tag};
use yaml_rust2::scanner::{
    Marker, ScanError, Scanner, TScalarStyle as ScalarStyle, Token, TokenType,
};

use super::scalar::{boolean, is_json_number, number, resolve_plain};
use super::{Duplicate, ParseError, Step, end_of, pointer, saturate, strict, too_deep};
use crate::{Node, NodeKind, Span};

mod relax;

/// How many nodes plus characters aliases may copy in one document (anchored values count once
/// more for the copy kept for their aliases).
pub const ALIAS_BUDGET: usize = 1_000_000;

/// The short-form tags and the long-form keys they stand for.
pub(super) const SHORT_FORMS: [(&str, &str); 20] = [
    ("Ref", "Ref"),
    ("Condition", "Condition"),
    ("GetAtt", "Fn::GetAtt"),
    ("Sub", "Fn::Sub"),
    ("Join", "Fn::Join"),
    ("Select", "Fn::Select"),
    ("Split", "Fn::Split"),
    ("If", "Fn::If"),
    ("FindInMap", "Fn::FindInMap"),
    ("ImportValue", "Fn::ImportValue"),
    ("Base64", "Fn::Base64"),
    ("Cidr", "Fn::Cidr"),
    ("GetAZs", "Fn::GetAZs"),
    ("Transform", "Fn::Transform"),
    ("ToJsonString", "Fn::ToJsonString"),
    ("Length", "Fn::Length"),
    ("Equals", "Fn::Equals"),
    ("And", "Fn::And"),
    ("Or", "Fn::Or"),
    ("Not", "Fn::Not"),
];

/// Reads a YAML template (one document) the way CloudFormation does; see the [module
/// docs](self) for scalars, tags and limits. A byte order mark at the start is skipped; CRLF
/// line endings are fine. An empty document is `null`. A key repeated in a mapping is an error
/// (at the repetition); [`super::parse_document`] reads it as CloudFormation does.
pub fn parse_yaml(text: &str) -> Result<Node, ParseError> {
    read_yaml(text).and_then(strict)
}

/// Reads a YAML template as [`parse_yaml`] does, except that a repeated key keeps its last
/// value at its first place (as PyYAML does), and is listed.
pub(super) fn read_yaml(text: &str) -> Result<(Node, Vec<Duplicate>), ParseError> {
    // The scanner knows no byte order marks; positions are counted after them anyway.
    let text = text.trim_start_matches('\u{feff}');
    // The scanner takes NUL for the end of the text; YAML does not allow it anywhere.
    if let Some(at) = text.find('\0') {
        let span = end_of(text.get(..at).unwrap_or_default());
        return Err(ParseError::new(span, "found unprintable character (NUL)"));
    }
    match read_checked(text) {
        // What PyYAML reads and the scanner refuses for its indentation: read again with the
        // lines inside flow collections and quoted scalars indented (see [`relax`]).
        Err(error) if error.message.starts_with("invalid indentation") => {
            let Some(relaxed) = relax::relax(text) else {
                return Err(error);
            };
            match read_checked(&relaxed.text) {
                Ok((mut node, mut duplicates)) if relaxed.sound() => {
                    // Back to the columns of the text as written.
                    let restore = |span: &mut Span| {
                        span.column = relaxed.column(span.line, span.column);
                    };
                    let mut nodes = vec![&mut node];
                    while let Some(node) = nodes.pop() {
                        node.span.as_mut().map(restore);
                        match &mut node.kind {
                            NodeKind::Sequence(items) => nodes.extend(items),
                            NodeKind::Mapping(entries) => {
                                nodes.extend(entries.iter_mut().map(|(_, value)| value));
                            }
                            _ => {}
                        }
                    }
                    for duplicate in &mut duplicates {
                        restore(&mut duplicate.first);
                        restore(&mut duplicate.repeated);
                    }
                    Ok((node, duplicates))
                }
                _ => Err(error),
            }
        }
        read => read,
    }
}

/// [`read`], and the check for byte order marks inside the document.
fn read_checked(text: &str) -> Result<(Node, Vec<Duplicate>), ParseError> {
    let boms = text.contains('\u{feff}');
    let mut quoted = Vec::new();
    let read = read(text, boms.then_some(&mut quoted));
    // A byte order mark inside the document is an error, except in a quoted scalar.
    if boms {
        if let Some(at) = stray_bom(text, quoted) {
            let span = end_of(text.get(..at).unwrap_or_default());
            if read.as_ref().err().is_none_or(|e| span <= e.span()) {
                return Err(ParseError::new(
                    span,
                    "a byte order mark must not appear inside a document",
                ));
            }
        }
    }
    read
}

/// The byte offset of the first byte order mark in `text` outside the quoted scalars that start
/// at the `quoted` character indexes.
fn stray_bom(text: &str, mut quoted: Vec<usize>) -> Option<usize> {
    quoted.sort_unstable();
    let mut starts = quoted.into_iter().peekable();
    let mut chars = text.char_indices().enumerate();
    while let Some((index, (at, quote))) = chars.next() {
        if quote == '\u{feff}' {
            return Some(at);
        }
        while starts.next_if(|&start| start < index).is_some() {}
        if starts.next_if_eq(&index).is_none() || !matches!(quote, '\'' | '"') {
            continue;
        }
        // Past the closing quote.
        while let Some((_, (_, c))) = chars.next() {
            let next = chars.clone().next().map(|(_, (_, next))| next);
            match c {
                '\\' if quote == '"' => {
                    chars.next();
                }
                '\'' if quote == '\'' && next == Some('\'') => {
                    chars.next();
                }
                _ if c == quote => break,
                _ => {}
            }
        }
    }
    None
}

/// Builds the tree from the parser's events, with the positions and values they leave out
/// from [`Tokens`]; notes where quoted scalars start (character indexes) if asked to.
fn read(
    text: &str,
    mut quoted: Option<&mut Vec<usize>>,
) -> Result<(Node, Vec<Duplicate>), ParseError> {
    let mut builder = Builder {
        stack: Vec::new(),
        root: None,
        anchors: HashMap::new(),
        budget: ALIAS_BUDGET,
        documents: 0,
        mapping_opened: false,
        duplicates: Vec::new(),
    };
    let mut tokens = Tokens::new(text);
    let mut parser = Parser::new_from_str(text);
    loop {
        let (event, mark) = match parser.next_token() {
            Ok(next) => next,
            Err(error) => {
                // At a mapping that should not start there: where its first key is.
                let mark = *error.marker();
                let at = tokens.mapping_start(mark).unwrap_or(mark);
                return Err(scan_error(&error, at));
            }
        };
        let event = match event {
            Event::StreamEnd => break,
            Event::Scalar(value, style @ (ScalarStyle::Literal | ScalarStyle::Folded), a, t) => {
                Event::Scalar(tokens.source.block_value(value, mark), style, a, t)
            }
            Event::Scalar(_, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted, ..) => {
                if let Some(quoted) = quoted.as_deref_mut() {
                    quoted.push(mark.index());
                }
                event
            }
            event => event,
        };
        let at = match &event {
            Event::Scalar(_, _, anchor, tag)
            | Event::SequenceStart(anchor, tag)
            | Event::MappingStart(anchor, tag)
                if *anchor != 0 || tag.is_some() =>
            {
                position(tokens.properties(mark))
            }
            Event::Scalar(value, ScalarStyle::Plain, ..)
                if value.is_empty() && !builder.stack.is_empty() && !builder.expects_key() =>
            {
                position(tokens.indicator(mark).unwrap_or(mark))
            }
            Event::Scalar(_, ScalarStyle::Literal | ScalarStyle::Folded, ..) => {
                tokens.block_indicator(mark).unwrap_or(position(mark))
            }
            Event::MappingStart(..) => position(tokens.mapping_start(mark).unwrap_or(mark)),
            _ => position(mark),
        };
        builder.event(event, at)?;
    }
    let root = builder
        .root
        .unwrap_or_else(|| Node::new(NodeKind::Null).with_span(Span { line: 1, column: 1 }));
    Ok((root, builder.duplicates))
}

/// 1-based line and column from the parser's marker (1-based line, 0-based column, both
/// counted in characters).
fn position(mark: Marker) -> Span {
    Span {
        line: saturate(mark.line()),
        column: saturate(mark.col() + 1),
    }
}

fn scan_error(error: &ScanError, at: Marker) -> ParseError {
    let message = match error.info() {
        "recursion limit exceeded" => "flow collections nested more than 255 levels deep",
        info => info,
    };
    ParseError::new(position(at), message)
}

/// What a tag asks for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Meaning {
    /// No tag.
    Untagged,
    /// `!` (non-specific tag): a string if on a scalar.
    NonSpecific,
    Str,
    Int,
    Float,
    Bool,
    Null,
    Map,
    Seq,
    /// A short form, wrapped as a mapping under this long-form key.
    Function(&'static str),
}

fn meaning(tag: Option<&Tag>, at: Span) -> Result<Meaning, ParseError> {
    let Some(tag) = tag else {
        return Ok(Meaning::Untagged);
    };
    let full = if tag.handle == "!" {
        format!("!{}", tag.suffix)
    } else {
        format!("{}{}", tag.handle, tag.suffix)
    };
    if full == "!" {
        return Ok(Meaning::NonSpecific);
    }
    if let Some(name) = full.strip_prefix('!') {
        if let Some((_, key)) = SHORT_FORMS.iter().find(|(tag, _)| *tag == name) {
            return Ok(Meaning::Function(key));
        }
    }
    let standard = full.strip_prefix("tag:yaml.org,2002:");
    Ok(match standard {
        Some("str") => Meaning::Str,
        Some("int") => Meaning::Int,
        Some("float") => Meaning::Float,
        Some("bool") => Meaning::Bool,
        Some("null") => Meaning::Null,
        Some("map") => Meaning::Map,
        Some("seq") => Meaning::Seq,
        Some(other) => {
            return Err(ParseError::new(
                at,
                format!(
                    "unsupported YAML tag `!!{other}` (templates may use !!str, !!int, !!float, !!bool, !!null, !!map and !!seq)"
                ),
            ));
        }
        None => {
            let names: Vec<String> = SHORT_FORMS.iter().map(|(t, _)| format!("!{t}")).collect();
            return Err(ParseError::new(
                at,
                format!(
                    "unknown tag `{full}`; CloudFormation's short forms are {}",
                    names.join(", ")
                ),
            ));
        }
    })
}

/// A mapping or sequence being read.
struct Frame {
    span: Span,
    content: Content,
    /// The long-form key this collection is the argument of, for a short-form tag.
    function: Option<&'static str>,
    anchor: usize,
    /// Nodes plus characters read so far (for the alias budget).
    weight: usize,
    /// The greatest nesting depth below this frame so far.
    height: usize,
}

enum Content {
    Sequence(Vec<Node>),
    Mapping {
        entries: Vec<(String, Node)>,
        /// The key read, waiting for its value.
        key: Option<String>,
        /// The entry the value replaces, when the key repeats one.
        repeats: Option<usize>,
        /// Each key's position and entry, to find repeated keys.
        seen: HashMap<String, (Span, usize)>,
        /// This mapping's pointer, once a key repeats.
        pointer: Option<Arc<str>>,
    },
}

impl Frame {
    /// How many collections deep this frame's node is: 2 with a short-form wrapper.
    fn levels(&self) -> usize {
        1 + usize::from(self.function.is_some())
    }
}

/// A value for anchors' aliases, with its weight and height.
struct Anchored {
    node: Node,
    weight: usize,
    height: usize,
}

struct Builder {
    stack: Vec<Frame>,
    root: Option<Node>,
    anchors: HashMap<usize, Anchored>,
    budget: usize,
    documents: usize,
    /// Whether the previous event opened a mapping. The parser reports a mapping of one pair in
    /// a flow sequence (`[a: b]`) after its `:`; it starts where its key does.
    mapping_opened: bool,
    duplicates: Vec<Duplicate>,
}

impl Builder {
    fn event(&mut self, event: Event, at: Span) -> Result<(), ParseError> {
        if std::mem::take(&mut self.mapping_opened) {
            if let Some(frame) = self.stack.last_mut() {
                frame.span = frame.span.min(at);
            }
        }
        match event {
            Event::DocumentStart => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(ParseError::new(
                        at,
                        "a second YAML document: a template is exactly one document",
                    ));
                }
            }
            Event::Scalar(value, style, anchor, tag) => {
                let meaning = meaning(tag.as_ref(), at)?;
                self.scalar(&value, style, meaning, anchor, at)?;
            }
            Event::SequenceStart(anchor, tag) => {
                let function = match meaning(tag.as_ref(), at)? {
                    Meaning::Untagged | Meaning::NonSpecific | Meaning::Seq => None,
                    Meaning::Function(key) => Some(key),
                    _ => return Err(misplaced_tag(tag.as_ref(), "a sequence", at)),
                };
                self.open(Content::Sequence(Vec::new()), function, anchor, at)?;
            }
            Event::MappingStart(anchor, tag) => {
                let function = match meaning(tag.as_ref(), at)? {
                    Meaning::Untagged | Meaning::NonSpecific | Meaning::Map => None,
                    Meaning::Function("Fn::GetAtt") => {
                        return Err(ParseError::new(at, GETATT_FORMS));
                    }
                    Meaning::Function(key) => Some(key),
                    _ => return Err(misplaced_tag(tag.as_ref(), "a mapping", at)),
                };
                let content = Content::Mapping {
                    entries: Vec::new(),
                    key: None,
                    repeats: None,
                    seen: HashMap::new(),
                    pointer: None,
                };
                self.open(content, function, anchor, at)?;
                self.mapping_opened = true;
            }
            Event::SequenceEnd | Event::MappingEnd => self.close()?,
            Event::Alias(id) => self.alias(id, at)?,
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
        }
        Ok(())
    }

    /// How many collections enclose the next node.
    fn depth(&self) -> usize {
        self.stack.iter().map(Frame::levels).sum()
    }

    /// Whether the next node is a mapping key.
    fn expects_key(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Frame {
                content: Content::Mapping { key: None, .. },
                ..
            })
        )
    }

    fn scalar(
        &mut self,
        value: &str,
        style: ScalarStyle,
        meaning: Meaning,
        anchor: usize,
        at: Span,
    ) -> Result<(), ParseError> {
        let node = |kind| Node::new(kind).with_span(at);
        let kind = match meaning {
            Meaning::Untagged if style == ScalarStyle::Plain => resolve_plain(value),
            Meaning::Untagged | Meaning::NonSpecific | Meaning::Str => {
                NodeKind::String(value.to_owned())
            }
            Meaning::Int | Meaning::Float => match number(value) {
                Some(text) => NodeKind::Number(text),
                None if is_json_number(value) => NodeKind::Number(value.to_owned()),
                None => {
                    return Err(ParseError::new(
                        at,
                        format!("{value:?} is not a number (it is tagged as one)"),
                    ));
                }
            },
            Meaning::Bool => match boolean(value) {
                Some(b) => NodeKind::Bool(b),
                None => {
                    return Err(ParseError::new(
                        at,
                        format!("{value:?} is not a boolean (it is tagged `!!bool`)"),
                    ));
                }
            },
            Meaning::Null => NodeKind::Null,
            Meaning::Map | Meaning::Seq => {
                return Err(ParseError::new(at, "a `!!map` or `!!seq` tag on a scalar"));
            }
            Meaning::Function("Fn::GetAtt") => {
                let Some((resource, attribute)) = value.split_once('.') else {
                    return Err(ParseError::new(
                        at,
                        format!("`!GetAtt {value}` needs `Resource.Attribute`; {GETATT_FORMS}"),
                    ));
                };
                let pair = vec![
                    node(NodeKind::String(resource.to_owned())),
                    node(NodeKind::String(attribute.to_owned())),
                ];
                NodeKind::Mapping(vec![(
                    "Fn::GetAtt".to_owned(),
                    node(NodeKind::Sequence(pair)),
                )])
            }
            Meaning::Function(key) => NodeKind::Mapping(vec![(
                key.to_owned(),
                node(NodeKind::String(value.to_owned())),
            )]),
        };
        let height = match &kind {
            NodeKind::Mapping(entries) => match entries.first() {
                Some((
                    _,
                    Node {
                        kind: NodeKind::Sequence(_),
                        ..
                    },
                )) => 2,
                _ => 1,
            },
            _ => 0,
        };
        if self.expects_key() {
            if let Meaning::Function(_) = meaning {
                return Err(ParseError::new(
                    at,
                    "a mapping key cannot be an intrinsic function",
                ));
            }
            if style == ScalarStyle::Plain && meaning == Meaning::Untagged && value == "<<" {
                return Err(ParseError::new(
                    at,
                    "merge keys (`<<`) are not supported: CloudFormation does not accept them",
                ));
            }
            // A key is its text; an anchor on it keeps the resolved value for aliases.
            self.remember(anchor, &node(kind), value.len() + 1, 0)?;
            return self.key(value.to_owned(), at);
        }
        self.complete(node(kind), value.len() + 1 + height, height, anchor)
    }

    fn open(
        &mut self,
        content: Content,
        function: Option<&'static str>,
        anchor: usize,
        at: Span,
    ) -> Result<(), ParseError> {
        if self.expects_key() {
            return Err(ParseError::new(
                at,
                "a mapping key must be a scalar, not a collection",
            ));
        }
        let frame = Frame {
            span: at,
            content,
            function,
            anchor,
            weight: 1 + usize::from(function.is_some()),
            height: 0,
        };
        if self.depth() + frame.levels() > Node::MAX_DEPTH {
            return Err(too_deep(at));
        }
        self.stack.push(frame);
        Ok(())
    }

    fn close(&mut self) -> Result<(), ParseError> {
        let Some(frame) = self.stack.pop() else {
            return Ok(());
        };
        let height = frame.height + frame.levels();
        let kind = match frame.content {
            Content::Sequence(items) => NodeKind::Sequence(items),
            Content::Mapping { entries, .. } => NodeKind::Mapping(entries),
        };
        let mut node = Node::new(kind).with_span(frame.span);
        if let Some(key) = frame.function {
            node = Node::new(NodeKind::Mapping(vec![(key.to_owned(), node)])).with_span(frame.span);
        }
        self.complete(node, frame.weight, height, frame.anchor)
    }

    fn alias(&mut self, id: usize, at: Span) -> Result<(), ParseError> {
        let Some(anchored) = self.anchors.get(&id) else {
            return Err(ParseError::new(at, "alias of an unknown anchor"));
        };
        let (weight, height) = (anchored.weight, anchored.height);
        if weight > self.budget {
            return Err(over_budget(at));
        }
        if self.expects_key() {
            let key = match &anchored.node.kind {
                NodeKind::String(s) | NodeKind::Number(s) => s.clone(),
                NodeKind::Bool(b) => b.to_string(),
                _ => {
                    return Err(ParseError::new(
                        at,
                        "a mapping key must be a string (this alias names a non-string)",
                    ));
                }
            };
            self.budget -= weight;
            return self.key(key, at);
        }
        if self.depth() + height > Node::MAX_DEPTH {
            return Err(too_deep(at));
        }
        let node = anchored.node.clone().with_span(at);
        self.budget -= weight;
        self.complete(node, weight, height, 0)
    }

    /// Keeps a copy of an anchored node for its aliases (paid from the alias budget).
    fn remember(
        &mut self,
        anchor: usize,
        node: &Node,
        weight: usize,
        height: usize,
    ) -> Result<(), ParseError> {
        if anchor != 0 {
            if weight > self.budget {
                return Err(over_budget(
                    node.span.unwrap_or(Span { line: 1, column: 1 }),
                ));
            }
            self.budget -= weight;
            let node = node.clone();
            self.anchors.insert(
                anchor,
                Anchored {
                    node,
                    weight,
                    height,
                },
            );
        }
        Ok(())
    }

    /// Records a mapping key; a repeated one is listed, and its value will replace the first's.
    fn key(&mut self, key: String, at: Span) -> Result<(), ParseError> {
        let repeated = match self.stack.last() {
            Some(Frame {
                content: Content::Mapping { seen, pointer, .. },
                ..
            }) => seen.get(&key).map(|&first| (first, pointer.clone())),
            _ => None,
        };
        // The pointer is worked out once per mapping, and only for a repeated key.
        let repeated = repeated
            .map(|(first, mapping)| (first, mapping.unwrap_or_else(|| pointer(&self.path()))));
        if let Some(Frame {
            content:
                Content::Mapping {
                    entries,
                    key: slot,
                    repeats,
                    seen,
                    pointer,
                },
            weight,
            ..
        }) = self.stack.last_mut()
        {
            match repeated {
                Some(((first, entry), mapping)) => {
                    *pointer = Some(Arc::clone(&mapping));
                    *repeats = Some(entry);
                    self.duplicates.push(Duplicate {
                        mapping,
                        key: key.clone(),
                        first,
                        repeated: at,
                    });
                }
                None => {
                    seen.insert(key.clone(), (at, entries.len()));
                }
            }
            *weight += key.len();
            *slot = Some(key);
        }
        Ok(())
    }

    /// The steps from the document to the innermost collection being read.
    fn path(&self) -> Vec<Step> {
        let mut steps = Vec::new();
        let mut frames = self.stack.iter().peekable();
        while let Some(frame) = frames.next() {
            if let Some(function) = frame.function {
                steps.push(Step::Key(function.to_owned()));
            }
            if frames.peek().is_none() {
                break;
            }
            steps.push(match &frame.content {
                Content::Sequence(items) => Step::Index(items.len()),
                Content::Mapping { key, .. } => Step::Key(key.clone().unwrap_or_default()),
            });
        }
        steps
    }

    /// Adds a finished node to its parent (or makes it the document).
    fn complete(
        &mut self,
        node: Node,
        weight: usize,
        height: usize,
        anchor: usize,
    ) -> Result<(), ParseError> {
        if self.depth() + height > Node::MAX_DEPTH {
            return Err(too_deep(node.span.unwrap_or(Span { line: 1, column: 1 })));
        }
        self.remember(anchor, &node, weight, height)?;
        let Some(parent) = self.stack.last_mut() else {
            self.root = Some(node);
            return Ok(());
        };
        parent.weight += weight;
        parent.height = parent.height.max(height);
        match &mut parent.content {
            Content::Sequence(items) => items.push(node),
            Content::Mapping {
                entries,
                key,
                repeats,
                ..
            } => {
                let key = key.take().unwrap_or_default();
                // The last value wins, at the first key's place (as PyYAML does).
                match repeats.take().and_then(|entry| entries.get_mut(entry)) {
                    Some(first) => first.1 = node,
                    None => entries.push((key, node)),
                }
            }
        }
        Ok(())
    }
}

fn over_budget(at: Span) -> ParseError {
    ParseError::new(
        at,
        format!("aliases expand to more than {ALIAS_BUDGET} nodes and characters (an alias bomb?)"),
    )
}

const GETATT_FORMS: &str = "`!GetAtt` takes `Resource.Attribute` or a list `[Resource, Attribute]`";

fn misplaced_tag(tag: Option<&Tag>, what: &str, at: Span) -> ParseError {
    let name = tag.map_or_else(String::new, |t| match t.handle.as_str() {
        "tag:yaml.org,2002:" => format!("!!{}", t.suffix),
        _ => format!("{}{}", t.handle, t.suffix),
    });
    ParseError::new(at, format!("the tag `{name}` cannot be on {what}"))
}

/// The text, for what the parser's events leave out.
struct Source<'a> {
    text: &'a str,
    /// Byte offset of each line's start (lines end at LF, CRLF or a lone CR, as for the
    /// scanner); computed when first needed.
    line_starts: Vec<usize>,
}

impl<'a> Source<'a> {
    fn new(text: &'a str) -> Self {
        Source {
            text,
            line_starts: Vec::new(),
        }
    }

    /// Byte offset of a scanner position.
    fn offset(&mut self, mark: Marker) -> Option<usize> {
        if self.line_starts.is_empty() {
            let bytes = self.text.as_bytes();
            self.line_starts.push(0);
            for (at, byte) in bytes.iter().enumerate() {
                let ends = match byte {
                    b'\n' => true,
                    b'\r' => bytes.get(at + 1) != Some(&b'\n'),
                    _ => false,
                };
                if ends {
                    self.line_starts.push(at + 1);
                }
            }
        }
        let start = *self.line_starts.get(mark.line().checked_sub(1)?)?;
        let line = self.text.get(start..)?;
        let column = line
            .char_indices()
            .nth(mark.col())
            .map_or(line.len(), |(at, _)| at);
        Some(start + column)
    }

    /// The text from a scanner position on.
    fn from(&mut self, mark: Marker) -> &'a str {
        let text = self.text;
        self.offset(mark)
            .and_then(|at| text.get(at..))
            .unwrap_or_default()
    }

    /// The value of a block scalar the parser read as `value` at `mark`. When only blank lines
    /// follow its header up to the end of the text, the parser reports it at its indicator and
    /// keeps the header's line break whatever the chomping; YAML makes it empty, or (`|+`,
    /// `>+`) one line break per blank line.
    fn block_value(&mut self, value: String, mark: Marker) -> String {
        if !value.bytes().all(|b| b == b'\n') {
            return value;
        }
        let rest = self.from(mark);
        let Some(header) = rest.strip_prefix(['|', '>']) else {
            return value;
        };
        let indicators = header.find(|c: char| !matches!(c, '1'..='9' | '+' | '-'));
        if !header[..indicators.unwrap_or(header.len())].contains('+') {
            return String::new();
        }
        let breaks = header.matches('\n').count() + header.matches('\r').count()
            - header.matches("\r\n").count();
        "\n".repeat(breaks.saturating_sub(1))
    }
}

/// The positions the parser's events do not tell, read from the tokens of a second scanner over
/// the same text (started when first needed). The parser reports a node where its content is;
/// a template's positions are where its text starts:
///
/// - a node with properties starts at its anchor or tag. The parser takes an anchor, a tag or
///   both (in either order) right before a node's content, so the n-th such group of tokens
///   belongs to the n-th node with properties;
/// - an empty value or sequence entry is where the `:` or `-` token before the one the parser
///   reports it at is (the scanner puts a `-` where the blanks after it end);
/// - a block scalar starts at its `|` or `>`, which is not a token: it is the first indicator
///   after the token before the scalar's.
///
/// Events come in token order, so one pass over the tokens answers every question. A token at
/// the same place as the one looked for, or past it, ends a search; so do anchors and tags, which
/// only [`Tokens::properties`] takes.
struct Tokens<'a> {
    source: Source<'a>,
    scanner: Option<Peekable<Scanner<Chars<'a>>>>,
    /// Where the last token taken is, and what it is.
    previous: Option<(Marker, Taken)>,
}

impl<'a> Tokens<'a> {
    fn new(text: &'a str) -> Self {
        Tokens {
            source: Source::new(text),
            scanner: None,
            previous: None,
        }
    }

    fn peek(&mut self) -> Option<&Token> {
        let text = self.source.text;
        self.scanner
            .get_or_insert_with(|| Scanner::new(text.chars()).peekable())
            .peek()
    }

    fn take(&mut self) -> Option<Token> {
        let token = self.scanner.as_mut()?.next()?;
        let taken = match token.1 {
            TokenType::Value => Taken::Value,
            TokenType::BlockEntry => Taken::Entry,
            _ => Taken::Other,
        };
        self.previous = Some((token.0, taken));
        Some(token)
    }

    /// Takes the tokens before the next one at `content` for which `wanted` holds (given what
    /// the token before it is), and says whether there is one (before any anchor, tag or token
    /// past `content`).
    fn seek(&mut self, content: Marker, wanted: fn(Taken, &TokenType) -> bool) -> bool {
        loop {
            let previous = self.previous.map_or(Taken::Other, |(_, taken)| taken);
            let Some(Token(mark, kind)) = self.peek() else {
                return false;
            };
            if mark.index() == content.index() && wanted(previous, kind) {
                return true;
            }
            if mark.index() > content.index() || is_property(kind) {
                return false;
            }
            self.take();
        }
    }

    /// Where the anchor or tag of the node whose content the parser reports at `content` starts
    /// (`content` itself if the scanners ever disagreed, which they do not).
    fn properties(&mut self, content: Marker) -> Marker {
        while let Some(Token(_, kind)) = self.peek() {
            if is_property(kind) {
                break;
            }
            self.take();
        }
        let Some(Token(start, first)) = self.take() else {
            return content;
        };
        // The other property, if the node has both.
        if let Some(Token(_, second)) = self.peek() {
            if is_property(second)
                && std::mem::discriminant(second) != std::mem::discriminant(&first)
            {
                self.take();
            }
        }
        match self.peek() {
            Some(Token(next, _)) if next.index() == content.index() => start,
            _ => content,
        }
    }

    /// Where the `:` or `-` of an empty value or entry that the parser reports at `next` (the
    /// token after it) is; `None` if there is no such indicator (an empty value with no `:` at
    /// all, or in a flow collection, where the parser's position is already the right one).
    fn indicator(&mut self, next: Marker) -> Option<Marker> {
        // What the parser finds after a `:` or `-` to make the value or entry empty.
        let follows = |previous, kind: &TokenType| match previous {
            Taken::Value => matches!(
                kind,
                TokenType::Key | TokenType::Value | TokenType::BlockEnd
            ),
            Taken::Entry => matches!(
                kind,
                TokenType::Key | TokenType::Value | TokenType::BlockEnd | TokenType::BlockEntry
            ),
            Taken::Other => false,
        };
        if !self.seek(next, follows) {
            return None;
        }
        let (mark, _) = self.previous?;
        // The token after it may be the next empty entry's `-`, at the same place.
        self.take();
        Some(mark)
    }

    /// Where the block mapping that the parser reports at `mark` (the `:` after its first key)
    /// starts: at its first key (or its properties); `None` if there is no block mapping there.
    fn mapping_start(&mut self, mark: Marker) -> Option<Marker> {
        let block = |_, kind: &TokenType| matches!(kind, TokenType::BlockMappingStart);
        if !self.seek(mark, block) {
            return None;
        }
        self.take();
        match self.peek() {
            Some(Token(key, TokenType::Key)) => Some(*key),
            _ => None,
        }
    }

    /// The position of the `|` or `>` that starts the block scalar the parser reports at
    /// `content` (where its content or, at the end of the text, its indicator is): the first
    /// indicator after the token before the scalar, past `-`, `?`, `:`, blanks and comments.
    fn block_indicator(&mut self, content: Marker) -> Option<Span> {
        let block = |_, kind: &TokenType| {
            matches!(
                kind,
                TokenType::Scalar(ScalarStyle::Literal | ScalarStyle::Folded, _)
            )
        };
        if !self.seek(content, block) {
            return None;
        }
        let (from, _) = self.previous?;
        let (mut line, mut column) = (from.line(), from.col());
        let mut rest = self.source.from(from).chars().peekable();
        let mut comment = false;
        while let Some(c) = rest.next() {
            match c {
                '\r' if rest.peek() == Some(&'\n') => {}
                '\n' | '\r' => {
                    comment = false;
                    line += 1;
                    column = 0;
                    continue;
                }
                _ if comment => {}
                '|' | '>' => {
                    return Some(Span {
                        line: saturate(line),
                        column: saturate(column + 1),
                    });
                }
                '#' => comment = true,
                ' ' | '\t' | '-' | '?' | ':' => {}
                _ => return None,
            }
            column += 1;
        }
        None
    }
}

/// What the last token [`Tokens`] took is.
#[derive(Clone, Copy)]
enum Taken {
    /// `:`.
    Value,
    /// `-`.
    Entry,
    Other,
}

fn is_property(kind: &TokenType) -> bool {
    matches!(kind, TokenType::Anchor(_) | TokenType::Tag(..))
}

#[cfg(test)]
mod tests {
    use super::parse_yaml;
    use crate::{Node, NodeKind};

    fn pos(node: &Node, path: &[&str]) -> (u32, u32) {
        let node = path.iter().fold(node, |node, step| {
            match (node.get(step), node.as_sequence(), step.parse::<usize>()) {
                (Some(child), _, _) => child,
                (None, Some(items), Ok(i)) => &items[i],
                _ => panic!("no {step} in {node:?}"),
            }
        });
        let span = node.span.expect("a span");
        (span.line, span.column)
    }

    fn error(text: &str) -> (u32, u32, String) {
        let e = parse_yaml(text).expect_err(text);
        (e.line, e.column, e.message)
    }

    #[test]
    fn deep_flow_nesting_stops_at_the_scanners_limit() {
        for (open, close) in [("{a: ", "}"), ("[{a: ", "}]"), ("[", "]")] {
            let text = format!("{}1{}", open.repeat(10_000), close.repeat(10_000));
            let (_, _, message) = error(&text);
            assert!(message.contains("nested"), "{message}");
            let text = format!("k: {}", open.repeat(10_000));
            assert!(error(&text).2.contains("nested"));
        }
    }

    #[test]
    fn positions_the_events_do_not_tell() {
        let doc = parse_yaml(
            "a: &x !Sub s\n\
             b: !Sub &y s\n\
             c:\n  &k key: 1\n\
             d: # comment: with a colon\n\
             e: !Sub |\n  x\n\
             f: [k: v]\n\
             g:\n  - \n  - ",
        )
        .unwrap();
        assert_eq!(pos(&doc, &["a"]), (1, 4));
        assert_eq!(pos(&doc, &["b"]), (2, 4));
        assert_eq!(pos(&doc, &["c"]), (4, 3));
        assert_eq!(pos(&doc, &["d"]), (5, 2));
        assert_eq!(pos(&doc, &["e"]), (6, 4));
        assert_eq!(pos(&doc, &["f", "0"]), (8, 5));
        assert_eq!(pos(&doc, &["g", "0"]), (10, 5));
        assert_eq!(pos(&doc, &["g", "1"]), (11, 5));
        let block = parse_yaml("|\n  x\n").unwrap();
        assert_eq!(pos(&block, &[]), (1, 1));
        // Lines end at a lone CR too.
        let cr = parse_yaml("a: 1\rb: |\r  x\r").unwrap();
        assert_eq!(pos(&cr, &["b"]), (2, 4));
        assert_eq!(cr.get("b").and_then(Node::as_str), Some("x\n"));
        // A key where no mapping may start: the error is at the key.
        let (line, column, _) = error("a:\n  b: 1\n c: 2\n");
        assert_eq!((line, column), (3, 2));
    }

    #[test]
    fn empty_block_scalars_at_the_end() {
        for (text, value) in [
            ("a: |\n", ""),
            ("a: >\n\n", ""),
            ("a: |-\n", ""),
            ("a: |+\n", ""),
            ("a: |+\n\n", "\n"),
            ("a: >+\r\n\r\n\r\n", "\n\n"),
            ("a: |\n   ", ""),
            ("a: |", ""),
        ] {
            let doc = parse_yaml(text).unwrap();
            assert_eq!(doc.get("a").and_then(Node::as_str), Some(value), "{text:?}");
            assert_eq!(pos(&doc, &["a"]), (1, 4), "{text:?}");
        }
    }

    #[test]
    fn nul_and_byte_order_marks() {
        let (line, column, message) = error("a: 1\nb: x\0y\n");
        assert_eq!((line, column), (2, 5));
        assert!(message.contains("unprintable"), "{message}");
        let doc = parse_yaml("\u{feff}\u{feff}a: '\u{feff}'\nb: \"x\u{feff}\"\n").unwrap();
        assert_eq!(pos(&doc, &["a"]), (1, 4));
        assert_eq!(
            doc.get("a").map(|n| n.kind.clone()),
            Some(NodeKind::String("\u{feff}".into()))
        );
        let doc = parse_yaml("é: ['it''s \u{feff}', \"\\\" \u{feff}\"]").unwrap();
        assert_eq!(
            doc.get("é").map(|n| n.kind.clone()),
            Some(NodeKind::Sequence(vec![
                Node::new(NodeKind::String("it's \u{feff}".into())),
                Node::new(NodeKind::String("\" \u{feff}".into())),
            ]))
        );
        for text in [
            "a: x\u{feff}y\n",
            "a: 1\n\u{feff}b: 2\n",
            "a: 1 # \u{feff}\n",
            "a: 'x'\u{feff}\n",
            "a: ['it''s', x\u{feff}]\n",
        ] {
            let (_, _, message) = error(text);
            assert!(message.contains("byte order mark"), "{text:?}: {message}");
        }
        let (line, column, _) = error("a: 1\n\u{feff}b: 2\n");
        assert_eq!((line, column), (2, 1));
    }
}
