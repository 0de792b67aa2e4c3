//! Upstream documentation text (Markdown with stray HTML-like text) → rustdoc-safe Markdown.
//!
//! Upstream text is written for web pages, not rustdoc. What would break or warn is rewritten:
//! - line endings are normalised (`\r\n` and a bare `\r`, which a doc comment may not hold,
//!   become `\n`);
//! - upstream text never becomes code (rustdoc would run it as a doctest): indentation is
//!   removed (four spaces would start a code block), fenced blocks (```` ``` ````, with or
//!   without a language, and `~~~`) become ```` ```text ```` blocks, and a fence or indented code
//!   after a list marker is neutralised;
//! - `<` and `>` outside code spans become entities (`<action>` is not an HTML tag);
//! - bare URLs are wrapped in `<…>` (rustdoc's `bare_urls` lint);
//! - `[` and `]` that are not part of a Markdown link are escaped (they would be read as
//!   intra-doc links).

/// Makes `text` safe to put in a doc comment.
pub fn sanitize(text: &str) -> String {
    let text = normalize_newlines(text);
    let mut out = Vec::new();
    // A link label that a line break splits (`[Amazon Resource` / `Names](url)`) is joined into
    // one line with the next, so the link is written as a link, not as escaped brackets.
    let mut open: Option<String> = None;
    for block in blocks(&text) {
        match block {
            Block::Line(line) => {
                let line = match open.take() {
                    // Not into a blank line or a list item: those end the paragraph.
                    Some(start) if !line.trim().is_empty() && list_marker_len(line.trim()) == 0 => {
                        format!("{start} {}", line.trim())
                    }
                    Some(start) => {
                        out.push(neutralize_line(&sanitize_line(&start)));
                        line.trim().to_owned()
                    }
                    None => line.trim().to_owned(),
                };
                if opens_a_label(&line) {
                    open = Some(line);
                } else {
                    out.push(neutralize_line(&sanitize_line(&line)));
                }
            }
            Block::Fence(content) => {
                if let Some(start) = open.take() {
                    out.push(neutralize_line(&sanitize_line(&start)));
                }
                render_fence(&content, &mut out);
            }
        }
    }
    if let Some(start) = open {
        out.push(neutralize_line(&sanitize_line(&start)));
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

/// Whether `line` has a `[` with no `]` after it (outside code spans and escapes): a link label
/// the line break cuts.
fn opens_a_label(line: &str) -> bool {
    let mut depth = 0usize;
    let mut i = 0;
    while i < line.len() {
        let rest = &line[i..];
        let c = rest.chars().next().unwrap_or(' ');
        match c {
            '`' => {
                i += code_span_len(rest).unwrap_or(1);
                continue;
            }
            '\\' => i += rest[1..].chars().next().map_or(0, char::len_utf8),
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += c.len_utf8();
    }
    depth > 0
}

/// The last line of defence for a whole doc comment, generator text and upstream text alike
/// (the emitter applies it to every `///` block it writes): nothing in it may become code or
/// break the comment. Line endings become `\n` (a bare `\r` is not allowed in a doc comment),
/// a tab becomes four spaces (clippy's `tabs_in_doc_comments`), every fenced block becomes a ```` ```text ```` block, indentation that would start an indented
/// code block is removed, and a fence or indented code after a list marker is neutralised.
/// Text that is already safe (what [`sanitize`] returns) comes back unchanged.
pub fn guard(text: &str) -> String {
    let text = normalize_newlines(text).replace('\t', "    ");
    let mut out = Vec::new();
    // The content column of the list item the current paragraph belongs to: its next lines
    // are indented to it (a lazy, unindented continuation is what clippy's
    // `doc_lazy_continuation` rejects), which is a continuation, not a code block.
    let mut item: Option<usize> = None;
    for block in blocks(&text) {
        match block {
            Block::Line(line) if line.trim().is_empty() => {
                item = None;
                out.push(String::new());
            }
            Block::Line(line) => {
                let content = line.trim_start();
                let line = if is_list_item(content) {
                    let line = neutralize_line(if indentation(line) >= 4 {
                        content
                    } else {
                        line
                    });
                    item = Some(list_content_column(&line));
                    line
                } else if let Some(column) = item {
                    format!("{}{content}", " ".repeat(column))
                } else if indentation(line) >= 4 {
                    content.to_owned()
                } else {
                    line.to_owned()
                };
                out.push(line);
            }
            Block::Fence(content) => {
                item = None;
                render_fence(&content, &mut out);
            }
        }
    }
    out.join("\n")
}

/// Whether `text` (no leading whitespace) starts with a list marker followed by whitespace.
fn is_list_item(text: &str) -> bool {
    let len = list_marker_len(text);
    len > 0 && text[len..].starts_with([' ', '\t'])
}

/// The column where a list item line's text starts, after its (nested) markers.
fn list_content_column(line: &str) -> usize {
    let mut rest = line;
    loop {
        let content = rest.trim_start();
        if !is_list_item(content) {
            return line.len() - content.len();
        }
        rest = &content[list_marker_len(content)..];
    }
}

/// `\r\n` and a bare `\r` become `\n` (CommonMark ends a line at any of the three).
pub fn normalize_newlines(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// The first paragraph of upstream text (whatever its line endings).
pub fn first_paragraph(text: &str) -> String {
    let text = normalize_newlines(text);
    text.split("\n\n")
        .next()
        .unwrap_or_default()
        .trim()
        .to_owned()
}

/// `text` as one inline code span, whatever it contains: line breaks become spaces (a line
/// starting with a fence inside a span would still open a code block), a tab is written `\t`
/// (as a pattern or JSON writes it; [`guard`] would make it spaces) and the delimiters are
/// longer than any backtick run inside (a backslash does not escape inside a code span).
pub fn code_span(text: &str) -> String {
    let text = normalize_newlines(text)
        .replace('\n', " ")
        .replace('\t', "\\t");
    if text.is_empty() {
        return "(empty)".to_owned();
    }
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let ticks = "`".repeat(longest + 1);
    let pad = text.starts_with('`')
        || text.ends_with('`')
        || (text.starts_with(' ') && text.ends_with(' ') && !text.trim().is_empty());
    let pad = if pad { " " } else { "" };
    format!("{ticks}{pad}{text}{pad}{ticks}")
}

/// A run of text lines or a fenced block (its content lines).
enum Block<'a> {
    Line(&'a str),
    Fence(Vec<&'a str>),
}

/// Splits text (with `\n` line endings) into lines and fenced blocks, as CommonMark does: a
/// fence is three or more backticks or tildes (a backtick fence's info string has no backtick);
/// it ends at a line of at least as many of the same character and nothing else, or at the end.
fn blocks(text: &str) -> Vec<Block<'_>> {
    let mut out = Vec::new();
    let mut lines = text.split('\n');
    while let Some(line) = lines.next() {
        let Some((fence_char, len)) = fence_open(line) else {
            out.push(Block::Line(line));
            continue;
        };
        let mut content = Vec::new();
        for inner in lines.by_ref() {
            let trimmed = inner.trim();
            if trimmed.len() >= len && trimmed.chars().all(|c| c == fence_char) {
                break;
            }
            content.push(inner);
        }
        out.push(Block::Fence(content));
    }
    out
}

/// The character and length of the fence `line` opens, if it opens one.
fn fence_open(line: &str) -> Option<(char, usize)> {
    let trimmed = line.trim_start();
    let c = trimmed.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let len = trimmed.chars().take_while(|x| *x == c).count();
    let info = &trimmed[len..];
    (len >= 3 && !(c == '`' && info.contains('`'))).then_some((c, len))
}

/// A fenced block as ```` ```text ````, with a fence longer than any line of backticks inside
/// that would close it early. Upstream code is shown, never compiled or run.
fn render_fence(content: &[&str], out: &mut Vec<String>) {
    let longest = content
        .iter()
        .map(|l| l.trim())
        .filter(|l| l.chars().all(|c| c == '`'))
        .map(str::len)
        .max()
        .unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    out.push(format!("{fence}text"));
    out.extend(content.iter().map(|l| l.trim_end().to_owned()));
    out.push(fence);
}

/// Leading whitespace in columns (a tab counts as four).
fn indentation(line: &str) -> usize {
    line.chars()
        .take_while(|c| c.is_whitespace())
        .map(|c| if c == '\t' { 4 } else { 1 })
        .sum()
}

/// A text line after its list markers (`-`, `*`, `+`, `1.`, `1)`, nested): a fence there would
/// open a code block inside the list item (its first character is escaped), and five or more
/// spaces (or a tab) after a marker start an indented code block (they become one space).
fn neutralize_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    loop {
        let lead = rest.len() - rest.trim_start().len();
        let body = &rest[lead..];
        let marker = list_marker_len(body);
        if marker == 0 {
            break;
        }
        let after = &body[marker..];
        let gap = after.len() - after.trim_start().len();
        if gap == 0 {
            break;
        }
        out.push_str(&rest[..lead + marker]);
        let spaces = &after[..gap];
        if indentation(spaces) >= 5 || spaces.contains('\t') {
            out.push(' ');
        } else {
            out.push_str(spaces);
        }
        rest = &after[gap..];
    }
    if out.is_empty() {
        // Not in a list item: a fence here is a fence (handled by `blocks`).
        return line.to_owned();
    }
    if fence_open(rest).is_some() {
        out.push('\\');
    }
    out.push_str(rest);
    out
}

/// The length of a list marker at the start of `text` (0 if there is none).
fn list_marker_len(text: &str) -> usize {
    if text.starts_with(['-', '*', '+']) {
        return 1;
    }
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    if (1..=9).contains(&digits) && text[digits..].starts_with(['.', ')']) {
        return digits + 1;
    }
    0
}

/// One line outside code fences: code spans are kept as they are, Markdown links (whose labels
/// may hold code spans: ``[`Type`](url)``) keep their brackets, the rest is escaped.
fn sanitize_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    // `line[plain..i]` is text not yet written, to be escaped.
    let mut plain = 0;
    let mut i = 0;
    while i < line.len() {
        let rest = &line[i..];
        if let Some((label, url, len)) = markdown_link(rest) {
            out.push_str(&escape_text(&line[plain..i]));
            push_link(&mut out, &sanitize_line(label), url);
            i += len;
            plain = i;
            continue;
        }
        if rest.starts_with('`') {
            out.push_str(&escape_text(&line[plain..i]));
            match code_span_len(rest) {
                Some(len) => {
                    out.push_str(&rest[..len]);
                    i += len;
                }
                None => {
                    // An unmatched run of backticks: escape it so it does not open a span.
                    let ticks = rest.chars().take_while(|c| *c == '`').count();
                    out.push_str(&"\\`".repeat(ticks));
                    i += ticks;
                }
            }
            plain = i;
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        i += c.len_utf8();
        if c == '\\' {
            // An escaped character stays escaped text (`\``, `\[`).
            i += rest[1..].chars().next().map_or(0, char::len_utf8);
        }
    }
    out.push_str(&escape_text(&line[plain..]));
    out
}

/// Length of the code span at the start of `text` (a run of backticks, up to the next run
/// of the same length), if it is closed.
fn code_span_len(text: &str) -> Option<usize> {
    let ticks = text.chars().take_while(|c| *c == '`').count();
    let fence = &text[..ticks];
    let mut at = ticks;
    while let Some(found) = text[at..].find(fence) {
        let start = at + found;
        let run = text[start..].chars().take_while(|c| *c == '`').count();
        if run == ticks {
            return Some(start + ticks);
        }
        at = start + run;
    }
    None
}

/// Text outside code spans.
fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut i = 0;
    let bytes = text.as_bytes();
    while i < text.len() {
        let rest = &text[i..];
        if let Some((label, url, len)) = markdown_link(rest) {
            i += len;
            push_link(&mut out, &escape_text(label), url);
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

/// Writes the link `[label](url)`; with an empty label (`[](url)`, in upstream text) the URL
/// alone, as an autolink: it is all the link says.
fn push_link(out: &mut String, label: &str, url: &str) {
    if label.is_empty() {
        let bare = url
            .strip_prefix('<')
            .and_then(|u| u.strip_suffix('>'))
            .unwrap_or(url);
        out.push('<');
        out.push_str(bare);
        out.push('>');
    } else {
        out.push('[');
        out.push_str(label);
        out.push_str("](");
        out.push_str(url);
        out.push(')');
    }
}

/// Where the label of the `[label](url)` link at the start of `text` ends, and the link's
/// length, if there is one: the label holds no
/// bracket outside code spans, the URL is not empty and has no whitespace.
fn markdown_link_len(text: &str) -> Option<(usize, usize)> {
    if !text.starts_with('[') {
        return None;
    }
    let mut i = 1;
    let close = loop {
        let rest = &text[i..];
        let c = rest.chars().next()?;
        match c {
            ']' => break i,
            '[' => return None,
            '`' => i += code_span_len(rest)?,
            '\\' => i += 1 + rest[1..].chars().next().map_or(0, char::len_utf8),
            _ => i += c.len_utf8(),
        }
    };
    if !text[close..].starts_with("](") {
        return None;
    }
    let url_start = close + 2;
    let url_len = text[url_start..].find(')')?;
    // Whitespace around the URL (`(url   )`, in upstream text) is not part of it, and of a
    // URL with a space in it only the last absolute one counts (`(https://docs.aws.amazon.com/
    // https://en.wikipedia.org/...)`: a base URL written in front of the real one).
    let url = text[url_start..url_start + url_len].trim();
    let url = url
        .rsplit(char::is_whitespace)
        .next()
        .filter(|last| url.contains(char::is_whitespace) && last.starts_with("https://"))
        .unwrap_or(url);
    (!url.is_empty() && !url.contains(char::is_whitespace))
        .then_some((close, url_start + url_len + 1))
}

/// The label and the (trimmed) URL of the link at the start of `text`, and the link's length.
fn markdown_link(text: &str) -> Option<(&str, &str, usize)> {
    let (close, len) = markdown_link_len(text)?;
    let url = text[close + 2..len - 1].trim();
    let url = url.rsplit(char::is_whitespace).next().unwrap_or(url);
    Some((&text[1..close], url, len))
}

/// The schemes that make an example value a URL (`https://…`, an S3 URL `s3://…`).
pub const URL_SCHEMES: [&str; 4] = ["https://", "http://", "wss://", "s3://"];

/// The first example value a documentation text gives: the first `` `code` `` after "for
/// example" or "such as" (`` For example: `https://…` ``), trimmed.
pub fn example_value(doc: &str) -> Option<String> {
    let lower = doc.to_ascii_lowercase();
    let start = ["for example", "such as"]
        .iter()
        .filter_map(|lead| lower.find(lead))
        .min()?;
    let rest = &doc[start..];
    let open = rest.find('`')?;
    let code = &rest[open + 1..];
    let close = code.find('`')?;
    Some(code[..close].trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::{code_span, first_paragraph, guard, sanitize};

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

    #[test]
    fn links_keep_code_spans_in_their_labels() {
        for (input, expected) in [
            (
                "of type [`List`](https://x.y/l) .",
                "of type [`List`](https://x.y/l) .",
            ),
            ("[`a]`](https://x.y/a)", "[`a]`](https://x.y/a)"),
            ("[a <b>](https://x.y/b)", "[a &lt;b&gt;](https://x.y/b)"),
            // An empty label: the URL alone; whitespace around the URL is left out, and of
            // two URLs the last.
            ("[](https://x.y)", "<https://x.y>"),
            ("[a](https://x.y/ https://z.w/v)", "[a](https://z.w/v)"),
            ("[a](<https://x.y>  )", "[a](<https://x.y>)"),
            // Not links: an empty URL, whitespace in the URL.
            ("[x]()", "\\[x\\]()"),
            ("[x](a b)", "\\[x\\](a b)"),
            ("`[x]`(y) \\`[z]", "`[x]`(y) \\`\\[z\\]"),
        ] {
            assert_eq!(sanitize(input), expected, "sanitize({input:?})");
        }
    }

    #[test]
    fn a_link_label_cut_by_a_line_break_stays_a_link() {
        assert_eq!(
            sanitize("see [Amazon Resource\nNames (ARNs)](https://x.y/arns) in the guide.\nNext."),
            "see [Amazon Resource Names (ARNs)](https://x.y/arns) in the guide.\nNext."
        );
        // An unclosed bracket that is no link stays escaped text, and its line is kept.
        assert_eq!(sanitize("a [b\n\nc"), "a \\[b\n\nc");
    }

    #[test]
    fn line_endings_are_normalised() {
        assert_eq!(sanitize("a\rb\r\rc\r\nd\r"), "a\nb\n\nc\nd");
        assert_eq!(guard("a\rb"), "a\nb");
        assert_eq!(first_paragraph("one\r\rtwo"), "one");
        assert_eq!(code_span("a\r\nb\rc"), "`a b c`");
    }

    #[test]
    fn tabs_leave_no_doc_comment() {
        assert_eq!(code_span("^[\\P{C}\t]*$"), "`^[\\P{C}\\t]*$`");
        assert_eq!(guard("a\tb"), "a    b");
        assert_eq!(guard("\tindented"), "indented");
        assert_eq!(guard(&format!("x {}", code_span("\t"))), "x `\\t`");
    }

    #[test]
    fn upstream_code_becomes_text() {
        for (input, expected) in [
            ("~~~\nx\n~~~", "```text\nx\n```"),
            ("~~~rust\nx\n~~~", "```text\nx\n```"),
            ("```rust\nx\n```", "```text\nx\n```"),
            ("```\n    x\n```", "```text\n    x\n```"),
            // A closing fence is the same character, at least as long, with nothing after it.
            ("~~~~\n```\n~~~\nx\n~~~~", "````text\n```\n~~~\nx\n````"),
            ("```\n```rust\n```", "```text\n```rust\n```"),
            ("```\nunclosed", "```text\nunclosed\n```"),
            // Indented code, also after a list marker.
            ("a\n\n    x\n\tx", "a\n\nx\nx"),
            ("-     x", "- x"),
            ("1.\tx", "1. x"),
            ("- - ~~~", "- - \\~~~"),
            ("* ```", "* \\`\\`\\`"),
            ("- a list item", "- a list item"),
        ] {
            assert_eq!(sanitize(input), expected, "sanitize({input:?})");
            assert_eq!(guard(expected), expected, "guard(sanitize({input:?}))");
        }
        assert_eq!(
            guard("    x\n-      y\n~~~\nz\n~~~"),
            "x\n- y\n```text\nz\n```"
        );
        // A list item's next lines are indented to its text (not lazy, not code).
        for (input, expected) in [
            ("- a\nb\n    c\n\nd", "- a\n  b\n  c\n\nd"),
            ("10. a\nb", "10. a\n    b"),
            ("- - a\nb\n- c\nd", "- - a\n    b\n- c\n  d"),
        ] {
            assert_eq!(guard(input), expected, "guard({input:?})");
            assert_eq!(guard(expected), expected, "guard(guard({input:?}))");
        }
    }

    #[test]
    fn code_spans_hold_any_text() {
        assert_eq!(code_span("^[a-z]+$"), "`^[a-z]+$`");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`x"), "`` `x ``");
        assert_eq!(code_span(" x "), "`  x  `");
        assert_eq!(code_span(""), "(empty)");
    }
}
