//! Findings as text (compiler style), JSON (the CLI contract's array) and SARIF 2.1.0.

use serde_json::{Value, json};

use super::{Finding, Severity, all_rule_ids, last_key};
use crate::Span;

/// One finding in a compiler's style: `file:line:col: error[rule]: message` (`file: ...` when
/// the finding has no position).
pub fn to_text(file: &str, finding: &Finding) -> String {
    let location = match finding.span {
        Some(Span { line, column }) => format!("{file}:{line}:{column}"),
        None => file.to_owned(),
    };
    let (severity, rule, message) = (finding.severity.as_str(), finding.rule, &finding.message);
    match finding.path.as_str() {
        "" => format!("{location}: {severity}[{rule}]: {message}"),
        path => format!("{location}: {severity}[{rule}]: {message} (at {path})"),
    }
}

/// Findings as the CLI's JSON array: `{"file", "path", "line", "column", "rule", "severity",
/// "message"}` per finding, `line`/`column` `null` where there is no position.
pub fn to_json<'a>(findings: impl IntoIterator<Item = (&'a str, &'a Finding)>) -> Value {
    findings
        .into_iter()
        .map(|(file, f)| {
            json!({
                "file": file,
                "path": f.path,
                "line": f.span.map(|s| s.line),
                "column": f.span.map(|s| s.column),
                "rule": f.rule,
                "severity": f.severity.as_str(),
                "message": f.message,
                "help": f.help,
            })
        })
        .collect()
}

/// Findings as a SARIF 2.1.0 log with one run.
pub fn to_sarif<'a>(findings: impl IntoIterator<Item = (&'a str, &'a Finding)>) -> Value {
    let ids: Vec<(&str, &str)> = all_rule_ids().collect();
    let rules: Vec<Value> = ids
        .iter()
        .map(|(id, text)| json!({"id": id, "shortDescription": {"text": text}}))
        .collect();
    let results: Vec<Value> = findings
        .into_iter()
        .map(|(file, f)| {
            let mut physical = json!({"artifactLocation": {"uri": file}});
            if let Some(Span { line, column }) = f.span {
                physical["region"] = json!({"startLine": line, "startColumn": column});
            }
            json!({
                "ruleId": f.rule,
                "ruleIndex": ids.iter().position(|(id, _)| *id == f.rule),
                "level": match f.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                },
                "message": {"text": f.message},
                "locations": [{
                    "physicalLocation": physical,
                    "logicalLocations": [{"fullyQualifiedName": f.path}],
                }],
            })
        })
        .collect();
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
