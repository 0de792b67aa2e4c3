//! `validate`: templates in, findings out.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use cfn_apigatewayv2::validate::{self, Finding, Severity};
use clap::{Arg, ArgAction, ArgMatches, Command, value_parser};

use crate::EXIT_USAGE;

/// The `validate` subcommand's arguments.
pub(crate) fn command() -> Command {
    Command::new("validate")
        .about("Report what CloudFormation would reject in templates (JSON or YAML)")
        .arg(
            Arg::new("format")
                .long("format")
                .value_name("FORMAT")
                .help(
                    "Output format: `human` (the source line with the span underlined, notes \
                     and help), `text` (one line per finding), `json`, or `sarif` (2.1.0)",
                )
                .value_parser(["human", "text", "json", "sarif"])
                .default_value("human"),
        )
        .arg(
            Arg::new("color")
                .long("color")
                .value_name("WHEN")
                .help("Colour in the human format: on a terminal only (auto, unless NO_COLOR is set), always, never")
                .value_parser(["auto", "always", "never"])
                .default_value("auto"),
        )
        .arg(
            Arg::new("ignore")
                .long("ignore")
                .value_name("RULE")
                .help("Do not report this rule (repeatable, or comma-separated)")
                .value_delimiter(',')
                .action(ArgAction::Append),
        )
        .arg(
            Arg::new("only")
                .long("only")
                .value_name("RULE")
                .help("Report only these rules (repeatable, or comma-separated)")
                .value_delimiter(',')
                .action(ArgAction::Append),
        )
        .arg(
            Arg::new("config")
                .long("config")
                .value_name("FILE")
                .help(
                    "The configuration file to use for every template (default: the nearest \
                     .cfn-apigatewayv2.yaml found walking up from each template's folder)",
                )
                .value_parser(value_parser!(PathBuf)),
        )
        .arg(
            Arg::new("no-config")
                .long("no-config")
                .help("Read no configuration file")
                .action(ArgAction::SetTrue)
                .conflicts_with("config"),
        )
        .arg(
            Arg::new("deny")
                .long("deny")
                .value_name("LEVEL")
                .help("`--deny warnings`: warnings fail the run too (exit 1)")
                .value_parser(["warnings"]),
        )
        .arg(
            Arg::new("quiet")
                .long("quiet")
                .short('q')
                .help("Report errors only, and no summary line")
                .action(ArgAction::SetTrue),
        )
        .arg(
            Arg::new("stdin-name")
                .long("stdin-name")
                .value_name("NAME")
                .help("The file name to show for standard input (`-`), and to match the configuration's paths against")
                .default_value("<stdin>"),
        )
        .arg(
            Arg::new("jobs")
                .long("jobs")
                .short('j')
                .value_name("N")
                .help("Templates validated at once (default: one per core)")
                .value_parser(value_parser!(std::num::NonZeroUsize)),
        )
        .arg(
            Arg::new("list-rules")
                .long("list-rules")
                .help("List every rule: id, severity, family, what it checks, and the rows of data behind it")
                .action(ArgAction::SetTrue)
                .exclusive(true),
        )
        .arg(
            Arg::new("file")
                .value_name("PATH")
                .help(
                    "Templates: files, folders (walked for *.yaml, *.yml, *.json, *.template, \
                     honouring .gitignore), globs (quoted: 'stacks/**/*.yaml'), or - for \
                     standard input",
                )
                .value_parser(value_parser!(PathBuf))
                .num_args(1..)
                .required_unless_present("list-rules"),
        )
}

/// Runs `validate`.
pub(crate) fn run(args: &ArgMatches) -> ExitCode {
    if args.get_flag("list-rules") {
        return crate::rules::list();
    }
    let format = args
        .get_one::<String>("format")
        .map_or("text", String::as_str);
    // The human format comes in a later commit; until then it is the one-line text.
    let format = if format == "human" { "text" } else { format };
    let mut all: Vec<(String, Finding)> = Vec::new();
    let mut unreadable = false;
    for path in args.get_many::<PathBuf>("file").into_iter().flatten() {
        let file = path.display().to_string();
        let found = match std::fs::read(path) {
            Ok(bytes) => validate::validate_bytes(&bytes).map_err(|e| (Some(e.span()), e.message)),
            Err(e) => Err((None, format!("cannot read the file: {e}"))),
        };
        match found {
            Ok(findings) => all.extend(findings.into_iter().map(|f| (file.clone(), f))),
            Err((span, message)) => {
                unreadable = true;
                let finding = Finding {
                    path: String::new(),
                    span,
                    rule: "parse",
                    severity: Severity::Error,
                    message,
                    help: None,
                    source: None,
                };
                if format != "text" {
                    eprintln!("{}", validate::output::to_text(&file, &finding));
                }
                all.push((file, finding));
            }
        }
    }
    let pairs = all.iter().map(|(file, f)| (file.as_str(), f));
    let mut text = match format {
        "json" => validate::output::to_json(pairs).to_string(),
        "sarif" => validate::output::to_sarif(pairs).to_string(),
        _ => pairs
            .map(|(file, f)| validate::output::to_text(file, f) + "\n")
            .collect(),
    };
    if format != "text" {
        text.push('\n');
    }
    if let Err(e) = std::io::stdout().lock().write_all(text.as_bytes()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error: writing to standard output: {e}");
        }
    }
    if unreadable {
        ExitCode::from(EXIT_USAGE)
    } else if all.iter().any(|(_, f)| f.severity == Severity::Error) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
