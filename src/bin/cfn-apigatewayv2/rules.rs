//! `validate --list-rules` and `explain RULE`: the rule catalogue on the command line
//! (`cfn_apigatewayv2::validate::catalog`).

use std::fmt::Write as _;
use std::io::Write as _;
use std::process::ExitCode;

use cfn_apigatewayv2::validate::catalog::{self, RuleInfo};
use cfn_apigatewayv2::validate::suggest;
use clap::ArgMatches;

/// `explain RULE`: what the rule checks, its severity, family, page and the data behind it; for
/// documented rules, each row with the sentence it comes from. An unknown id exits 2, naming
/// the closest id when one is clearly closest.
pub(crate) fn explain(args: &ArgMatches) -> ExitCode {
    let id = args.get_one::<String>("rule").map_or("", String::as_str);
    let rule = match rule_id(id) {
        Ok(rule) => rule,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(crate::EXIT_USAGE);
        }
    };
    print(&explanation(&rule))
}

/// The rule `id` names, or what is wrong: the closest id when one is clearly closest (for
/// `explain`, `--ignore`/`--only` and the configuration file alike).
pub(crate) fn rule_id(id: &str) -> Result<RuleInfo, String> {
    catalog::get(id).ok_or_else(|| {
        let hint = suggest::did_you_mean(id, catalog::all().map(|rule| rule.id))
            .unwrap_or_else(|| "`validate --list-rules` lists them".to_owned());
        format!("`{id}` is not a rule id; {hint}")
    })
}

/// The text `explain` prints for `rule`.
fn explanation(rule: &RuleInfo) -> String {
    let mut out = format!("{}: {}\n\n{}\n\n", rule.id, rule.summary, rule.description);
    let _ = writeln!(out, "severity: {}", rule.severity_text());
    let _ = writeln!(out, "family:   {}", rule.family.as_str());
    let _ = writeln!(out, "source:   {}", rule.origin.as_str());
    if let Some(url) = rule.help_url() {
        let _ = writeln!(out, "page:     {url}");
    }
    let _ = match rule.rows() {
        Some(rows) => writeln!(out, "data:     {rows} {}", rule.data_description()),
        None => writeln!(out, "data:     {}", rule.data_description()),
    };
    let rows: Vec<_> = catalog::documented_rows(rule.id).collect();
    if !rows.is_empty() {
        out.push_str("\nrows:\n");
    }
    for row in rows {
        let at: Vec<&str> = row.object.iter().copied().chain([row.property]).collect();
        let _ = writeln!(
            out,
            "- {} {} ({})",
            row.resource,
            at.join("."),
            row.severity.as_str()
        );
        if !row.cite.is_empty() {
            let _ = writeln!(out, "  \"{}\"", row.cite);
        }
        if let Some(url) = row.url {
            let _ = writeln!(out, "  {url}");
        }
    }
    out
}

/// `validate --list-rules`: every rule, one per line, in aligned columns: id, severity,
/// family, rows of data (`-` for hand-written checks), summary.
pub(crate) fn list() -> ExitCode {
    print(&listing())
}

/// The table `--list-rules` prints.
fn listing() -> String {
    let header = ["RULE", "SEVERITY", "FAMILY", "DATA", "SUMMARY"];
    let rows: Vec<[String; 5]> = catalog::all()
        .map(|rule| {
            [
                rule.id.to_owned(),
                rule.severity_text().into_owned(),
                rule.family.as_str().to_owned(),
                rule.rows()
                    .map_or_else(|| "-".to_owned(), |n| n.to_string()),
                rule.summary.to_owned(),
            ]
        })
        .collect();
    let mut widths = header.map(str::len);
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let header = header.map(str::to_owned);
    for row in std::iter::once(&header).chain(&rows) {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            match i {
                // The summary is last: no padding after it.
                4 => line.push_str(cell),
                // Counts align right.
                3 => {
                    let _ = write!(line, "{cell:>width$}  ", width = widths[i]);
                }
                _ => {
                    let _ = write!(line, "{cell:<width$}  ", width = widths[i]);
                }
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Writes `text` to standard output; a closed pipe is not an error.
fn print(text: &str) -> ExitCode {
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("error: writing to standard output: {e}");
            ExitCode::FAILURE
        }
        _ => ExitCode::SUCCESS,
    }
}
