//! Upstream patterns in the validator's regex engine.
//!
//! Registry schemas and API models write patterns for the engines upstream runs: Java's
//! `java.util.regex` (the services and the registry's handlers), Python's `re` (cfn-lint) and
//! ECMA-262 (which JSON Schema names). The validator compiles patterns with `regex-lite`, which
//! has no look-around, no Unicode classes and a few other gaps. [`for_validator`] decides, for one
//! pattern, what the validator checks:
//!
//! - a pattern `regex-lite` compiles is checked as written;
//! - a construct `regex-lite` rejects but that has an exact equivalent is rewritten (the list is
//!   [`for_validator`]'s), then checked;
//! - anything else is **not checked**: the docs state the pattern marked as such with the reason,
//!   the validation tables leave it out, and the generation report lists it as a warning. So the
//!   docs never promise a check the validator does not make, and no pattern stops generation.

/// What the validator does with one upstream pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatternCheck {
    /// Checked, as this `regex-lite` pattern (upstream's text unless a rewrite applied).
    Checked(String),
    /// Not checked: why `regex-lite` cannot express the pattern.
    Unchecked(String),
}

/// How the validator checks `pattern`.
///
/// Rewrites, made only where the construct means one thing in the upstream engines that accept it
/// and `regex-lite` rejects it as written (so a pattern that compiles is never changed):
///
/// - `\Z` at the end of the pattern (only `)` after it) becomes `\z`: the end of the text. The
///   validator reads `$` the same way (Java's and Python's `$` and Java's `\Z` also allow one
///   final line terminator; `regex-lite` has no such anchor, and a value ending in a newline is
///   as rare for `\Z` as for `$`).
/// - an octal escape `\0n` or `\0nn` (not followed by a further octal digit, where Java and Python
///   would disagree) becomes `\x{..}`.
/// - in a character class, `-` right after a class escape (`[\w-.]`) becomes `\-`: Java and
///   ECMA-262 read it as a literal hyphen (Python rejects the pattern).
///
/// Not checked (the reason is `regex-lite`'s, or names the construct): look-around (`(?!aws:)`),
/// Unicode classes (`\p{L}`), UTF-16 surrogate escapes (`\uD800`), nested classes, and anything
/// else `regex-lite` rejects.
pub fn for_validator(pattern: &str) -> PatternCheck {
    if regex_lite::Regex::new(pattern).is_ok() {
        return PatternCheck::Checked(pattern.to_owned());
    }
    let rewritten = match rewrite(pattern) {
        Ok(p) => p,
        Err(why) => return PatternCheck::Unchecked(why),
    };
    match regex_lite::Regex::new(&rewritten) {
        Ok(_) => PatternCheck::Checked(rewritten),
        Err(e) => {
            let reason = e.to_string();
            let reason = reason.lines().last().unwrap_or_default().trim().to_owned();
            PatternCheck::Unchecked(format!("`regex-lite`, the validator's engine: {reason}"))
        }
    }
}

/// The class escapes: after one, a `-` in a class cannot start a range.
const CLASS_ESCAPES: [char; 6] = ['d', 'D', 'w', 'W', 's', 'S'];

/// Applies the rewrites of [`for_validator`]; an error names a construct no rewrite can express.
fn rewrite(pattern: &str) -> Result<String, String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len());
    let mut in_class = false;
    let mut after_class_escape = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let escaped_before = std::mem::take(&mut after_class_escape);
        match c {
            '\\' => {
                let Some(&next) = chars.get(i + 1) else {
                    out.push(c);
                    break;
                };
                i += 2;
                match next {
                    'Z' if !in_class && chars[i..].iter().all(|&c| c == ')') => {
                        out.push_str("\\z");
                    }
                    '0' => {
                        let digits = chars[i..]
                            .iter()
                            .take_while(|c| c.is_digit(8))
                            .take(3)
                            .count();
                        if (1..=2).contains(&digits) {
                            let octal: String = chars[i..i + digits].iter().collect();
                            let value = u32::from_str_radix(&octal, 8).unwrap_or_default();
                            out.push_str(&format!("\\x{{{value:02X}}}"));
                            i += digits;
                        } else {
                            out.push_str("\\0");
                        }
                    }
                    'u' => {
                        let hex: String = chars[i..].iter().take(4).collect();
                        if let Ok(unit) = u32::from_str_radix(&hex, 16)
                            && hex.len() == 4
                            && (0xD800..=0xDFFF).contains(&unit)
                        {
                            return Err(format!(
                                "the UTF-16 surrogate escape `\\u{hex}` names no character \
                                 (`regex-lite` matches characters, not UTF-16 units)"
                            ));
                        }
                        out.push_str("\\u");
                    }
                    _ => {
                        out.push(c);
                        out.push(next);
                        after_class_escape = in_class && CLASS_ESCAPES.contains(&next);
                    }
                }
                continue;
            }
            '[' if !in_class => {
                in_class = true;
                out.push(c);
                i += 1;
                // `^` negates; a `]` right after the opening is a literal.
                if chars.get(i) == Some(&'^') {
                    out.push('^');
                    i += 1;
                }
                if chars.get(i) == Some(&']') {
                    out.push(']');
                    i += 1;
                }
                continue;
            }
            ']' if in_class => in_class = false,
            '-' if in_class && escaped_before => {
                out.push_str("\\-");
                i += 1;
                continue;
            }
            _ => {}
        }
        out.push(c);
        i += 1;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checked(p: &str) -> String {
        match for_validator(p) {
            PatternCheck::Checked(p) => p,
            PatternCheck::Unchecked(why) => panic!("`{p}` not checked: {why}"),
        }
    }

    fn unchecked(p: &str) -> String {
        match for_validator(p) {
            PatternCheck::Checked(q) => panic!("`{p}` checked as `{q}`"),
            PatternCheck::Unchecked(why) => why,
        }
    }

    #[test]
    fn a_pattern_regex_lite_compiles_is_kept_as_written() {
        for p in [
            r"^[a-zA-Z0-9-_.]+$",
            r"\A[0-9]+\z",
            r"^arn:aws[a-z-]*:iam::\d{12}:role/.+$",
            r"[\w\-.]+",
            r"[]a-]",
            r"[^]\\]",
            r"^\$[a-z]+\\Z$",
            // A rewrite would change the text, not the meaning: not applied.
            r"^arn:[a-z\d-]+:kinesis:.+$",
        ] {
            assert_eq!(checked(p), p);
        }
    }

    #[test]
    fn end_of_text_becomes_the_lowercase_anchor() {
        assert_eq!(checked(r"\A[0-9a-fA-F]+\Z"), r"\A[0-9a-fA-F]+\z");
        assert_eq!(checked(r"\A(a|b\Z)"), r"\A(a|b\z)");
        // Not at the end: Java and Python differ there, so nothing is promised.
        assert!(unchecked(r"a\Zb").contains("unrecognized escape"));
    }

    #[test]
    fn short_octal_escapes_become_hex() {
        assert_eq!(checked(r"[^/:|\000-\037]+"), r"[^/:|\x{00}-\x{1F}]+");
        assert_eq!(checked(r"\07x"), r"\x{07}x");
        // Three digits after `\0`: Java reads `\0123` as one character, Python as two.
        unchecked(r"\0123");
    }

    #[test]
    fn a_hyphen_after_a_class_escape_is_literal() {
        let p = checked(r"[\w-.~]+");
        assert_eq!(p, r"[\w\-.~]+");
        let re = regex_lite::Regex::new(&format!("^{p}$")).unwrap();
        assert!(re.is_match("a-b.c~"));
        assert!(!re.is_match("a/b"));
        // Outside a class a hyphen is a plain character already.
        assert_eq!(checked(r"\w-\d"), r"\w-\d");
    }

    #[test]
    fn what_regex_lite_cannot_express_is_unchecked_with_the_reason() {
        assert!(unchecked(r"^(?!aws:)[a-z]+$").contains("look-around"));
        assert!(unchecked(r"^[\p{L}\p{Z}]*$").contains("Unicode character classes"));
        assert!(unchecked(r"[\u0020-\uD7FF\uD800]").contains("surrogate escape `\\uD800`"));
        assert_eq!(checked(r"[\u0020-\uD7FF]"), r"[\u0020-\uD7FF]");
        assert!(unchecked(r"[a-z@[\]]").contains("regex-lite"));
    }
}
