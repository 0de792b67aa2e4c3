//! Documentation text → sentences, and which sentences are normative.

/// The words and phrases that make a sentence normative: each says what a value or a property
/// may, must or cannot be, so the sentence may state a rule a template can break. Matched
/// case-insensitively at word boundaries, outside code spans and link targets (a marker inside
/// `` `ONLY` `` is a value, one inside a URL is a page name). Each entry says why it is there.
///
/// Left out on purpose: `default`/`defaults to` (what the service does when a property is
/// absent restricts no template), `can`/`may` alone (permissions, not limits), `supported`
/// alone (mostly "supported for X" listings of features; the restrictive forms are `only`,
/// `not supported` and `supported values`), `recommend` (advice without a limit).
pub const MARKERS: &[(&str, &str)] = &[
    (
        "must",
        "an obligation: \"must be\", \"must not\", \"must match\"",
    ),
    (
        "required",
        "presence: \"Required for HTTP APIs\", \"required if\"",
    ),
    (
        "requires",
        "presence of another property or value: \"requires `X`\"",
    ),
    (
        "only",
        "a restriction: \"supported only for\", \"only one\", \"the only supported value\"",
    ),
    ("cannot", "a prohibition"),
    ("can't", "a prohibition, as the docs abbreviate it"),
    ("can not", "a prohibition, spelled apart"),
    (
        "don't",
        "a prohibition addressed to the author: \"don't specify\"",
    ),
    ("do not", "a prohibition addressed to the author"),
    (
        "not supported",
        "a value or combination the service refuses",
    ),
    (
        "not currently supported",
        "a property the service ignores or refuses",
    ),
    ("doesn't support", "a combination the service refuses"),
    ("does not support", "a combination the service refuses"),
    (
        "are supported",
        "what is supported implies what is not: \"values 1-1,000,000 are supported\"",
    ),
    (
        "not used",
        "a property without effect: writing it may be a mistake",
    ),
    (
        "either",
        "a choice between closed alternatives: \"can be either `$default` or ...\"",
    ),
    ("unsupported", "a value or combination the service refuses"),
    (
        "should",
        "a recommendation that may hide a limit (a warning at least)",
    ),
    (
        "between",
        "a numeric or length range: \"between 1 and 128\"",
    ),
    ("at most", "an upper bound"),
    ("at least", "a lower bound"),
    ("maximum", "an upper bound: \"Maximum length is 128\""),
    ("minimum", "a lower bound"),
    ("up to", "an upper bound: \"up to 50 characters\""),
    ("no more than", "an upper bound"),
    ("fewer than", "an upper bound"),
    ("less than", "an upper bound"),
    ("greater than", "a lower bound"),
    ("exactly", "a fixed count or value"),
    ("valid values", "a closed value set"),
    ("supported values", "a closed value set"),
    (
        "allowed",
        "a closed value set or a permission's limit: \"allowed values\", \"not allowed\"",
    ),
    (
        "mutually exclusive",
        "two properties that rule each other out",
    ),
];

/// Splits documentation text into sentences, each with its whitespace collapsed.
///
/// A sentence ends at `.`, `?` or `!` followed by whitespace (or the end of the text), except
/// inside a code span (`` `a.b` ``), after `e.g.`/`i.e.` or a list item's number (`1.`), or
/// when the next word starts with a lowercase letter (`etc. and`); a `.` followed by anything else (`1.5`, `example.com/a.html`)
/// never ends one. A blank line and the start of a Markdown list item end one too.
pub fn sentences(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut current = String::new();
    let mut code = false;
    let flush = |current: &mut String, out: &mut Vec<String>| {
        let sentence = normalize(current);
        if !sentence.is_empty() {
            out.push(sentence);
        }
        current.clear();
    };
    for (i, &c) in chars.iter().enumerate() {
        if c == '\n' && !code && paragraph_ends(&chars[i + 1..]) {
            flush(&mut current, &mut out);
            continue;
        }
        current.push(c);
        if c == '`' {
            code = !code;
        } else if matches!(c, '.' | '?' | '!') && !code && sentence_ends(&current, &chars[i + 1..])
        {
            flush(&mut current, &mut out);
        }
    }
    flush(&mut current, &mut out);
    out
}

/// Whether the text after a newline starts a new paragraph or list item.
fn paragraph_ends(rest: &[char]) -> bool {
    let line: String = rest.iter().take_while(|c| **c != '\n').collect();
    let line = line.trim_start();
    let blank = rest.first().is_none_or(|c| *c == '\n') || line.is_empty();
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    blank
        || ["- ", "* ", "+ "].iter().any(|m| line.starts_with(m))
        || (digits > 0 && line[digits..].starts_with(". "))
}

/// Whether the stop just pushed onto `current` ends the sentence, given the text after it.
fn sentence_ends(current: &str, rest: &[char]) -> bool {
    if rest.first().is_some_and(|c| !c.is_whitespace()) {
        return false;
    }
    let lower = current.to_lowercase();
    let abbreviation = ["e.g.", "i.e."].iter().any(|a| {
        lower.ends_with(a)
            && !lower[..lower.len() - a.len()]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
    });
    // A list item's number (`1. One`) is not a sentence.
    let trimmed = current.trim();
    let list_number = trimmed.len() > 1
        && trimmed[..trimmed.len() - 1]
            .chars()
            .all(|c| c.is_ascii_digit());
    let next = rest.iter().find(|c| !c.is_whitespace());
    !abbreviation && !list_number && !next.is_some_and(|c| c.is_lowercase())
}

/// Whitespace collapsed to single spaces, trimmed.
pub fn normalize(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The prose of a sentence, lowercased: code spans and Markdown link targets removed, curly
/// apostrophes made straight.
pub fn prose(sentence: &str) -> String {
    let mut out = String::new();
    let mut code = false;
    let mut chars = sentence.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '`' => {
                code = !code;
                out.push(' ');
            }
            _ if code => {}
            ']' if chars.peek() == Some(&'(') => {
                for c in chars.by_ref() {
                    if c == ')' {
                        break;
                    }
                }
                out.push(' ');
            }
            '\u{2019}' => out.push('\''),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// The markers (entries of [`MARKERS`]) the sentence contains.
pub fn markers(sentence: &str) -> Vec<&'static str> {
    let prose = prose(sentence);
    MARKERS
        .iter()
        .map(|(m, _)| *m)
        .filter(|m| contains_word(&prose, m))
        .collect()
}

/// `phrase` occurs in `text` with no letter or digit just before or after it.
pub fn contains_word(text: &str, phrase: &str) -> bool {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    text.match_indices(phrase).any(|(at, _)| {
        !word(text[..at].chars().next_back()) && !word(text[at + phrase.len()..].chars().next())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_sentences() {
        let cases: &[(&str, &[&str])] = &[
            ("One. Two.", &["One.", "Two."]),
            (
                "Values `1.0` and `2.0` . Next.",
                &["Values `1.0` and `2.0` .", "Next."],
            ),
            (
                "Use a name, e.g. `a`. Next.",
                &["Use a name, e.g. `a`.", "Next."],
            ),
            (
                "That is, i.e. this. Next.",
                &["That is, i.e. this.", "Next."],
            ),
            ("Up to 1.5 seconds. Next!", &["Up to 1.5 seconds.", "Next!"]),
            ("See `a. B` here. Next?", &["See `a. B` here.", "Next?"]),
            (
                "See [page](https://docs.aws.amazon.com/a.b/c.html). Next.",
                &[
                    "See [page](https://docs.aws.amazon.com/a.b/c.html).",
                    "Next.",
                ],
            ),
            ("A, B, etc. and C. Next.", &["A, B, etc. and C.", "Next."]),
            ("Title\n\nBody text", &["Title", "Body text"]),
            ("Items:\n- one\n- two", &["Items:", "- one", "- two"]),
            ("Items:\n1. one\n2. two", &["Items:", "1. one", "2. two"]),
            (
                "Steps:\n1. One.\n2. Two.",
                &["Steps:", "1. One.", "2. Two."],
            ),
            (
                "Wrapped\nline.  Spaces   collapse.",
                &["Wrapped line.", "Spaces collapse."],
            ),
            ("", &[]),
        ];
        for (text, expected) in cases {
            assert_eq!(sentences(text), *expected, "{text:?}");
        }
    }

    #[test]
    fn finds_markers_at_word_boundaries_in_prose() {
        let cases: &[(&str, &[&str])] = &[
            ("Supported only for HTTP APIs.", &["only"]),
            ("Commonly used.", &[]),
            ("The value must not be empty.", &["must"]),
            ("You can\u{2019}t change it.", &["can't"]),
            ("Required if `X` is set.", &["required"]),
            ("The value `ONLY` or `required`.", &[]),
            ("See [x](https://a/required-only.html).", &[]),
            ("Maximum length is 128 characters.", &["maximum"]),
            (
                "A number between 1 and 5, at most 5.",
                &["between", "at most"],
            ),
            ("Defaults to `false`.", &[]),
            ("Valid values are `a` and `b`.", &["valid values"]),
            ("Mustache templates.", &[]),
            (
                "API Gateway doesn\u{2019}t support the combination.",
                &["doesn't support"],
            ),
            (
                "This parameter is not currently supported.",
                &["not currently supported"],
            ),
        ];
        for (sentence, expected) in cases {
            assert_eq!(markers(sentence), *expected, "{sentence:?}");
        }
    }

    #[test]
    fn every_marker_is_lowercase_and_explained() {
        for (marker, why) in MARKERS {
            assert_eq!(*marker, marker.to_lowercase());
            assert!(!why.is_empty(), "{marker}");
        }
    }
}
