//! `cfn-codegen`: the maintainer's tool.
//!
//! ```text
//! cfn-codegen generate [--spec DIR] [--out DIR]   spec/ -> generated/ (only changed files written)
//! cfn-codegen check    [--spec DIR] [--out DIR]   exit 1, naming the files, if generated/ is stale
//! cfn-codegen update-spec --from FILE... [--spec DIR] [--service AWS::ApiGatewayV2]
//! cfn-codegen diff OLD NEW [--format text|json|changelog] [--service NAMESPACE]
//!                  [--crate-version X.Y.Z]          changes, classed, and the semver bump
//! ```
//! Paths default to the workspace's `spec/` and `generated/`. Exit codes: 0 success, 1 check
//! found drift, 2 usage or input error, 3 `diff` found a breaking change.
//!
//! `diff`: each of OLD and NEW is a spec folder (all or only some of its inputs, e.g. only
//! `cfnspec/`), a folder of registry schemas (`*.json`), or one upstream package archive (npm
//! `.tgz` of `@aws-cdk/cfnspec` or `@aws-cdk/aws-service-spec`, PyPI `.whl` of `cfn-lint`),
//! sliced for `--service` (default `AWS::ApiGatewayV2`). Facts only one side has a source for are
//! not compared (printed as notes). `--format text` (the default) prints one
//! `class: item: what` line per change and ends with the verdict, e.g.
//! `semver: minor (0.1.0 → 0.2.0): 1 breaking, 4 additive, 2 docs-only`; `--format json` prints
//! `{"changes": [{"class", "item", "what"}], "totals", "semver": {"bump", "current", "next"},
//! "notes"}`; `--format changelog` prints a Markdown `## [Unreleased]` section with `### Breaking`,
//! `### Added` and `### Documentation`. The bump is for the version in the workspace
//! `Cargo.toml` (`[workspace.package] version`) unless `--crate-version` gives one: breaking →
//! major (minor while 0.x), additive → minor (patch while 0.x), docs-only → patch. Exit code 3
//! when any change is breaking, so CI can gate on it.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use cfn_codegen::output::{check_dir, write_dir};
use cfn_codegen::update_spec::{UpdateSpecOptions, today_utc, update_spec};

const USAGE: &str = "usage:
  cfn-codegen generate [--spec DIR] [--out DIR] [--report]
  cfn-codegen check [--spec DIR] [--out DIR]
  cfn-codegen update-spec --from FILE... [--spec DIR] [--service NAMESPACE]
  cfn-codegen diff OLD NEW [--format text|json|changelog] [--service NAMESPACE] [--crate-version X.Y.Z]
    OLD, NEW: a spec folder, a folder of registry schemas, or a .tgz/.whl package archive
    exit 0: no breaking change; 3: breaking changes; 2: usage or input error";

struct Args {
    command: String,
    spec: PathBuf,
    out: PathBuf,
    from: Vec<PathBuf>,
    service: String,
    report: bool,
    /// `diff --format`.
    format: String,
    /// `diff --crate-version`: the version the bump is for, instead of the workspace's.
    crate_version: Option<String>,
    /// Positional arguments (`diff OLD NEW`).
    positional: Vec<PathBuf>,
}

fn parse(mut raw: impl Iterator<Item = String>) -> Result<Args, String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let command = raw.next().ok_or("missing command")?;
    let mut args = Args {
        command,
        spec: root.join("spec"),
        out: root.join("generated"),
        from: Vec::new(),
        service: "AWS::ApiGatewayV2".to_owned(),
        report: false,
        format: "text".to_owned(),
        crate_version: None,
        positional: Vec::new(),
    };
    let mut pending: Option<String> = None;
    for arg in raw {
        if let Some(flag) = pending.take() {
            match flag.as_str() {
                "--spec" => args.spec = arg.into(),
                "--out" => args.out = arg.into(),
                "--service" => args.service = arg,
                "--format" => args.format = arg,
                "--crate-version" => args.crate_version = Some(arg),
                "--from" => {
                    args.from.push(arg.into());
                    pending = Some(flag);
                }
                _ => unreachable!("only flags with values are pending"),
            }
            continue;
        }
        match arg.as_str() {
            "--spec" | "--out" | "--service" | "--from" | "--format" | "--crate-version" => {
                pending = Some(arg);
            }
            "--report" => args.report = true,
            "-h" | "--help" => return Err(String::new()),
            other if other.starts_with('-') => return Err(format!("unknown option `{other}`")),
            other if pending.is_none() && !args.from.is_empty() => args.from.push(other.into()),
            other if args.command == "diff" => args.positional.push(other.into()),
            other => return Err(format!("unexpected argument `{other}`")),
        }
    }
    if let Some(flag) = pending
        && flag != "--from"
    {
        return Err(format!("`{flag}` needs a value"));
    }
    Ok(args)
}

fn main() -> ExitCode {
    let args = match parse(std::env::args().skip(1)) {
        Ok(a) => a,
        Err(msg) => {
            if !msg.is_empty() {
                eprintln!("error: {msg}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("error: {msg}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &Args) -> Result<ExitCode, String> {
    match args.command.as_str() {
        "generate" => {
            let start = Instant::now();
            let generation = cfn_codegen::generate(&args.spec).map_err(|e| e.to_string())?;
            let elapsed = start.elapsed();
            let report = write_dir(&args.out, &generation.files).map_err(|e| e.to_string())?;
            println!(
                "{}; {} files: {} written, {} unchanged, {} removed (generated in {:.1} ms)",
                generation.summary,
                generation.files.len(),
                report.written.len(),
                report.unchanged,
                report.removed.len(),
                elapsed.as_secs_f64() * 1e3
            );
            if args.report {
                print!("{}", generation.summary.report());
            } else {
                println!("{}", generation.summary.coverage);
            }
            if !args.report && !generation.summary.warnings.is_empty() {
                eprintln!(
                    "{} warnings about the spec (`generate --report` lists them)",
                    generation.summary.warnings.len()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        "check" => {
            let generation = cfn_codegen::generate(&args.spec).map_err(|e| e.to_string())?;
            let drift = check_dir(&args.out, &generation.files).map_err(|e| e.to_string())?;
            if drift.is_empty() {
                println!(
                    "{} is up to date ({} files)",
                    args.out.display(),
                    generation.files.len()
                );
                return Ok(ExitCode::SUCCESS);
            }
            eprintln!(
                "{} is stale; run `cargo run -p cfn-codegen -- generate`:",
                args.out.display()
            );
            for d in &drift {
                eprintln!("  {d}");
            }
            Ok(ExitCode::from(1))
        }
        "update-spec" => {
            if args.from.is_empty() {
                return Err(
                    "update-spec needs --from FILE... (the upstream .tgz and .whl packages)"
                        .to_owned(),
                );
            }
            let opts = UpdateSpecOptions {
                from: args.from.clone(),
                spec_dir: args.spec.clone(),
                service_prefix: format!("{}::", args.service.trim_end_matches("::")),
                retrieved: today_utc(),
            };
            // The model before, to print what the update changes (none on a first slicing).
            let before = cfn_codegen::diff::model(&args.spec).ok();
            let report = update_spec(&opts).map_err(|e| e.to_string())?;
            print!("{report}");
            if let Some(before) = before {
                let after = cfn_codegen::diff::model(&args.spec).map_err(|e| e.to_string())?;
                print!("{}", cfn_codegen::diff::diff(&before, &after));
            }
            Ok(ExitCode::SUCCESS)
        }
        "diff" => diff(args),
        other => Err(format!("unknown command `{other}`\n{USAGE}")),
    }
}

/// `diff OLD NEW`: exit 3 when a change is breaking.
fn diff(args: &Args) -> Result<ExitCode, String> {
    use cfn_codegen::diff::format::{Format, render};
    use cfn_codegen::diff::semver::{Verdict, Version, workspace_version};
    use cfn_codegen::diff::{diff_inputs, side::read_side};

    let [old, new] = args.positional.as_slice() else {
        return Err(format!(
            "diff needs two sides, OLD and NEW (spec folders, folders of registry schemas or \
             package archives); got {}",
            args.positional.len()
        ));
    };
    let format = Format::parse(&args.format)?;
    let current = match &args.crate_version {
        Some(v) => Version::parse(v).map_err(|e| format!("--crate-version: {e}"))?,
        None => {
            let cargo_toml = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../Cargo.toml");
            workspace_version(&cargo_toml).map_err(|e| e.to_string())?
        }
    };
    let old = read_side(old, &args.service).map_err(|e| format!("OLD: {e}"))?;
    let new = read_side(new, &args.service).map_err(|e| format!("NEW: {e}"))?;
    let diff = diff_inputs(&old, &new).map_err(|e| e.to_string())?;
    let verdict = Verdict::of(&diff, current);
    print!("{}", render(&diff, &verdict, format));
    Ok(if diff.is_breaking() {
        ExitCode::from(3)
    } else {
        ExitCode::SUCCESS
    })
}
