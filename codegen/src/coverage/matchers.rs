//! When a normative sentence is accounted for: an overlay entry cites it, or a machine-readable
//! constraint of its property states it. One general matcher per kind; nothing here knows a
//! property by name.

use std::collections::BTreeSet;

use super::sentences::{contains_word, markers, normalize, prose};
use crate::model::{ConstraintKind, Property};

/// Which machine-readable fact of the property states a sentence. Each is unconditional, so
/// none of them accounts for a conditional sentence (one with `if`, `when` or `unless`) unless
/// the fact and the sentence say the same whatever the condition (the whole value set, a
/// required property).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ConstraintMatch {
    /// An unconditional sentence with a bound marker (`maximum`, `between`, `up to`, ...) or a
    /// dashed range (`1-1,000,000`) whose
    /// numbers are all bounds of the property (`minimum`/`maximum`, `minLength`/`maxLength`,
    /// `minItems`/`maxItems`, from any source), and it has at least one.
    Bounds,
    /// The sentence's code spans are exactly the property's closed value set.
    Values,
    /// The sentence says the property is required (it starts with "Required" or "This property
    /// is required", and has no other marker), and the schema requires it.
    Required,
    /// An unconditional sentence that speaks of characters or a pattern, for a property whose
    /// values have a `pattern` (the pattern of a map's keys says nothing about its values),
    /// and whose numbers, if any, are bounds of it.
    Pattern,
}

/// Whether an overlay quote accounts for the sentence: after collapsing whitespace, one
/// contains the other (a quote may span several sentences, or be the telling part of one).
pub fn cites(quote: &str, sentence: &str) -> bool {
    let (quote, sentence) = (normalize(quote), normalize(sentence));
    !quote.is_empty() && (quote.contains(&sentence) || sentence.contains(&quote))
}

/// The first kind of constraint of `property` that states `sentence`, if any (tried in the
/// order of [`ConstraintMatch`]).
pub fn constraint_match(sentence: &str, property: &Property) -> Option<ConstraintMatch> {
    let kinds = || property.constraints.0.iter().map(|c| &c.kind);
    let prose = prose(sentence);
    let has = |words: &[&str]| words.iter().any(|w| contains_word(&prose, w));
    let conditional = has(&["if", "when", "unless"]);
    let bounds: Vec<f64> = kinds().flat_map(bounds_of).collect();
    let numbers = numbers(sentence);
    let numbers_are_bounds = numbers.iter().all(|n| bounds.contains(n));
    let bound_words = has(BOUND_MARKERS) || numeric_range(&prose);
    if !numbers.is_empty() && numbers_are_bounds && bound_words && !conditional {
        return Some(ConstraintMatch::Bounds);
    }
    let spans = code_spans(sentence);
    if let Some(allowed) = property.constraints.allowed_values()
        && !spans.is_empty()
        && spans == allowed.iter().map(String::as_str).collect()
    {
        return Some(ConstraintMatch::Values);
    }
    let says_required = prose.trim_start().starts_with("required")
        || prose.trim_start().starts_with("this property is required");
    if property.required && says_required && markers(sentence) == ["required"] {
        return Some(ConstraintMatch::Required);
    }
    let has_pattern = kinds().any(|k| matches!(k, ConstraintKind::Pattern(_)));
    if has_pattern && has(PATTERN_WORDS) && numbers_are_bounds && !conditional {
        return Some(ConstraintMatch::Pattern);
    }
    None
}

/// The markers of [`super::sentences::MARKERS`] that state a bound.
const BOUND_MARKERS: &[&str] = &[
    "maximum",
    "minimum",
    "between",
    "at most",
    "at least",
    "up to",
    "no more than",
    "fewer than",
    "less than",
    "greater than",
];

/// Whether the prose writes a range as two numbers joined by a dash (`1-1,000,000`).
fn numeric_range(prose: &str) -> bool {
    let chars: Vec<char> = prose.chars().collect();
    chars
        .windows(3)
        .any(|w| w[0].is_ascii_digit() && matches!(w[1], '-' | '\u{2013}') && w[2].is_ascii_digit())
}

/// Words by which a sentence speaks of what a value is made of: what a `pattern` states.
const PATTERN_WORDS: &[&str] = &[
    "pattern",
    "regular expression",
    "character",
    "characters",
    "alphanumeric",
];

fn bounds_of(kind: &ConstraintKind) -> Vec<f64> {
    // Counts and lengths are far below 2^53: exact as `f64`.
    #[allow(clippy::cast_precision_loss)]
    let count = |n: &Option<u64>| n.map(|n| n as f64);
    let (min, max) = match kind {
        ConstraintKind::Length { min, max } | ConstraintKind::Items { min, max } => {
            (count(min), count(max))
        }
        ConstraintKind::Range { min, max } => (*min, *max),
        _ => (None, None),
    };
    min.into_iter().chain(max).collect()
}

/// The numbers of the sentence's prose (not in code spans or link targets), thousands
/// separators read: "29,000" is 29000. A digit run that is part of a word (`S3`, `us-east-1`,
/// `TLS_1_2`, `v2`) is not a number.
pub fn numbers(sentence: &str) -> Vec<f64> {
    let prose = prose(sentence);
    let chars: Vec<char> = prose.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let glued = i > 0 && {
            let before = chars[i - 1];
            let letter_dash = before == '-' && i > 1 && chars[i - 2].is_alphabetic();
            letter_dash || before.is_alphanumeric() || matches!(before, '_' | '.' | '/' | ':' | '$')
        };
        if !chars[i].is_ascii_digit() || glued {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && (chars[i].is_ascii_digit() || matches!(chars[i], ',' | '.')) {
            i += 1;
        }
        let mut token: String = chars[start..i].iter().collect();
        while token.ends_with([',', '.']) {
            token.pop();
        }
        let word_after = chars
            .get(start + token.chars().count())
            .is_some_and(|c| c.is_alphabetic() || *c == '_');
        if word_after {
            continue;
        }
        let grouped = token.split(',').skip(1).all(|g| g.len() == 3);
        let token = if grouped {
            token.replace(',', "")
        } else {
            token.split(',').next().unwrap_or_default().to_owned()
        };
        if let Ok(n) = token.parse() {
            out.push(n);
        }
    }
    out
}

/// The texts of the sentence's code spans, trimmed.
pub fn code_spans(sentence: &str) -> BTreeSet<&str> {
    sentence
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn property(required: bool, kinds: Vec<ConstraintKind>) -> Property {
        Property::test_string("P", required, kinds)
    }

    #[test]
    fn reads_numbers_of_the_prose() {
        let cases: &[(&str, &[f64])] = &[
            ("Between 50 and 29,000 milliseconds.", &[50.0, 29000.0]),
            ("Maximum length is 128.", &[128.0]),
            ("Use S3 in us-east-1 with TLS_1_2 or v2.", &[]),
            ("Values `1.0` and `2.0`.", &[]),
            ("Up to 1.5 seconds, or 1 hour.", &[1.5, 1.0]),
            ("A list of 1, 2, or 3.", &[1.0, 2.0, 3.0]),
            ("See [a](https://x/10.html) for 10s.", &[]),
            ("Values 1-1,000,000 are supported.", &[1.0, 1_000_000.0]),
        ];
        for (sentence, expected) in cases {
            assert_eq!(numbers(sentence), *expected, "{sentence:?}");
        }
    }

    #[test]
    fn quotes_cite_sentences_either_way_round() {
        let cases = [
            (
                "Supported only for HTTP APIs.",
                "Supported only for HTTP APIs.",
                true,
            ),
            (
                "A. Supported only\nfor HTTP APIs. B.",
                "Supported only for HTTP APIs.",
                true,
            ),
            ("can't be updated", "It can't be  updated if set.", true),
            (
                "Supported only for WebSocket APIs.",
                "Supported only for HTTP APIs.",
                false,
            ),
            ("", "Anything.", false),
        ];
        for (quote, sentence, expected) in cases {
            assert_eq!(cites(quote, sentence), expected, "{quote:?} / {sentence:?}");
        }
    }

    #[test]
    fn matches_each_kind_of_constraint() {
        use ConstraintKind as K;
        use ConstraintMatch as M;
        let length = || K::Length {
            min: Some(1),
            max: Some(128),
        };
        let range = || K::Range {
            min: Some(0.0),
            max: Some(3600.0),
        };
        let values = || K::AllowedValues(vec!["A".into(), "B".into()]);
        let pattern = || K::Pattern("^[a-z]+$".into());
        let cases: Vec<(&str, bool, Vec<ConstraintKind>, Option<M>)> = vec![
            (
                "Maximum length is 128 characters.",
                false,
                vec![length()],
                Some(M::Bounds),
            ),
            (
                "Between 1 and 128 characters.",
                false,
                vec![length()],
                Some(M::Bounds),
            ),
            ("Maximum length is 256.", false, vec![length()], None),
            (
                "The maximum value is 3600, or 1 hour.",
                false,
                vec![range()],
                None,
            ),
            (
                "The maximum value is 3600.",
                false,
                vec![range()],
                Some(M::Bounds),
            ),
            ("Maximum length is 128.", false, vec![], None),
            (
                "Valid values are `A` and `B`.",
                false,
                vec![values()],
                Some(M::Values),
            ),
            ("Valid values are `A` and `C`.", false, vec![values()], None),
            (
                "Only `A` is supported for HTTP.",
                false,
                vec![values()],
                None,
            ),
            ("Required.", true, vec![], Some(M::Required)),
            ("Required for HTTP APIs.", true, vec![], Some(M::Required)),
            ("Required.", false, vec![], None),
            ("Required, and must be unique.", true, vec![], None),
            (
                "Specifies whether the parameter is required.",
                true,
                vec![],
                None,
            ),
            (
                "This property is required.",
                true,
                vec![],
                Some(M::Required),
            ),
            (
                "If it is greater than 0, it caches.",
                false,
                vec![range()],
                None,
            ),
            (
                "It is greater than 0.",
                false,
                vec![range()],
                Some(M::Bounds),
            ),
            ("The number 3600.", false, vec![range()], None),
            (
                "Values 0-3600 are supported.",
                false,
                vec![range()],
                Some(M::Bounds),
            ),
            (
                "Must contain only alphanumeric characters.",
                false,
                vec![pattern()],
                Some(M::Pattern),
            ),
            (
                "Must contain only alphanumeric characters.",
                false,
                vec![],
                None,
            ),
            ("At most 64 characters.", false, vec![pattern()], None),
            ("Must be unique.", false, vec![pattern()], None),
            (
                "Must match the pattern.",
                false,
                vec![K::KeyPattern("^a$".into())],
                None,
            ),
            (
                "If set, must match the pattern.",
                false,
                vec![pattern()],
                None,
            ),
        ];
        for (sentence, required, kinds, expected) in cases {
            let p = property(required, kinds);
            assert_eq!(constraint_match(sentence, &p), expected, "{sentence:?}");
        }
    }
}
