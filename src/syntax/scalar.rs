//! YAML 1.1 scalar resolution as PyYAML does it (and so cfn-flip and cfn-lint), with the
//! CloudFormation-specific choices documented on [`super::yaml`]; and the reverse question the
//! writer asks: would a string written plain be read back as something else?

use crate::NodeKind;

/// What a plain (unquoted, untagged) scalar means.
pub(super) fn resolve_plain(text: &str) -> NodeKind {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => NodeKind::Null,
        "true" | "True" | "TRUE" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" => {
            NodeKind::Bool(true)
        }
        "false" | "False" | "FALSE" | "no" | "No" | "NO" | "off" | "Off" | "OFF" => {
            NodeKind::Bool(false)
        }
        _ => match number(text) {
            Some(json) => NodeKind::Number(json),
            None => NodeKind::String(text.to_owned()),
        },
    }
}

/// The value of a YAML 1.1 `!!bool`.
pub(super) fn boolean(text: &str) -> Option<bool> {
    match resolve_plain(text) {
        NodeKind::Bool(b) => Some(b),
        _ => None,
    }
}

/// A YAML 1.1 integer or float (PyYAML's patterns, without `.inf`/`.nan`, which JSON cannot
/// hold), as a JSON numeral: the text itself when it already is one (`1.0`, `-5`), else the
/// same value spelled as JSON (`0x1F` → `31`, `1_000` → `1000`, `+.5`… see the tests).
pub(super) fn number(text: &str) -> Option<String> {
    let (negative, body) = match text.as_bytes().first() {
        Some(b'-') => (true, text.get(1..)?),
        Some(b'+') => (false, text.get(1..)?),
        _ => (false, text),
    };
    let signed = body.len() != text.len();
    let value = if body.contains('.') {
        // `.5` has no signed form in PyYAML's pattern.
        if signed && body.starts_with('.') {
            return None;
        }
        float(body)?
    } else {
        integer(body)?
    };
    if is_json_number(text) {
        return Some(text.to_owned());
    }
    Some(if negative { format!("-{value}") } else { value })
}

/// Whether `text` is a numeral in JSON's grammar.
pub(super) fn is_json_number(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = usize::from(b.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i > start
    };
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => {
            digits(&mut i);
        }
        _ => return false,
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if !digits(&mut i) {
            return false;
        }
    }
    if let Some(b'e' | b'E') = b.get(i) {
        i += 1;
        if let Some(b'+' | b'-') = b.get(i) {
            i += 1;
        }
        if !digits(&mut i) {
            return false;
        }
    }
    i == b.len()
}

/// An unsigned YAML 1.1 integer, in decimal.
fn integer(body: &str) -> Option<String> {
    let is = |s: &str, ok: fn(u8) -> bool| !s.is_empty() && s.bytes().all(ok);
    if let Some(bits) = body.strip_prefix("0b") {
        return is(bits, |b| matches!(b, b'0' | b'1' | b'_')).then(|| in_decimal(bits, 2));
    }
    if let Some(hex) = body.strip_prefix("0x") {
        return is(hex, |b| b.is_ascii_hexdigit() || b == b'_').then(|| in_decimal(hex, 16));
    }
    if let Some(octal) = body.strip_prefix('0') {
        return (octal.is_empty() || is(octal, |b| matches!(b, b'0'..=b'7' | b'_')))
            .then(|| in_decimal(octal, 8));
    }
    if !body.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    match body.split_once(':') {
        None => is(body, |b| b.is_ascii_digit() || b == b'_').then(|| in_decimal(body, 10)),
        Some((head, tail)) => sexagesimal(head, tail),
    }
}

/// An unsigned YAML 1.1 float with a `.` (not `.inf`/`.nan`), as a JSON numeral.
fn float(body: &str) -> Option<String> {
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(at) => (body.get(..at)?, body.get(at..)?),
        None => (body, ""),
    };
    let (whole, fraction) = mantissa.split_once('.')?;
    let underscored = |s: &str| s.bytes().all(|b| b.is_ascii_digit() || b == b'_');
    if !underscored(fraction) {
        return None;
    }
    let fraction = fraction.replace('_', "");
    let fraction = if fraction.is_empty() { "0" } else { &fraction };
    let whole = if let Some((head, tail)) = whole.split_once(':') {
        // Sexagesimal floats (`190:20:30.15`) have no exponent.
        if !exponent.is_empty() {
            return None;
        }
        sexagesimal(head, tail)?
    } else if whole.is_empty() {
        // `.5`: needs digits after the dot.
        if fraction == "0" && mantissa.len() == 1 {
            return None;
        }
        "0".to_owned()
    } else if whole.starts_with(|c: char| c.is_ascii_digit()) && underscored(whole) {
        in_decimal(whole, 10)
    } else {
        return None;
    };
    // PyYAML's exponent needs a sign: `1.0e+5` is a float, `1.0e5` a string.
    let exponent_ok = exponent.is_empty()
        || (matches!(exponent.as_bytes().get(1), Some(b'+' | b'-'))
            && exponent.len() > 2
            && exponent.bytes().skip(2).all(|b| b.is_ascii_digit()));
    exponent_ok.then(|| format!("{whole}.{fraction}{exponent}"))
}

/// `head:tail` in base 60: `head` is `[0-9][0-9_]*`, `tail` is `[0-5]?[0-9]` parts joined by `:`.
fn sexagesimal(head: &str, tail: &str) -> Option<String> {
    if !head.starts_with(|c: char| c.is_ascii_digit())
        || !head.bytes().all(|b| b.is_ascii_digit() || b == b'_')
    {
        return None;
    }
    let mut value = Digits::parse(head, 10);
    for part in tail.split(':') {
        let ok = match part.as_bytes() {
            [d] => d.is_ascii_digit(),
            [d, e] => matches!(d, b'0'..=b'5') && e.is_ascii_digit(),
            _ => false,
        };
        if !ok {
            return None;
        }
        value.mul_add(60, part.parse().ok()?);
    }
    Some(value.to_string())
}

/// `digits` (with `_` separators) in base `radix`, written in decimal.
fn in_decimal(digits: &str, radix: u32) -> String {
    Digits::parse(digits, radix).to_string()
}

/// An arbitrary-size natural number as decimal digits, least significant first (YAML integers
/// have no size limit, and neither do JSON numerals).
struct Digits(Vec<u8>);

impl Digits {
    fn parse(digits: &str, radix: u32) -> Self {
        let mut value = Digits(Vec::new());
        for digit in digits.chars().filter_map(|c| c.to_digit(radix)) {
            value.mul_add(radix, digit);
        }
        value
    }

    fn mul_add(&mut self, factor: u32, add: u32) {
        let mut carry = add;
        for digit in &mut self.0 {
            let v = u32::from(*digit) * factor + carry;
            *digit = (v % 10) as u8;
            carry = v / 10;
        }
        while carry > 0 {
            self.0.push((carry % 10) as u8);
            carry /= 10;
        }
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }
}

impl std::fmt::Display for Digits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0.is_empty() {
            return f.write_str("0");
        }
        self.0
            .iter()
            .rev()
            .try_for_each(|d| write!(f, "{}", char::from(b'0' + d)))
    }
}

/// Whether a string must be quoted in YAML: a plain scalar would read back as something else
/// here (null, boolean, number, merge key) or in other common YAML readers (YAML 1.2 numbers such
/// as `1e3`, 1.1 dates such as `2010-09-09`, `y`/`n`, `.inf`), or would not be a plain scalar at
/// all (indicators, `: `, ` #`, surrounding spaces, line breaks, non-printable characters).
pub(super) fn needs_quotes(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return true;
    };
    !matches!(resolve_plain(s), NodeKind::String(_))
        || "-?:,[]{}#&*!|>'\"%@`".contains(first)
        || first.is_whitespace()
        || s.ends_with(char::is_whitespace)
        || s.ends_with(':')
        || s.contains(": ")
        || s.contains(" #")
        || s.contains(":\t")
        || s.contains("\t#")
        || s.starts_with("...")
        || s.chars().any(|c| c.is_control() || !is_printable(c))
        || looks_like_other_yaml(s)
}

/// Whether a character can appear unescaped in YAML text (YAML's `c-printable`, less the BOM
/// and the Unicode line separators, which readers treat as line breaks).
pub(super) fn is_printable(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\u{20}'..='\u{7e}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
        && !matches!(c, '\u{feff}' | '\u{2028}' | '\u{2029}')
}

/// Strings other YAML readers resolve to non-strings: 1.2 core schema numbers, 1.1 booleans in
/// any case and `y`/`n`, timestamps, infinities and NaN, the 1.1 value key `=`, the merge key.
fn looks_like_other_yaml(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "y" | "n" | "yes" | "no" | "on" | "off" | "true" | "false" | "null" | "=" | "<<"
    ) {
        return true;
    }
    let unsigned = lower.strip_prefix(['-', '+']).unwrap_or(&lower);
    if matches!(unsigned, ".inf" | ".nan") {
        return true;
    }
    let b = s.as_bytes();
    // A date (`2010-09-09`) or a timestamp starting with one.
    if b.len() >= 8 && b.iter().take(4).all(u8::is_ascii_digit) && b.get(4) == Some(&b'-') {
        return true;
    }
    let digits = |t: &str, radix: u32| !t.is_empty() && t.chars().all(|c| c.is_digit(radix));
    if let Some(octal) = s.strip_prefix("0o") {
        return digits(octal, 8);
    }
    if let Some(hex) = s.strip_prefix("0x") {
        return digits(hex, 16);
    }
    // YAML 1.2 floats: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
    let unsigned = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e.strip_prefix(['-', '+']).unwrap_or(e))),
        None => (unsigned, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some(("", fraction)) => digits(fraction, 10),
        Some((whole, fraction)) => {
            digits(whole, 10) && fraction.chars().all(|c| c.is_ascii_digit())
        }
        None => digits(mantissa, 10),
    };
    mantissa_ok && exponent.is_none_or(|e| digits(e, 10))
}
