//! Upstream documentation text (Markdown with stray HTML-like text) → rustdoc-safe Markdown.
//!
//! Upstream text is written for web pages, not rustdoc. What would break or warn is rewritten:
//! - indentation is removed (four spaces would start a code block, which rustdoc runs as a
//!   doctest), and fenced code blocks are marked `text`;
//! - `<` and `>` outside code spans become entities (`<action>` is not an HTML tag);
//! - bare URLs are wrapped in `<…>` (rustdoc's `bare_urls` lint);
//! - `[` and `]` that are not part of a Markdown link are escaped (they would be read as
//!   intra-doc links).

/// Makes `text` safe to put in a doc comment.
pub fn sanitize(text: &str) -> String {
    let mut out = Vec::new();
    let mut in_fence = false;
    for raw in text.replace("\r\n", "\n").split('\n') {
        let line = raw.trim();
        if line.starts_with("```") {
            out.push(if in_fence {
                "```".to_owned()
            } else {
                "```text".to_owned()
            });
            in_fence = !in_fence;
            continue;
        }
        out.push(if in_fence {
            raw.trim_end().to_owned()
        } else {
            sanitize_line(line)
        });
    }
    if in_fence {
        out.push("```".to_owned());
    }
    // Collapse runs of blank lines and trim blank lines at both ends.
    let mut lines: Vec<String> = Vec::new();
    for line in out {
        if line.is_empty() && lines.last().is_none_or(|l: &String| l.is_empty()) {
            continue;
        }
        lines.push(line);
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines.join("\n")
}

/// One line outside code fences: code spans are kept as they are, the rest is escaped.
fn sanitize_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(start) = rest.find('`') {
        let ticks = rest[start..].chars().take_while(|c| *c == '`').count();
        let fence = &rest[start..start + ticks];
        match rest[start + ticks..].find(fence) {
            Some(len) => {
                out.push_str(&escape_text(&rest[..start]));
                let end = start + ticks + len + ticks;
                out.push_str(&rest[start..end]);
                rest = &rest[end..];
            }
            None => {
                // An unmatched backtick: escape it so it does not open a span.
                out.push_str(&escape_text(&rest[..start]));
                out.push_str(&"\\`".repeat(ticks));
                rest = &rest[start + ticks..];
            }
        }
    }
    out.push_str(&escape_text(rest));
    out
}

/// Text outside code spans.
fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut i = 0;
    let bytes = text.as_bytes();
    while i < text.len() {
        let rest = &text[i..];
        if let Some(len) = markdown_link_len(rest) {
            let (label, url) = split_link(&rest[..len]);
            out.push('[');
            out.push_str(&escape_text(label));
            out.push_str("](");
            out.push_str(url);
            out.push(')');
            i += len;
            continue;
        }
        if rest.starts_with("http://") || rest.starts_with("https://") {
            let len = rest
                .find(|c: char| c.is_whitespace() || c == ')' || c == '>' || c == '"')
                .unwrap_or(rest.len());
            let url = rest[..len].trim_end_matches(['.', ',', ';', ':']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            i += url.len();
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            '\\' if i + 1 < bytes.len() => {
                // Keep existing escapes.
                out.push('\\');
                let next = text[i + 1..].chars().next().unwrap_or(' ');
                out.push(next);
                i += 1 + next.len_utf8();
                continue;
            }
            _ => out.push(c),
        }
        i += c.len_utf8();
    }
    out
}

/// Length of a `[label](url)` link at the start of `text`, if there is one.
fn markdown_link_len(text: &str) -> Option<usize> {
    if !text.starts_with('[') {
        return None;
    }
    let close = text.find("](")?;
    let label = &text[1..close];
    if label.contains('[') || label.contains(']') {
        return None;
    }
    let url_start = close + 2;
    let url_len = text[url_start..].find(')')?;
    let url = &text[url_start..url_start + url_len];
    (!url.is_empty() && !url.contains(char::is_whitespace)).then_some(url_start + url_len + 1)
}

fn split_link(link: &str) -> (&str, &str) {
    let close = link.find("](").unwrap_or(0);
    (&link[1..close], &link[close + 2..link.len() - 1])
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn escapes_what_rustdoc_would_misread() {
        assert_eq!(
            sanitize("key <action>:<header>"),
            "key &lt;action&gt;:&lt;header&gt;"
        );
        assert_eq!(
            sanitize("see https://example.com/a."),
            "see <https://example.com/a>."
        );
        assert_eq!(
            sanitize("[text](https://x.y/z) and [x]"),
            "[text](https://x.y/z) and \\[x\\]"
        );
        assert_eq!(sanitize("`<kept>` <b>"), "`<kept>` &lt;b&gt;");
        assert_eq!(sanitize("    indented\n\n\n\nnext"), "indented\n\nnext");
        assert_eq!(sanitize("```\nlet x;\n```"), "```text\nlet x;\n```");
        assert_eq!(sanitize("one ` tick"), "one \\` tick");
        assert_eq!(sanitize("a\r\nb"), "a\nb");
    }
}
