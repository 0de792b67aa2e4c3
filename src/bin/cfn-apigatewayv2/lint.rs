//! `validate`: templates in, findings out.
//!
//! Inputs ([`inputs`](crate::inputs)) are read and validated on all cores, each with the rules
//! its configuration ([`config`](crate::config)) and the flags select; the output is in the
//! inputs' order whatever finishes first. Exit codes: 0 no errors (warnings allowed, unless
//! `--deny warnings`), 1 errors (or denied warnings), 2 a usage or configuration error or a file
//! that cannot be read or parsed.

use std::io::{IsTerminal, Read, Write};
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use annotate_snippets::Renderer;
use cfn_apigatewayv2::validate::{self, Finding, Severity, Suppressed};
use clap::{Arg, ArgAction, ArgMatches, Command, value_parser};

use crate::EXIT_USAGE;
use crate::config::{Config, Finder, Selection};
use crate::inputs::{self, From, Input};

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
            Arg::new("skip-non-templates")
                .long("skip-non-templates")
                .help(
                    "Skip named files that are not templates (no `Resources` or \
                     `AWSTemplateFormatVersion` in their text) as folder walks do: for hooks \
                     that pass every YAML and JSON file",
                )
                .action(ArgAction::SetTrue),
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
    let options = match Options::of(args) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let (inputs, bad_args) = inputs_of(args, &options);
    validate_all(&inputs, bad_args, &options)
}

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Human,
    Text,
    Json,
    Sarif,
}

/// `validate`'s settings from the command line.
struct Options {
    format: Format,
    color: bool,
    /// The rules the flags select (applied after each template's configuration).
    flags: Selection,
    /// `--config FILE`, read; `None` with `--no-config` or to look for each template's own.
    config: Option<Arc<Config>>,
    no_config: bool,
    quiet: bool,
    /// Named files are skipped, like found ones, when they are not templates.
    skip_non_templates: bool,
    jobs: usize,
    stdin_name: String,
}

impl Options {
    fn of(args: &ArgMatches) -> Result<Options, String> {
        let format = match args.get_one::<String>("format").map(String::as_str) {
            Some("text") => Format::Text,
            Some("json") => Format::Json,
            Some("sarif") => Format::Sarif,
            _ => Format::Human,
        };
        let color = match args.get_one::<String>("color").map(String::as_str) {
            Some("always") => true,
            Some("never") => false,
            _ => {
                std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        };
        let rules = |name: &str| -> Result<Vec<String>, String> {
            args.get_many::<String>(name)
                .into_iter()
                .flatten()
                .filter(|r| !r.is_empty())
                .map(|r| {
                    crate::rules::rule_id(r)
                        .map(|rule| rule.id.to_owned())
                        .map_err(|m| format!("--{name}: {m}"))
                })
                .collect()
        };
        let flags = Selection {
            ignore: rules("ignore")?,
            only: rules("only")?,
            deny_warnings: args.get_one::<String>("deny").is_some(),
        };
        let config = match args.get_one::<PathBuf>("config") {
            Some(path) => Some(Arc::new(Config::load(path)?)),
            None => None,
        };
        let jobs = args
            .get_one::<NonZeroUsize>("jobs")
            .copied()
            .unwrap_or_else(|| std::thread::available_parallelism().unwrap_or(NonZeroUsize::MIN));
        Ok(Options {
            format,
            color,
            flags,
            config,
            no_config: args.get_flag("no-config"),
            quiet: args.get_flag("quiet"),
            skip_non_templates: args.get_flag("skip-non-templates"),
            jobs: jobs.get(),
            stdin_name: args
                .get_one::<String>("stdin-name")
                .cloned()
                .unwrap_or_else(|| "<stdin>".to_owned()),
        })
    }
}

/// The templates the arguments name; arguments that name nothing are reported on standard error
/// and counted.
fn inputs_of(args: &ArgMatches, options: &Options) -> (Vec<Input>, usize) {
    let paths: Vec<PathBuf> = args
        .get_many::<PathBuf>("file")
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    let (inputs, errors) = inputs::collect(&paths, &options.stdin_name);
    for error in &errors {
        eprintln!("error: {error}");
    }
    (inputs, errors.len())
}

/// One template's outcome.
struct Checked {
    /// The text, kept for the human format.
    source: Option<String>,
    /// Skipped: found by a walk or a glob, and not a template.
    skipped: bool,
    /// Could not be read or parsed.
    unreadable: bool,
    findings: Vec<Finding>,
    suppressed: Vec<Suppressed>,
    deny_warnings: bool,
}

fn validate_all(inputs: &[Input], bad_args: usize, options: &Options) -> ExitCode {
    // Standard input is read here, once, before the workers start.
    let stdin = if inputs.iter().any(|i| matches!(i.from, From::Stdin)) {
        let mut bytes = Vec::new();
        Some(
            std::io::stdin()
                .lock()
                .read_to_end(&mut bytes)
                .map(|_| bytes),
        )
    } else {
        None
    };
    // Each template's selection (configuration, then flags), found before the workers start.
    let mut finder = Finder::default();
    let mut selections = Vec::with_capacity(inputs.len());
    for input in inputs {
        let mut selection = Selection::default();
        let config = if options.no_config {
            Ok(None)
        } else if let Some(config) = &options.config {
            Ok(Some(config.clone()))
        } else {
            finder.for_template(&input.path())
        };
        match config {
            Ok(Some(config)) => config.select(&input.path(), &mut selection),
            Ok(None) => {}
            Err(message) => {
                eprintln!("error: {message}");
                return ExitCode::from(EXIT_USAGE);
            }
        }
        selection
            .ignore
            .extend(options.flags.ignore.iter().cloned());
        if !options.flags.only.is_empty() {
            selection.only.clone_from(&options.flags.only);
        }
        selection.deny_warnings |= options.flags.deny_warnings;
        selections.push(selection);
    }
    let keep_source = options.format == Format::Human;
    let check = |index: usize| -> Checked {
        let input = &inputs[index];
        let bytes = match &input.from {
            From::Stdin => match &stdin {
                Some(Ok(bytes)) => Ok(bytes.clone()),
                Some(Err(e)) => Err(format!("cannot read standard input: {e}")),
                None => Err("cannot read standard input".to_owned()),
            },
            From::File(path) => {
                std::fs::read(path).map_err(|e| format!("cannot read the file: {e}"))
            }
        };
        check_one(
            bytes,
            input.found || options.skip_non_templates,
            &selections[index],
            options.quiet,
            keep_source,
        )
    };
    let results = in_parallel(inputs.len(), options.jobs, check);
    report(inputs, &results, bad_args, options)
}

fn check_one(
    bytes: Result<Vec<u8>, String>,
    judge_content: bool,
    selection: &Selection,
    quiet: bool,
    keep_source: bool,
) -> Checked {
    let mut checked = Checked {
        source: None,
        skipped: false,
        unreadable: false,
        findings: Vec::new(),
        suppressed: Vec::new(),
        deny_warnings: selection.deny_warnings,
    };
    let bytes = match bytes {
        Ok(bytes) => bytes,
        Err(message) => {
            checked.unreadable = true;
            checked.findings.push(Finding::new(
                "parse",
                Severity::Error,
                String::new(),
                None,
                message,
            ));
            return checked;
        }
    };
    if judge_content && !inputs::looks_like_template(&bytes) {
        checked.skipped = true;
        return checked;
    }
    match validate::check_bytes(&bytes) {
        Ok(report) => {
            checked.findings = report.findings;
            checked.suppressed = report.suppressed;
        }
        Err(e) => {
            checked.unreadable = true;
            checked.findings.push(Finding::new(
                "parse",
                Severity::Error,
                String::new(),
                Some(e.span()),
                e.message,
            ));
        }
    }
    checked
        .findings
        .retain(|f| selection.reports(f.rule) && (!quiet || f.severity == Severity::Error));
    checked
        .suppressed
        .retain(|s| selection.reports(s.finding.rule));
    if keep_source && !checked.findings.is_empty() {
        checked.source = String::from_utf8(bytes).ok();
    }
    checked
}

/// `f(0..count)` on `jobs` threads, in order.
fn in_parallel<T: Send>(count: usize, jobs: usize, f: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let jobs = jobs.min(count).max(1);
    if jobs == 1 {
        return (0..count).map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, T)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..jobs)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        if index >= count {
                            break mine;
                        }
                        mine.push((index, f(index)));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| {
                w.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    done.sort_by_key(|(index, _)| *index);
    done.into_iter().map(|(_, t)| t).collect()
}

/// Writes the findings, the summary, and gives the exit code.
fn report(inputs: &[Input], results: &[Checked], bad_args: usize, options: &Options) -> ExitCode {
    let pairs = || {
        inputs
            .iter()
            .zip(results)
            .flat_map(|(input, r)| r.findings.iter().map(move |f| (input.name.as_str(), f)))
    };
    let mut out = match options.format {
        Format::Json => validate::output::to_json(pairs()).to_string() + "\n",
        Format::Sarif => {
            let suppressed = inputs
                .iter()
                .zip(results)
                .flat_map(|(input, r)| r.suppressed.iter().map(move |s| (input.name.as_str(), s)));
            validate::output::to_sarif_with_suppressed(pairs(), suppressed).to_string() + "\n"
        }
        Format::Text => pairs()
            .map(|(file, f)| validate::output::to_text(file, f) + "\n")
            .collect(),
        Format::Human => {
            let renderer = if options.color {
                Renderer::styled()
            } else {
                Renderer::plain()
            };
            let mut out = String::new();
            for (input, r) in inputs.iter().zip(results) {
                let lines = r.source.as_deref().map(crate::human::Lines::new);
                for finding in &r.findings {
                    out += &crate::human::render(
                        &renderer,
                        options.color,
                        &input.name,
                        lines.as_ref(),
                        finding,
                    );
                    out += "\n\n";
                }
            }
            out
        }
    };
    // Unreadable files are also told on standard error where standard output is for machines.
    if matches!(options.format, Format::Json | Format::Sarif) {
        for (input, r) in inputs.iter().zip(results).filter(|(_, r)| r.unreadable) {
            for f in &r.findings {
                eprintln!("{}", validate::output::to_text(&input.name, f));
            }
        }
    }
    let summary = Summary::of(results, bad_args);
    if !options.quiet {
        let line = summary.line();
        if options.format == Format::Human {
            out += &line;
            out.push('\n');
        } else {
            eprintln!("{line}");
        }
    }
    if let Err(e) = std::io::stdout().lock().write_all(out.as_bytes()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error: writing to standard output: {e}");
        }
    }
    if summary.unreadable > 0 || bad_args > 0 {
        ExitCode::from(EXIT_USAGE)
    } else if summary.errors > 0 || summary.denied_warnings {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// The counts the summary line gives.
#[derive(Debug, Default)]
struct Summary {
    errors: usize,
    warnings: usize,
    suppressed: usize,
    files: usize,
    with_findings: usize,
    unreadable: usize,
    skipped: usize,
    bad_args: usize,
    denied_warnings: bool,
}

impl Summary {
    fn of(results: &[Checked], bad_args: usize) -> Summary {
        let mut s = Summary {
            bad_args,
            ..Summary::default()
        };
        for r in results {
            if r.skipped {
                s.skipped += 1;
                continue;
            }
            s.files += 1;
            s.unreadable += usize::from(r.unreadable);
            s.with_findings += usize::from(!r.findings.is_empty());
            let warnings = r
                .findings
                .iter()
                .filter(|f| f.severity == Severity::Warning)
                .count();
            s.warnings += warnings;
            s.errors += r.findings.len() - warnings;
            s.suppressed += r.suppressed.len();
            s.denied_warnings |= r.deny_warnings && warnings > 0;
        }
        s
    }

    /// `3 errors, 1 warning in 2 of 40 files (1 suppressed; 2 skipped: not templates)`.
    fn line(&self) -> String {
        let plural = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
        let files = plural(self.files, "file");
        let mut line = if self.files == 0 {
            "no templates found".to_owned()
        } else if self.errors + self.warnings == 0 {
            format!("no problems in {files}")
        } else {
            format!(
                "{}, {} in {} of {files}",
                plural(self.errors, "error"),
                plural(self.warnings, "warning"),
                self.with_findings
            )
        };
        let mut notes = Vec::new();
        if self.unreadable > 0 {
            notes.push(format!("{} not read or parsed", self.unreadable));
        }
        if self.suppressed > 0 {
            notes.push(format!("{} suppressed in the templates", self.suppressed));
        }
        if self.skipped > 0 {
            notes.push(format!(
                "{} skipped: not templates",
                plural(self.skipped, "file")
            ));
        }
        if self.bad_args > 0 {
            notes.push(format!(
                "{} naming nothing",
                plural(self.bad_args, "argument")
            ));
        }
        if !notes.is_empty() {
            line += &format!(" ({})", notes.join("; "));
        }
        line
    }
}
