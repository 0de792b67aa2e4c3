//! The YAML reader: events from [`saphyr_parser`] built into a [`Node`] tree, short tags expanded
//! to long-form intrinsics, scalars resolved the way CloudFormation reads them.
//!
//! `saphyr-parser` is the YAML 1.2 event parser that the `yaml-rust2` maintainers split out and
//! develop further (`yaml-rust2`'s own parser is the older copy of the same code, kept for its
//! loader); it passes the YAML test suite, reports a start and end position on every event,
//! hands out tags and anchor ids untouched, never recurses per nesting level, and costs two small
//! dependencies. Building the tree from events is what keeps positions, tags and control over
//! alias expansion, which serde-based YAML crates lose or decide for us.
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
//! # Structure
//! One document per template (a second `---` document is an error); duplicate keys and
//! non-scalar keys are errors; nesting is limited to [`Node::MAX_DEPTH`] (flow collections to
//! 255, the parser's own limit). Aliases are expanded, but every node and every character they
//! copy counts against a budget of [`ALIAS_BUDGET`] (anchored values pay for their copy too), so
//! an alias bomb fails within milliseconds and bounded memory. Every node's span is where its
//! text starts: the tag or anchor if it has one, the `|`/`>` of a block scalar, the colon of
//! an empty value; a value read through an alias has the alias's position (its children keep
//! those of the anchored text).

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use saphyr_parser::{Event, Marker, Parser, ScalarStyle, ScanError, Tag};

use super::scalar::{boolean, is_json_number, number, resolve_plain};
use super::{ParseError, saturate, too_deep};
use crate::{Node, NodeKind, Span};

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
/// line endings are fine. An empty document is `null`.
pub fn parse_yaml(text: &str) -> Result<Node, ParseError> {
    let mut builder = Builder {
        text,
        line_starts: Vec::new(),
        stack: Vec::new(),
        root: None,
        anchors: HashMap::new(),
        budget: ALIAS_BUDGET,
        documents: 0,
        previous_end: Marker::new(0, 1, 0),
    };
    for item in Parser::new_from_str(text) {
        let (event, span) = item.map_err(scan_error)?;
        if event == Event::StreamEnd {
            break;
        }
        builder.event(event, position(span.start))?;
        builder.previous_end = span.end;
    }
    Ok(builder
        .root
        .unwrap_or_else(|| Node::new(NodeKind::Null).with_span(Span { line: 1, column: 1 })))
}

fn position(mark: Marker) -> Span {
    Span {
        line: saturate(mark.line()),
        column: saturate(mark.col() + 1),
    }
}

fn scan_error(error: ScanError) -> ParseError {
    let message = match error.info() {
        "recursion limit exceeded" => "flow collections nested more than 255 levels deep",
        info => info,
    };
    ParseError::new(position(*error.marker()), message)
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
        /// Each key's position, to report duplicates.
        seen: HashMap<String, Span>,
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

struct Builder<'a> {
    text: &'a str,
    /// Byte offset of each line's start; computed when first needed.
    line_starts: Vec<usize>,
    stack: Vec<Frame>,
    root: Option<Node>,
    anchors: HashMap<usize, Anchored>,
    budget: usize,
    documents: usize,
    /// Where the previous event ended (a block scalar's indicator is after it).
    previous_end: Marker,
}

impl Builder<'_> {
    fn event(&mut self, event: Event<'_>, at: Span) -> Result<(), ParseError> {
        match event {
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(ParseError::new(
                        at,
                        "a second YAML document: a template is exactly one document",
                    ));
                }
            }
            Event::Scalar(value, style, anchor, tag) => {
                let meaning = meaning(tag.as_deref(), at)?;
                let at = if matches!(style, ScalarStyle::Literal | ScalarStyle::Folded)
                    && tag.is_none()
                    && anchor == 0
                {
                    self.block_indicator().unwrap_or(at)
                } else {
                    at
                };
                self.scalar(&value, style, meaning, anchor, at)?;
            }
            Event::SequenceStart(anchor, tag) => {
                let function = match meaning(tag.as_deref(), at)? {
                    Meaning::Untagged | Meaning::NonSpecific | Meaning::Seq => None,
                    Meaning::Function(key) => Some(key),
                    _ => return Err(misplaced_tag(tag.as_deref(), "a sequence", at)),
                };
                self.open(Content::Sequence(Vec::new()), function, anchor, at)?;
            }
            Event::MappingStart(anchor, tag) => {
                let function = match meaning(tag.as_deref(), at)? {
                    Meaning::Untagged | Meaning::NonSpecific | Meaning::Map => None,
                    Meaning::Function("Fn::GetAtt") => {
                        return Err(ParseError::new(at, GETATT_FORMS));
                    }
                    Meaning::Function(key) => Some(key),
                    _ => return Err(misplaced_tag(tag.as_deref(), "a mapping", at)),
                };
                let content = Content::Mapping {
                    entries: Vec::new(),
                    key: None,
                    seen: HashMap::new(),
                };
                self.open(content, function, anchor, at)?;
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

    /// Records a mapping key, rejecting a duplicate.
    fn key(&mut self, key: String, at: Span) -> Result<(), ParseError> {
        if let Some(Frame {
            content: Content::Mapping {
                key: slot, seen, ..
            },
            weight,
            ..
        }) = self.stack.last_mut()
        {
            match seen.entry(key.clone()) {
                Entry::Occupied(first) => {
                    return Err(ParseError::new(
                        at,
                        format!("duplicate key {key:?} (first at {})", first.get()),
                    ));
                }
                Entry::Vacant(entry) => {
                    entry.insert(at);
                }
            }
            *weight += key.len();
            *slot = Some(key);
        }
        Ok(())
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
            Content::Mapping { entries, key, .. } => {
                entries.push((key.take().unwrap_or_default(), node));
            }
        }
        Ok(())
    }

    /// The position of the `|` or `>` that starts the block scalar whose content the parser
    /// reports (it gives the content's position, or the next token's for an empty scalar): the
    /// first indicator after the previous event, past `-`, `?`, `:`, blanks and comments.
    fn block_indicator(&mut self) -> Option<Span> {
        if self.line_starts.is_empty() {
            let bom = if self.text.starts_with('\u{feff}') {
                3
            } else {
                0
            };
            self.line_starts.push(bom);
            let breaks = self.text.match_indices('\n').map(|(at, _)| at + 1);
            self.line_starts.extend(breaks);
        }
        let (mut line, mut column) = (self.previous_end.line(), self.previous_end.col());
        let start = *self.line_starts.get(line.checked_sub(1)?)?;
        let rest = self.text.get(start..)?;
        let mut comment = false;
        for c in rest.chars().skip(column) {
            match c {
                '\n' => {
                    comment = false;
                    line += 1;
                    column = 0;
                    continue;
                }
                _ if comment => {}
                '|' | '>' => return Some(position(Marker::new(0, line, column))),
                '#' => comment = true,
                ' ' | '\t' | '\r' | '-' | '?' | ':' => {}
                _ => return None,
            }
            column += 1;
        }
        None
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
