//! The event-to-tree builder: [`yaml_rust2`]'s parser events, with the positions and values
//! they leave out taken from [`Tokens`], built into a [`Node`] tree. Short-form tags become
//! long-form intrinsics (what a tag means: `tags.rs`), plain scalars resolve as CloudFormation
//! reads them, aliases expand within [`ALIAS_BUDGET`], keys repeat as [`Duplicate`]s, and
//! nesting stops at [`Node::MAX_DEPTH`] (see the [module docs](super) for what each means to a
//! template).

use std::collections::HashMap;
use std::sync::Arc;

use yaml_rust2::parser::{Event, Parser, Tag};
use yaml_rust2::scanner::{Marker, ScanError, TScalarStyle as ScalarStyle};

use super::spans::Tokens;
use super::tags::{Meaning, meaning};
use crate::syntax::scalar::{boolean, is_json_number, number, resolve_plain};
use crate::syntax::{Duplicate, ParseError, Step, pointer, saturate, too_deep};
use crate::{Node, NodeKind, Span};

/// How many nodes plus characters aliases may copy in one document (anchored values count once
/// more for the copy kept for their aliases).
pub const ALIAS_BUDGET: usize = 1_000_000;

/// Builds the tree from the parser's events, with the positions and values they leave out
/// from [`Tokens`]; notes where quoted scalars start (character indexes) if asked to.
pub(super) fn read(
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
