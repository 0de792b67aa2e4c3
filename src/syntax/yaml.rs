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
//! mapping) comes from a second scanner over the same text, kept in step with the parser
//! (`yaml/spans.rs`). Building the tree from events (`yaml/build.rs`; tags: `yaml/tags.rs`) is
//! what keeps positions, tags and control over alias expansion, which serde-based YAML crates
//! lose or decide for us. This file holds the entry points and the checks around a read: NUL
//! characters, stray byte order marks, and the second read of what the scanner refuses for its
//! indentation (`yaml/relax.rs`).
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

use super::{Duplicate, ParseError, end_of, strict};
use crate::{Node, NodeKind, Span};

mod build;
mod relax;
mod spans;
mod tags;

pub use build::ALIAS_BUDGET;
pub(super) use tags::SHORT_FORMS;

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

/// [`build::read`], and the check for byte order marks inside the document.
fn read_checked(text: &str) -> Result<(Node, Vec<Duplicate>), ParseError> {
    let boms = text.contains('\u{feff}');
    let mut quoted = Vec::new();
    let read = build::read(text, boms.then_some(&mut quoted));
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
