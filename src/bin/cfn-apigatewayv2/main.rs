//! `cfn-apigatewayv2`: CloudFormation templates with typed `AWS::ApiGatewayV2::*` resources.
//!
//! - `cfn-apigatewayv2 convert --to json|yaml FILE`: reads a template (JSON or YAML, detected from
//!   the content) into the typed model and writes it to standard output, JSON with long-form
//!   intrinsics or YAML with short tags. The output is the same data as the input, read as
//!   CloudFormation reads it: a key repeated in a mapping keeps its last value, with a note on
//!   standard error (`FILE:LINE:COL: warning: duplicate key "X" (first at L:C); the last value
//!   is kept`).
//!
//! - `cfn-apigatewayv2 validate [--format text|json|sarif] FILE...`: reports what CloudFormation
//!   would reject (see `cfn_apigatewayv2::validate`), as `file:line:col: error[rule]: message`
//!   lines, one JSON array of findings, or a SARIF 2.1.0 log, on standard output.
//!
//! Exit codes: 0 done (`validate`: no errors, warnings allowed); 1 (`validate`) errors found; 2 a
//! usage error, or a file that cannot be read or parsed (reported on standard error as
//! `FILE:LINE:COL: error: message`; `validate` also reports it as a finding of rule `parse`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use cfn_apigatewayv2::template::Template;
use cfn_apigatewayv2::{Span, syntax};
use clap::{Arg, ArgMatches, Command, value_parser};

mod config;
mod human;
mod inputs;
mod lint;
mod rules;

/// Exit code for usage errors and unreadable files (clap's own for usage errors).
pub(crate) const EXIT_USAGE: u8 = 2;

fn cli() -> Command {
    Command::new("cfn-apigatewayv2")
        .version(env!("CARGO_PKG_VERSION"))
        .about("CloudFormation templates with typed AWS::ApiGatewayV2 resources")
        .subcommand_required(true)
        .arg_required_else_help(true)
        .subcommand(
            Command::new("convert")
                .about(
                    "Read a template (JSON or YAML) through the typed model and write it to \
                     standard output",
                )
                .arg(
                    Arg::new("to")
                        .long("to")
                        .value_name("FORMAT")
                        .help("Output format: JSON with long-form intrinsics, YAML with short tags")
                        .value_parser(["json", "yaml"])
                        .required(true),
                )
                .arg(
                    Arg::new("file")
                        .value_name("FILE")
                        .help("The template to read")
                        .value_parser(value_parser!(PathBuf))
                        .required(true),
                ),
        )
        .subcommand(lint::command())
        .subcommand(
            Command::new("explain")
                .about("Explain a rule: what it checks, its severity, and the data behind it")
                .arg(
                    Arg::new("rule")
                        .value_name("RULE")
                        .help("A rule id, as findings and `validate --list-rules` show it")
                        .required(true),
                ),
        )
}

fn main() -> ExitCode {
    let matches = match cli().try_get_matches() {
        Ok(matches) => matches,
        Err(error) => {
            // Usage errors go to standard error (exit 2), `--help`/`--version` to standard output.
            let _ = error.print();
            return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(EXIT_USAGE));
        }
    };
    match matches.subcommand() {
        Some(("convert", args)) => convert(args),
        Some(("validate", args)) => lint::run(args),
        Some(("explain", args)) => rules::explain(args),
        _ => ExitCode::from(EXIT_USAGE),
    }
}

fn convert(args: &ArgMatches) -> ExitCode {
    let (Some(path), Some(to)) = (
        args.get_one::<PathBuf>("file"),
        args.get_one::<String>("to"),
    ) else {
        return ExitCode::from(EXIT_USAGE);
    };
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => return file_error(path, None, &format!("cannot read the file: {e}")),
    };
    let parsed = match syntax::parse_document(&bytes) {
        Ok(parsed) => parsed,
        Err(e) => return file_error(path, Some(e.span()), &e.message),
    };
    for duplicate in &parsed.duplicates {
        let Span { line, column } = duplicate.repeated;
        eprintln!(
            "{}:{line}:{column}: warning: duplicate key {:?} (first at {}); the last value is kept",
            path.display(),
            duplicate.key,
            duplicate.first
        );
    }
    let template = match Template::from_node(&parsed.node) {
        Ok(template) => template,
        Err(e) => return file_error(path, e.span(), &e.message()),
    };
    let written = match to.as_str() {
        "json" => template.to_json(),
        _ => template.to_yaml(),
    };
    let mut text = match written {
        Ok(text) => text,
        Err(e) => return file_error(path, None, &format!("cannot write the template: {e}")),
    };
    if !text.ends_with('\n') {
        text.push('\n');
    }
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        // The reader went away (`| head`): nothing left to say.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: writing to standard output: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Reports a file that cannot be read, parsed or written as `FILE:LINE:COL: error: message`
/// (at 1:1 where the error has no position, e.g. a file that does not exist).
fn file_error(path: &Path, span: Option<Span>, message: &str) -> ExitCode {
    let Span { line, column } = span.unwrap_or(Span { line: 1, column: 1 });
    eprintln!("{}:{line}:{column}: error: {message}", path.display());
    ExitCode::from(EXIT_USAGE)
}
