//! Whether two trees hold the same data as CloudFormation reads it.

use std::borrow::Cow;

use super::keys::KeyIndex;
use crate::{Node, NodeKind, Span};

/// Where `a` and `b` first differ as CloudFormation reads them: the JSON Pointer and the span of
/// the nearest node of `a` that has one; `None` if they are the same data.
///
/// Mappings compare as sets of keys; lists item by item. Scalars compare as CloudFormation reads
/// them: a string equals a number or a boolean with the same text (`"1.0"` = `1.0`, `"true"` =
/// `true`, `"True"` = `true`), numbers (and a number and a numeric string) compare by value
/// (`1.0` = `1`, `1e3` = `1000`). `{"Fn::GetAtt": "A.B"}` equals `{"Fn::GetAtt": ["A", "B"]}`.
pub(crate) fn difference(a: &Node, b: &Node) -> Option<(String, Option<Span>)> {
    let mut path = Vec::new();
    differ(a, b, &mut path, a.span).map(|span| {
        let pointer = path
            .iter()
            .map(|segment: &String| format!("/{}", segment.replace('~', "~0").replace('/', "~1")))
            .collect();
        (pointer, span)
    })
}

/// The span where `a` and `b` differ (`path` then leads there), or `None` if they do not.
fn differ(a: &Node, b: &Node, path: &mut Vec<String>, span: Option<Span>) -> Option<Option<Span>> {
    let span = a.span.or(span);
    let (a, b) = (get_att_list(a), get_att_list(b));
    match (&a.kind, &b.kind) {
        (NodeKind::Sequence(x), NodeKind::Sequence(y)) => {
            if x.len() != y.len() {
                return Some(span);
            }
            x.iter().zip(y).enumerate().find_map(|(i, (x, y))| {
                path.push(i.to_string());
                let found = differ(x, y, path, span);
                if found.is_none() {
                    path.pop();
                }
                found
            })
        }
        (NodeKind::Mapping(x), NodeKind::Mapping(y)) => {
            let (in_x, in_y) = (KeyIndex::new(x), KeyIndex::new(y));
            if let Some((key, _)) = y.iter().find(|(k, _)| in_x.get(k).is_none()) {
                path.push(key.clone());
                return Some(span);
            }
            x.iter().find_map(|(key, x)| {
                path.push(key.clone());
                let found = match in_y.get(key) {
                    Some(y) => differ(x, y, path, span),
                    None => Some(x.span.or(span)),
                };
                if found.is_none() {
                    path.pop();
                }
                found
            })
        }
        (x, y) => (!same_scalar(x, y)).then_some(span),
    }
}

/// Gives `written` (a value as a typed struct writes it) the form it was `read` in wherever the
/// two are the same data as [`difference`] compares them: every largest part of `written` that
/// equals the part at the same place of `read` becomes `read`'s. So a number keeps its text
/// (`10` in a `Double` field stays `10`, `-0` stays `-0`, `1e-400` stays `1e-400`), a number or
/// boolean read into a string field stays one (and a numeric string in a number field a string),
/// `Fn::GetAtt` keeps its form, and mappings keep their source order; where a value was changed
/// since it was read, only the changed parts are written as the struct writes them.
pub(crate) fn restore(written: &mut Node, read: &Node) {
    if restore_parts(written, read) {
        *written = read.clone();
    }
}

/// Whether `written` is the same data as `read`; if not, the parts of `written` that are get
/// `read`'s form. Recurses only as deep as `read`, a tree read from text (so within
/// [`Node::MAX_DEPTH`]).
fn restore_parts(written: &mut Node, read: &Node) -> bool {
    let read = get_att_list(read);
    match (&mut written.kind, &read.kind) {
        (NodeKind::Sequence(w), NodeKind::Sequence(r)) => {
            let same: Vec<bool> = w
                .iter_mut()
                .zip(r)
                .map(|(w, r)| restore_parts(w, r))
                .collect();
            if w.len() == r.len() && same.iter().all(|&s| s) {
                return true;
            }
            for ((w, r), _) in w.iter_mut().zip(r).zip(&same).filter(|(_, s)| **s) {
                *w = r.clone();
            }
            false
        }
        (NodeKind::Mapping(w), NodeKind::Mapping(r)) => {
            let in_r = KeyIndex::new(r);
            let same: Vec<Option<&Node>> = w
                .iter_mut()
                .map(|(key, w)| in_r.get(key).filter(|r| restore_parts(w, r)))
                .collect();
            if w.len() == r.len() && same.iter().all(Option::is_some) {
                return true;
            }
            for ((_, w), r) in w.iter_mut().zip(same) {
                if let Some(r) = r {
                    *w = r.clone();
                }
            }
            false
        }
        (w, r) => same_scalar(w, r),
    }
}

/// `{"Fn::GetAtt": "A.B"}` as `{"Fn::GetAtt": ["A", "B"]}`; any other node as it is.
fn get_att_list(node: &Node) -> Cow<'_, Node> {
    let split = match node.as_mapping() {
        Some([(key, args)]) if key == "Fn::GetAtt" => args.as_str().and_then(|s| s.split_once('.')),
        _ => None,
    };
    match split {
        Some((resource, attribute)) => {
            let list = Node::from(vec![Node::from(resource), Node::from(attribute)]);
            Cow::Owned(Node::from(vec![("Fn::GetAtt".to_owned(), list)]))
        }
        None => Cow::Borrowed(node),
    }
}

fn same_scalar(a: &NodeKind, b: &NodeKind) -> bool {
    use NodeKind::{Bool, Null, Number, String};
    match (a, b) {
        (Null, Null) => true,
        (Bool(x), Bool(y)) => x == y,
        (Bool(x), String(s)) | (String(s), Bool(x)) => bool_text(s) == Some(*x),
        (Number(x), Number(y)) | (Number(x), String(y)) | (String(y), Number(x)) => {
            x == y || same_number(x, y)
        }
        (String(x), String(y)) => x == y,
        _ => false,
    }
}

/// A boolean as a string reads it (as the `Node` deserializer does).
fn bool_text(text: &str) -> Option<bool> {
    match text {
        "true" | "True" => Some(true),
        "false" | "False" => Some(false),
        _ => None,
    }
}

/// Whether two number texts have the same value: exactly for integers, else as `f64`s.
fn same_number(x: &str, y: &str) -> bool {
    if let (Ok(x), Ok(y)) = (x.parse::<i128>(), y.parse::<i128>()) {
        return x == y;
    }
    match (x.parse::<f64>(), y.parse::<f64>()) {
        (Ok(x), Ok(y)) => x.is_finite() && x == y,
        _ => false,
    }
}
