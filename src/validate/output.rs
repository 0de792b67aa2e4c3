//! Findings as text (compiler style), JSON (the CLI contract's array) and SARIF 2.1.0.

use serde_json::{Value, json};

use std::borrow::Cow;

use super::catalog::{self, RuleInfo};
use super::{Cite, Finding, Severity, Suppressed, last_key};
use crate::Span;

/// One finding in a compiler's style: `file:line:col: error[rule]: message (at PATH); help: HELP`
/// (`file: ...` when the finding has no position; no `; help:` without help).
pub fn to_text(file: &str, finding: &Finding) -> String {
    let location = match finding.span {
        Some(Span { line, column }) => format!("{file}:{line}:{column}"),
        None => file.to_owned(),
    };
    let (severity, rule, message) = (finding.severity.as_str(), finding.rule, &finding.message);
    let mut line = match finding.path.as_str() {
        "" => format!("{location}: {severity}[{rule}]: {message}"),
        path => format!("{location}: {severity}[{rule}]: {message} (at {path})"),
    };
    if let Some(help) = &finding.help {
        line += "; help: ";
        line += help;
    }
    line
}

/// Findings as the CLI's JSON array: `{"file", "path", "line", "column", "rule", "severity",
/// "message", "help", "source", "note", "url"}` per finding: `line`/`column` `null` where there
/// is no position, `help` where there is no fix to suggest; `source` (the [`Origin`](super::Origin) name),
/// `note` and `url` the finding's cite (the rule's catalogue entry when it cites nothing more
/// precise, [`super::catalog`]), `null` where even that has none.
pub fn to_json<'a>(findings: impl IntoIterator<Item = (&'a str, &'a Finding)>) -> Value {
    findings
        .into_iter()
        .map(|(file, f)| {
            let source = cite(f);
            json!({
                "file": file,
                "path": f.path,
                "line": f.span.map(|s| s.line),
                "column": f.span.map(|s| s.column),
                "rule": f.rule,
                "severity": f.severity.as_str(),
                "message": f.message,
                "help": f.help,
                "source": source.as_ref().map(|c| c.origin.as_str()),
                "note": source.as_ref().map(|c| &c.note),
                "url": source.as_ref().and_then(|c| c.url.as_ref()),
            })
        })
        .collect()
}

/// The finding's cite, else its rule's (borrowed: nothing is copied).
fn cite(finding: &Finding) -> Option<Cow<'_, Cite>> {
    match &finding.source {
        Some(source) => Some(Cow::Borrowed(source)),
        None => catalog::cite(finding.rule).map(Cow::Owned),
    }
}

/// The key of [`fingerprint`] in SARIF's `partialFingerprints`.
pub const FINGERPRINT_KEY: &str = "cfnFindingHash/v1";

/// A finding's fingerprint: the 64-bit FNV-1a hash of its rule id, JSON path and file name
/// (each followed by a zero byte), as 16 lowercase hex digits. It does not change when lines
/// move (no position or message text goes in), nor between runs or builds (FNV-1a has no
/// random seed); findings of one rule at one path of one file share it.
pub fn fingerprint(file: &str, finding: &Finding) -> String {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut hash = OFFSET;
    for part in [finding.rule, finding.path.as_str(), file] {
        for &byte in part.as_bytes().iter().chain(&[0]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(PRIME);
        }
    }
    format!("{hash:016x}")
}

/// SARIF's level of a severity.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// Findings as a SARIF 2.1.0 log with one run. Every rule of the [`super::catalog`] is in
/// `tool.driver.rules` (with its full description, help page and text, default level and
/// family); each result has a `partialFingerprints` entry ([`FINGERPRINT_KEY`]) and its help
/// and cite in `properties`.
pub fn to_sarif<'a>(findings: impl IntoIterator<Item = (&'a str, &'a Finding)>) -> Value {
    to_sarif_with_suppressed(findings, [])
}

/// [`to_sarif`], with the findings the templates' suppressions silenced ([`Suppressed`]) as
/// results carrying an `inSource` suppression and its reason as the justification, as SARIF
/// marks results a team has judged acceptable.
pub fn to_sarif_with_suppressed<'a>(
    findings: impl IntoIterator<Item = (&'a str, &'a Finding)>,
    suppressed: impl IntoIterator<Item = (&'a str, &'a Suppressed)>,
) -> Value {
    let catalog: Vec<RuleInfo> = catalog::all().collect();
    let rules: Vec<Value> = catalog.iter().map(sarif_rule).collect();
    let mut results: Vec<Value> = findings
        .into_iter()
        .map(|(file, f)| sarif_result(&catalog, file, f))
        .collect();
    results.extend(suppressed.into_iter().map(|(file, s)| {
        let mut result = sarif_result(&catalog, file, &s.finding);
        result["suppressions"] = json!([{"kind": "inSource", "justification": s.reason}]);
        result
    }));
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "cfn-apigatewayv2",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "rules": rules,
            }},
            "results": results,
        }],
    })
}

/// One SARIF result.
fn sarif_result(catalog: &[RuleInfo], file: &str, f: &Finding) -> Value {
    let mut physical = json!({"artifactLocation": {"uri": file}});
    if let Some(Span { line, column }) = f.span {
        physical["region"] = json!({"startLine": line, "startColumn": column});
    }
    let mut properties = serde_json::Map::new();
    if let Some(help) = &f.help {
        properties.insert("help".into(), json!(help));
    }
    if let Some(source) = cite(f) {
        properties.insert("source".into(), json!(source.origin.as_str()));
        properties.insert("note".into(), json!(source.note));
        if let Some(url) = &source.url {
            properties.insert("url".into(), json!(url));
        }
    }
    json!({
        "ruleId": f.rule,
        "ruleIndex": catalog.iter().position(|rule| rule.id == f.rule),
        "level": level(f.severity),
        "message": {"text": f.message},
        "locations": [{
            "physicalLocation": physical,
            "logicalLocations": [{"fullyQualifiedName": f.path}],
        }],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(file, f)},
        "properties": properties,
    })
}

fn sarif_rule(rule: &RuleInfo) -> Value {
    let rows = match rule.rows() {
        Some(n) => format!("{n} {}", rule.data_description()),
        None => rule.data_description().to_owned(),
    };
    let mut help = format!(
        "{} Severity: {}. Data: {rows}.",
        rule.description,
        rule.severity_text()
    );
    let url = rule.help_url();
    if let Some(url) = url {
        help.push_str(&format!(" See {url}"));
    }
    let mut value = json!({
        "id": rule.id,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.description},
        "help": {"text": help},
        "defaultConfiguration": {"level": level(rule.level)},
        "properties": {
            "family": rule.family.as_str(),
            "severity": rule.severity_text(),
            "source": rule.origin.as_str(),
            "dataRows": rule.rows(),
        },
    });
    if let Some(url) = url {
        value["helpUri"] = json!(url);
    }
    value
}

/// Whether a finding of the schema walker is about a key (`unknown-property`,
/// `deprecated-property`, `key-pattern`) rather than its value.
pub(crate) fn about_a_key(finding: &Finding) -> bool {
    matches!(
        finding.rule,
        "unknown-property" | "deprecated-property" | "key-pattern"
    )
}

/// Moves the findings `keyed` selects from the key's value to the key itself, found in `text`
/// just before the value: the key, an optional quote, then `:`. Left as they are where that is
/// not what precedes the value.
pub(crate) fn place_at_keys(
    text: &str,
    findings: &mut [Finding],
    keyed: impl Fn(&Finding) -> bool,
) {
    let mut lines: Option<Vec<usize>> = None;
    for finding in findings.iter_mut().filter(|f| keyed(f)) {
        let (Some(span), Some(key)) = (finding.span, last_key(&finding.path)) else {
            continue;
        };
        let starts = lines.get_or_insert_with(|| {
            std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        if let Some(found) = key_before(text, starts, span, &key) {
            finding.span = Some(found);
        }
    }
}

fn key_before(text: &str, starts: &[usize], value: Span, key: &str) -> Option<Span> {
    let line_start = *starts.get(usize::try_from(value.line).ok()?.checked_sub(1)?)?;
    let line = &text[line_start..];
    let column = usize::try_from(value.column).ok()?.checked_sub(1)?;
    let offset = line_start
        + line
            .char_indices()
            .nth(column)
            .map_or(line.len(), |(i, _)| i);
    let before = text.get(..offset)?;
    let at = before.rfind(key)?;
    let between = before[at + key.len()..].trim_start_matches(['"', '\'']);
    let between = between.strip_prefix(':')?;
    // Between the colon and the value: blanks, line breaks, comments, a tag or an anchor only.
    let plain = between.lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#') || l.starts_with('!') || l.starts_with('&')
    });
    if !plain {
        return None;
    }
    let key_start = if before[..at].ends_with(['"', '\'']) {
        at - 1
    } else {
        at
    };
    let line_index = starts.partition_point(|&s| s <= key_start) - 1;
    let line_start = starts[line_index];
    let column = text[line_start..key_start].chars().count() + 1;
    Some(Span {
        line: u32::try_from(line_index + 1).ok()?,
        column: u32::try_from(column).ok()?,
    })
}
