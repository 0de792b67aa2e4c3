//! `--format human`: findings as rustc shows its diagnostics, through rustc's own renderer
//! (annotate-snippets).
//!
//! ```text
//! error[unknown-property]: `RestApiId` is not a property of AWS::ApiGatewayV2::Stage
//!   --> stack.yaml:9:7
//!    |
//!  9 |       RestApiId: !Ref Api
//!    |       ^^^^^^^^^ at /Resources/Stage/Properties/RestApiId
//!    |
//!    = note: registry schema: ...
//!    = help: did you mean `ApiId`?
//! ```
//!
//! The underline covers the token at the finding's position: a key, a quoted or plain scalar,
//! or the rest of the line for anything else. Colour only where asked (see `lint`).

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet, normalize_untrusted_str};
use cfn_apigatewayv2::Span;
use cfn_apigatewayv2::validate::{Finding, Origin, Severity};

/// A file's text with the start of each line, to show any line without scanning the file again.
pub(crate) struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines { text, starts }
    }

    /// Line `number` (1-based), without its line break.
    fn line(&self, number: u32) -> Option<&'a str> {
        let index = usize::try_from(number).ok()?.checked_sub(1)?;
        let start = *self.starts.get(index)?;
        let end = self
            .starts
            .get(index + 1)
            .map_or(self.text.len(), |next| next - 1);
        let line = self.text.get(start..end)?;
        Some(line.strip_suffix('\r').unwrap_or(line))
    }
}

/// Renders one finding of the file `name` whose text is `source` (none where it was not read).
pub(crate) fn render(
    renderer: &Renderer,
    links: bool,
    name: &str,
    source: Option<&Lines<'_>>,
    f: &Finding,
) -> String {
    let level = match f.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let mut title = level.primary_title(f.message.as_str()).id(f.rule);
    if let Some(url) = f.source.as_ref().and_then(|s| s.url.as_deref()) {
        if links {
            title = title.id_url(url);
        }
    }
    let located = f
        .span
        .and_then(|span| Some((span, source?.line(span.line)?)));
    let pointer = (!f.path.is_empty()).then(|| format!("at {}", f.path));
    let mut group = match located {
        Some((span, line)) => {
            let range = underline(line, span.column);
            let mut annotation = AnnotationKind::Primary.span(range);
            if let Some(pointer) = pointer.as_deref() {
                annotation = annotation.label(pointer);
            }
            title.element(
                Snippet::source(line)
                    .line_start(span.line as usize)
                    .path(name)
                    .annotation(annotation),
            )
        }
        None => {
            // No source line to show: the location alone, as rustc does for a whole file.
            let location = match f.span {
                Some(Span { line, column }) => format!("{name}:{line}:{column}"),
                None => name.to_owned(),
            };
            let mut group = title.element(annotate_snippets::Origin::path(location));
            if let Some(pointer) = pointer {
                group = group.element(Level::NOTE.message(pointer));
            }
            group
        }
    };
    if let Some(cite) = &f.source {
        let note = match cite.origin {
            Origin::Documentation => format!("the documentation says: \"{}\"", cite.note),
            _ => cite.note.to_string(),
        };
        group = group.element(Level::NOTE.message(normalize_untrusted_str(&note)));
        if let Some(url) = &cite.url {
            let see = format!("see {url}");
            group = group.element(Level::NOTE.message(normalize_untrusted_str(&see)));
        }
    }
    if let Some(help) = &f.help {
        group = group.element(Level::HELP.message(normalize_untrusted_str(help)));
    }
    let report: [Group<'_>; 1] = [group];
    renderer.render(&report)
}

/// The byte range of the token starting at `column` (1-based, in characters) of `line`: a
/// quoted scalar to its closing quote, a key to its colon, a plain scalar to the end of the flow
/// item or line (without a trailing comment); at least one character.
fn underline(line: &str, column: u32) -> std::ops::Range<usize> {
    let start = usize::try_from(column)
        .ok()
        .and_then(|c| c.checked_sub(1))
        .and_then(|c| line.char_indices().nth(c).map(|(i, _)| i))
        .unwrap_or(line.len());
    let rest = &line[start..];
    let len = match rest.chars().next() {
        None => 0,
        Some(quote @ ('"' | '\'')) => {
            let body = &rest[1..];
            let mut escaped = false;
            let close = body.char_indices().find(|&(_, c)| {
                let end = c == quote && !escaped;
                escaped = quote == '"' && c == '\\' && !escaped;
                end
            });
            close.map_or(rest.len(), |(i, _)| i + 2)
        }
        Some(_) => {
            let mut end = rest.len();
            for (i, c) in rest.char_indices() {
                let at_colon =
                    c == ':' && rest[i + 1..].chars().next().is_none_or(char::is_whitespace);
                let comment = c == '#' && i > 0 && rest[..i].ends_with([' ', '\t']);
                if at_colon || comment || matches!(c, ',' | ']' | '}') {
                    end = i;
                    break;
                }
            }
            rest[..end].trim_end().len()
        }
    };
    let len = len.max(rest.chars().next().map_or(0, char::len_utf8));
    start..start + len
}

#[cfg(test)]
mod tests {
    use super::{Lines, underline};

    #[test]
    fn lines_by_number() {
        let lines = Lines::new("a\r\nbc\n\nd");
        let got: Vec<_> = (0..=5).map(|n| lines.line(n)).collect();
        assert_eq!(
            got,
            [None, Some("a"), Some("bc"), Some(""), Some("d"), None]
        );
    }

    #[test]
    fn underlines_the_token() {
        let cases = [
            ("      RestApiId: !Ref Api", 7, "RestApiId"),
            ("      IntegrationType: LAMBDA  # comment", 24, "LAMBDA"),
            (r#"  "Type": "AWS::X", "Properties": {}"#, 11, r#""AWS::X""#),
            (r#"  "K": "a\"b", "#, 8, r#""a\"b""#),
            ("  Ids: [a, b]", 12, "b"),
            ("  X: http://x:1/y", 6, "http://x:1/y"),
            ("", 1, ""),
            ("  é: x", 3, "é"),
        ];
        for (line, column, token) in cases {
            assert_eq!(
                &line[underline(line, column)],
                token,
                "{line:?} at {column}"
            );
        }
    }
}
