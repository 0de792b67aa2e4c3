//! The writers: [`Node`] → JSON (long-form intrinsics) and YAML (short tags). Both walk the tree
//! with an explicit stack, so no tree is too deep to write, and their output reads back (with
//! this module's readers) to an equal [`Node`].

use std::fmt::Write as _;
use std::slice;

use super::scalar::{is_json_number, is_printable, needs_quotes, resolve_plain};
use super::yaml::SHORT_FORMS;
use crate::{Node, NodeKind};

/// An open sequence or mapping and the entries left to write.
enum Frame<'a> {
    Sequence(slice::Iter<'a, Node>),
    Mapping(slice::Iter<'a, (String, Node)>),
}

impl<'a> Frame<'a> {
    /// The frame for a non-empty collection.
    fn of(node: &'a Node) -> Option<Self> {
        match &node.kind {
            NodeKind::Sequence(items) if !items.is_empty() => Some(Frame::Sequence(items.iter())),
            NodeKind::Mapping(entries) if !entries.is_empty() => {
                Some(Frame::Mapping(entries.iter()))
            }
            _ => None,
        }
    }

    /// The next entry: the key (for mappings) and the value.
    fn next(&mut self) -> Option<(Option<&'a str>, &'a Node)> {
        match self {
            Frame::Sequence(items) => items.next().map(|item| (None, item)),
            Frame::Mapping(entries) => entries.next().map(|(k, v)| (Some(k.as_str()), v)),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// JSON

/// Writes `node` as JSON: two-space indentation, one entry per line, keys in order, a trailing
/// newline. Intrinsics are whatever mappings the tree holds (the long form). A number whose text
/// is not a JSON numeral (possible only in a hand-built tree) is written as a string.
pub fn to_json(node: &Node) -> String {
    let mut out = String::new();
    // Each open collection, whether its first entry is still to come, and its closing bracket.
    let mut stack: Vec<(Frame<'_>, bool, char)> = Vec::new();
    json_value(&mut out, &mut stack, node);
    while let Some((frame, first, close)) = stack.last_mut() {
        let close = *close;
        let Some((key, value)) = frame.next() else {
            stack.pop();
            newline(&mut out, stack.len() * 2);
            out.push(close);
            continue;
        };
        if !std::mem::replace(first, false) {
            out.push(',');
        }
        newline(&mut out, stack.len() * 2);
        if let Some(key) = key {
            json_string(&mut out, key);
            out.push_str(": ");
        }
        json_value(&mut out, &mut stack, value);
    }
    out.push('\n');
    out
}

fn json_value<'a>(out: &mut String, stack: &mut Vec<(Frame<'a>, bool, char)>, node: &'a Node) {
    let (open, close) = match &node.kind {
        NodeKind::Null => return out.push_str("null"),
        NodeKind::Bool(b) => return out.push_str(if *b { "true" } else { "false" }),
        NodeKind::Number(text) if is_json_number(text) => return out.push_str(text),
        NodeKind::Number(text) | NodeKind::String(text) => return json_string(out, text),
        NodeKind::Sequence(_) => ('[', ']'),
        NodeKind::Mapping(_) => ('{', '}'),
    };
    out.push(open);
    match Frame::of(node) {
        Some(frame) => stack.push((frame, true, close)),
        None => out.push(close),
    }
}

fn json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c < ' ' => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn newline(out: &mut String, indent: usize) {
    out.push('\n');
    out.extend(std::iter::repeat_n(' ', indent));
}

// ---------------------------------------------------------------------------------------------
// YAML

/// Writes `node` as YAML in block style, with a trailing newline.
///
/// A mapping with one key `Ref`, `Condition` or a `Fn::` function that has a short form is
/// written as its tag (`!Ref Api`, `!GetAtt Api.ApiEndpoint`, `!Sub '...'`, `!If` over a block
/// list) when that reads back the same: the argument is a string, list or mapping, and not itself
/// such a function (YAML allows one tag per node, so `Fn::Base64: !Sub ...` keeps the outer long
/// form). `!GetAtt` uses the dotted form when the resource name has no dot, and a string
/// argument (`Fn::GetAtt: "R.A"`) stays long-form. Everything else is written as it is.
///
/// Strings are plain when that is unambiguous, else single-quoted, double-quoted with escapes
/// (non-printable characters, leading spaces on multi-line text) or a `|` literal block
/// (multi-line text); see the rules in `needs_quotes`. Numbers whose text YAML 1.1 would not
/// read as that same number (`1e3`) are tagged `!!float`/`!!int`.
pub fn to_yaml(node: &Node) -> String {
    let mut out = String::new();
    // Each open collection with the column of its entries and whether the first entry continues
    // the current line (after a `- `).
    let mut stack: YamlStack<'_> = Vec::new();
    yaml_value(&mut out, &mut stack, node, Place::Root);
    while let Some((frame, column, inline)) = stack.last_mut() {
        let (column, inline) = (*column, *inline);
        let Some((key, value)) = frame.next() else {
            stack.pop();
            continue;
        };
        // Only the first entry of an inline collection continues the line.
        if let Some((_, _, inline)) = stack.last_mut() {
            *inline = false;
        }
        if inline {
            out.push(' ');
        } else {
            out.extend(std::iter::repeat_n(' ', column));
        }
        match key {
            Some(key) => {
                let written = yaml_key(key);
                if written.len() > 1000 {
                    // YAML limits implicit keys to 1024 characters.
                    out.push_str("? ");
                    out.push_str(&written);
                    out.push('\n');
                    out.extend(std::iter::repeat_n(' ', column));
                } else {
                    out.push_str(&written);
                }
                out.push(':');
            }
            None => out.push('-'),
        }
        let place = match key {
            Some(_) => Place::AfterKey(column),
            None => Place::AfterDash(column),
        };
        yaml_value(&mut out, &mut stack, value, place);
    }
    out
}

/// Where a value is written.
#[derive(Clone, Copy)]
enum Place {
    /// At the start of the document.
    Root,
    /// After `key:`, the key at this column.
    AfterKey(usize),
    /// After `-`, at this column.
    AfterDash(usize),
}

impl Place {
    /// The column of a nested collection's entries, and of block scalar lines.
    fn child_column(self) -> usize {
        match self {
            Place::Root => 0,
            Place::AfterKey(c) | Place::AfterDash(c) => c + 2,
        }
    }

    /// The separator before a value on the same line.
    fn space(self) -> &'static str {
        match self {
            Place::Root => "",
            _ => " ",
        }
    }
}

type YamlStack<'a> = Vec<(Frame<'a>, usize, bool)>;

/// Writes one value at `place`: a scalar or empty collection with its line end, or a non-empty
/// collection's opening (its entries are pushed on `stack`).
fn yaml_value<'a>(
    out: &mut String,
    stack: &mut YamlStack<'a>,
    mut node: &'a Node,
    mut place: Place,
) {
    let mut tagged = false;
    if let Some((tag, arg)) = short_form(node) {
        out.push_str(place.space());
        out.push('!');
        out.push_str(tag);
        match arg {
            Arg::Node(arg) => node = arg,
            Arg::Dotted(resource, attribute) => {
                out.push(' ');
                return yaml_scalar_string(out, &format!("{resource}.{attribute}"), place);
            }
        }
        tagged = true;
        // The argument continues after the tag: its lines nest under the tagged node.
        place = match place {
            Place::Root => Place::Root,
            Place::AfterKey(c) | Place::AfterDash(c) => Place::AfterKey(c),
        };
    }
    let space = if tagged { " " } else { place.space() };
    match &node.kind {
        NodeKind::Null => {
            out.push_str(space);
            out.push_str("null\n");
        }
        NodeKind::Bool(b) => {
            out.push_str(space);
            out.push_str(if *b { "true\n" } else { "false\n" });
        }
        NodeKind::Number(text) => {
            out.push_str(space);
            if resolve_plain(text) == NodeKind::Number(text.clone()) {
                out.push_str(text);
            } else if is_json_number(text) {
                let tag = if text.contains(['.', 'e', 'E']) {
                    "!!float "
                } else {
                    "!!int "
                };
                out.push_str(tag);
                out.push_str(text);
            } else {
                out.push_str(&quoted(text));
            }
            out.push('\n');
        }
        NodeKind::String(s) => {
            out.push_str(space);
            yaml_scalar_string(out, s, place);
        }
        NodeKind::Sequence(_) | NodeKind::Mapping(_) => match Frame::of(node) {
            None => {
                out.push_str(space);
                out.push_str(match node.kind {
                    NodeKind::Sequence(_) => "[]\n",
                    _ => "{}\n",
                });
            }
            Some(frame) => {
                let inline = matches!(place, Place::AfterDash(_)) && !tagged;
                if !inline && (tagged || !matches!(place, Place::Root)) {
                    out.push('\n');
                }
                stack.push((frame, place.child_column(), inline));
            }
        },
    }
}

/// A string value (the separator before it is written), with its line end.
fn yaml_scalar_string(out: &mut String, s: &str, place: Place) {
    if let Some((chomp, lines)) = literal_block(s) {
        out.push('|');
        out.push_str(chomp);
        out.push('\n');
        let column = place.child_column().max(2);
        for line in lines.split('\n') {
            if !line.is_empty() {
                out.extend(std::iter::repeat_n(' ', column));
                out.push_str(line);
            }
            out.push('\n');
        }
    } else if needs_quotes(s) {
        out.push_str(&quoted(s));
        out.push('\n');
    } else {
        out.push_str(s);
        out.push('\n');
    }
}

/// A multi-line string as a `|` block: its chomping indicator and the lines to write (joined by
/// `\n`), or `None` when the string is not multi-line or a block cannot hold it exactly.
fn literal_block(s: &str) -> Option<(&'static str, &str)> {
    let writable = s.contains('\n')
        && !s.starts_with([' ', '\t', '\n'])
        && s.chars().all(|c| c == '\n' || is_printable(c));
    if !writable {
        return None;
    }
    Some(match s.strip_suffix('\n') {
        None => ("-", s),
        Some(body) if body.ends_with('\n') => ("+", body),
        Some(body) => ("", body),
    })
}

/// A key as written: plain when unambiguous, else quoted (never a block scalar).
fn yaml_key(key: &str) -> String {
    if needs_quotes(key) {
        quoted(key)
    } else {
        key.to_owned()
    }
}

/// `s` single-quoted, or double-quoted with escapes when it has characters that need them.
fn quoted(s: &str) -> String {
    if s.chars().all(|c| c != '\t' && c != '\n' && is_printable(c)) {
        return format!("'{}'", s.replace('\'', "''"));
    }
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            c if is_printable(c) => out.push(c),
            c if u32::from(c) <= 0xFF => {
                let _ = write!(out, "\\x{:02X}", u32::from(c));
            }
            c if u32::from(c) <= 0xFFFF => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => {
                let _ = write!(out, "\\U{:08X}", u32::from(c));
            }
        }
    }
    out.push('"');
    out
}

/// A short form's argument: the node written after the tag, or `!GetAtt`'s dotted string.
enum Arg<'a> {
    Node(&'a Node),
    Dotted(&'a str, &'a str),
}

/// The short tag (without `!`) and argument for a long-form intrinsic that reads back equal.
fn short_form(node: &Node) -> Option<(&'static str, Arg<'_>)> {
    let [(key, arg)] = node.as_mapping()? else {
        return None;
    };
    let (tag, _) = SHORT_FORMS.iter().find(|(_, long)| long == key)?;
    if short_form(arg).is_some() {
        return None;
    }
    match (&arg.kind, *tag) {
        // `!GetAtt R.A` reads back as a list.
        (NodeKind::String(_), "GetAtt") | (NodeKind::Mapping(_), "GetAtt") => None,
        (NodeKind::Sequence(items), "GetAtt") => match items.as_slice() {
            [resource, attribute] => match (&resource.kind, &attribute.kind) {
                (NodeKind::String(r), NodeKind::String(a)) if !r.contains('.') => {
                    Some((tag, Arg::Dotted(r, a)))
                }
                _ => Some((tag, Arg::Node(arg))),
            },
            _ => Some((tag, Arg::Node(arg))),
        },
        (NodeKind::String(_) | NodeKind::Sequence(_) | NodeKind::Mapping(_), _) => {
            Some((tag, Arg::Node(arg)))
        }
        // A tagged scalar reads back as a string.
        _ => None,
    }
}
