//! `cfn-codegen`: the maintainer's tool.
//!
//! ```text
//! cfn-codegen generate [--spec DIR] [--out DIR]   spec/ -> generated/ (only changed files written)
//! cfn-codegen check    [--spec DIR] [--out DIR]   exit 1, naming the files, if generated/ is stale
//! cfn-codegen update-spec --from FILE... [--spec DIR] [--service NAMESPACE]
//!                                                  vendor AWS::ApiGatewayV2 and every other
//!                                                  namespace (services/<module>/), or one namespace
//! cfn-codegen update-spec --latest | --versions FILE [--spec DIR] [--out DIR]
//!                                                  download with npm and pip, vendor, regenerate
//! cfn-codegen update-spec --check [--latest | --versions FILE] [--spec DIR]
//!                                                  exit 1, naming them, if newer packages exist
//! cfn-codegen diff OLD NEW [--format text|json|changelog] [--service NAMESPACE]
//!                  [--crate-version X.Y.Z]          changes, classed, and the semver bump
//! cfn-codegen survey [NAMESPACE...] --from FILE...  slice and generate every registry namespace
//! ```
//! Paths default to the workspace's `spec/` and `generated/`. Exit codes: 0 success, 1 check
//! found drift (`check`: generated/ is stale; `update-spec --check`: spec/ is not at the newest or
//! pinned versions), 2 usage or input error (`npm`/`pip` missing or failing included), 3 `diff`
//! found a breaking change.
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
//!
//! `update-spec --latest` asks `npm view` and `pip index versions` for the newest versions,
//! `--versions FILE` takes them from a pins file (`spec/versions.json` holds today's); either
//! downloads the four packages with `npm pack` and `pip download` into a temporary folder, runs
//! update-spec on a copy of spec/, generates from it, and only then swaps the copy in and writes
//! generated/: a failure leaves spec/ untouched. Without `--service`, update-spec vendors
//! AWS::ApiGatewayV2 at the root of spec/ and every other namespace of the registry into
//! `spec/services/<module>/` (with `spec/services/INDEX.json`); `--service NAMESPACE` vendors
//! that namespace alone at the root of the folder (and leaves `services/` as it is).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use cfn_codegen::output::{check_dir, write_dir};
use cfn_codegen::update_spec::{
    RefreshOptions, UpdateSpecOptions, Versions, newest_versions, outdated, refresh, today_utc,
    update_spec,
};

const USAGE: &str = "usage:
  cfn-codegen generate [--spec DIR] [--out DIR] [--report]
  cfn-codegen check [--spec DIR] [--out DIR]
  cfn-codegen update-spec --from FILE... [--spec DIR] [--service NAMESPACE]
  cfn-codegen update-spec (--latest | --versions FILE) [--spec DIR] [--out DIR] [--service NAMESPACE]
  cfn-codegen update-spec --check [--latest | --versions FILE] [--spec DIR]
    without --service: AWS::ApiGatewayV2 at the root of the spec folder and every other
    namespace in services/<module>/; with it: that namespace alone
  cfn-codegen diff OLD NEW [--format text|json|changelog] [--service NAMESPACE] [--crate-version X.Y.Z]
    OLD, NEW: a spec folder, a folder of registry schemas, or a .tgz/.whl package archive
    exit 0: no breaking change; 3: breaking changes; 2: usage or input error
  cfn-codegen survey [NAMESPACE...] --from FILE...
    generate every namespace of the registry (or those named) from the four archives;
    exit 1 when one fails";

struct Args {
    command: String,
    spec: PathBuf,
    out: PathBuf,
    from: Vec<PathBuf>,
    service: String,
    /// `--service` was given: `update-spec` vendors that namespace alone.
    service_given: bool,
    report: bool,
    /// `diff --format`.
    format: String,
    /// `diff --crate-version`: the version the bump is for, instead of the workspace's.
    crate_version: Option<String>,
    /// `update-spec --latest`: fetch the newest versions with npm and pip.
    latest: bool,
    /// `update-spec --versions FILE`: fetch the versions pinned in FILE.
    versions: Option<PathBuf>,
    /// `update-spec --check`: only compare versions with `SOURCES.json`.
    check: bool,
    /// Positional arguments (`diff OLD NEW`).
    positional: Vec<PathBuf>,
    /// `generate`/`check --manifest FILE`: the `Cargo.toml` whose service features to write or
    /// check; by default the workspace's, unless `--spec` or `--out` names other folders.
    manifest: Option<PathBuf>,
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
        service_given: false,
        report: false,
        format: "text".to_owned(),
        crate_version: None,
        latest: false,
        versions: None,
        check: false,
        positional: Vec::new(),
        manifest: Some(root.join("Cargo.toml")),
    };
    let mut manifest_given = false;
    let mut pending: Option<String> = None;
    for arg in raw {
        if let Some(flag) = pending.take() {
            match flag.as_str() {
                "--spec" | "--out" if !manifest_given => {
                    // Other folders than the workspace's: leave its Cargo.toml alone.
                    args.manifest = None;
                    if flag == "--spec" {
                        args.spec = arg.into();
                    } else {
                        args.out = arg.into();
                    }
                }
                "--spec" => args.spec = arg.into(),
                "--out" => args.out = arg.into(),
                "--manifest" => {
                    manifest_given = true;
                    args.manifest = Some(arg.into());
                }
                "--service" => {
                    args.service = arg;
                    args.service_given = true;
                }
                "--format" => args.format = arg,
                "--crate-version" => args.crate_version = Some(arg),
                "--versions" => args.versions = Some(arg.into()),
                "--from" => {
                    args.from.push(arg.into());
                    pending = Some(flag);
                }
                _ => unreachable!("only flags with values are pending"),
            }
            continue;
        }
        match arg.as_str() {
            "--spec" | "--out" | "--service" | "--from" | "--format" | "--crate-version"
            | "--versions" | "--manifest" => pending = Some(arg),
            "--report" => args.report = true,
            "--latest" => args.latest = true,
            "--check" => args.check = true,
            "-h" | "--help" => return Err(String::new()),
            other if other.starts_with('-') => return Err(format!("unknown option `{other}`")),
            other if pending.is_none() && !args.from.is_empty() => args.from.push(other.into()),
            other if args.command == "diff" || args.command == "survey" => {
                args.positional.push(other.into())
            }
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
            if let Some(manifest) = &args.manifest {
                if let Some(updated) =
                    cfn_codegen::features::updated_manifest(manifest, &generation.features)?
                {
                    std::fs::write(manifest, updated)
                        .map_err(|e| format!("{}: {e}", manifest.display()))?;
                    println!("{}: service features written", manifest.display());
                }
            }
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
            let mut drift: Vec<String> = check_dir(&args.out, &generation.files)
                .map_err(|e| e.to_string())?
                .iter()
                .map(ToString::to_string)
                .collect();
            if let Some(manifest) = &args.manifest
                && cfn_codegen::features::updated_manifest(manifest, &generation.features)?
                    .is_some()
            {
                drift.push(format!(
                    "differs: {} (its service features)",
                    manifest.display()
                ));
            }
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
        "update-spec" if args.latest || args.check || args.versions.is_some() => {
            update_spec_fetched(args)
        }
        "update-spec" => {
            if args.from.is_empty() {
                return Err(
                    "update-spec needs --from FILE... (the upstream .tgz and .whl packages), \
                     --latest, --versions FILE or --check"
                        .to_owned(),
                );
            }
            let opts = UpdateSpecOptions {
                from: args.from.clone(),
                spec_dir: args.spec.clone(),
                service_prefix: format!("{}::", args.service.trim_end_matches("::")),
                all_services: !args.service_given,
                retrieved: today_utc(),
            };
            let start = Instant::now();
            // The model before, to print what the update changes (none on a first slicing).
            let before = cfn_codegen::diff::model(&args.spec).ok();
            let report = update_spec(&opts).map_err(|e| e.to_string())?;
            print!("{report}");
            println!(
                "update-spec: done in {:.1} s",
                start.elapsed().as_secs_f64()
            );
            if let Some(before) = before {
                let after = cfn_codegen::diff::model(&args.spec).map_err(|e| e.to_string())?;
                print!("{}", cfn_codegen::diff::diff(&before, &after));
            }
            Ok(ExitCode::SUCCESS)
        }
        "diff" => diff(args),
        "survey" => survey(args),
        other => Err(format!("unknown command `{other}`\n{USAGE}")),
    }
}

/// `survey`: one line per namespace as it is done, then the totals; exit 1 when one fails.
fn survey(args: &Args) -> Result<ExitCode, String> {
    if args.from.is_empty() {
        return Err(
            "survey needs --from FILE... (the four upstream .tgz and .whl packages)".into(),
        );
    }
    let only: Vec<String> = args
        .positional
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches("::").to_owned())
        .collect();
    let work = std::env::temp_dir().join(format!("cfn-codegen-survey-{}", std::process::id()));
    let result =
        cfn_codegen::update_spec::survey(&args.from, &only, &work, &mut |row| println!("{row}"));
    // Best effort: the folders are removed one by one already.
    let _ = std::fs::remove_dir_all(&work);
    let survey = result.map_err(|e| e.to_string())?;
    println!("{}", survey.totals());
    Ok(if survey.rows.iter().all(|r| r.outcome.is_ok()) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
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

/// `update-spec --latest`, `--versions FILE` and `--check`: packages fetched with npm and pip.
fn update_spec_fetched(args: &Args) -> Result<ExitCode, String> {
    if !args.from.is_empty() {
        return Err("--from cannot be combined with --latest, --versions or --check".to_owned());
    }
    if args.latest && args.versions.is_some() {
        return Err("give either --latest or --versions FILE, not both".to_owned());
    }
    let start = Instant::now();
    let (versions, which) = match &args.versions {
        Some(file) => (Versions::read(file).map_err(|e| e.to_string())?, "pinned"),
        None => {
            eprintln!("asking npm and pip for the newest versions");
            (newest_versions().map_err(|e| e.to_string())?, "newest")
        }
    };
    let listed = versions
        .iter()
        .map(|(package, version)| format!("{package} {version}"))
        .collect::<Vec<_>>()
        .join(", ");
    if args.check {
        let vendored = Versions::vendored(&args.spec).map_err(|e| e.to_string())?;
        let outdated = outdated(&vendored, &versions);
        if outdated.is_empty() {
            println!("{} is current ({which}: {listed})", args.spec.display());
            return Ok(ExitCode::SUCCESS);
        }
        println!(
            "{} is not at the {which} versions; run `cargo run -p cfn-codegen -- update-spec {}`:",
            args.spec.display(),
            args.versions.as_ref().map_or_else(
                || "--latest".to_owned(),
                |file| format!("--versions {}", file.display())
            )
        );
        for o in &outdated {
            let vendored = o.vendored.as_deref().unwrap_or("(none)");
            println!("  {}: vendored {vendored}, {which} {}", o.package, o.wanted);
        }
        return Ok(ExitCode::from(1));
    }
    println!("{which} versions: {listed}");
    let before = cfn_codegen::diff::model(&args.spec).ok();
    let opts = RefreshOptions {
        versions,
        spec_dir: args.spec.clone(),
        service_prefix: format!("{}::", args.service.trim_end_matches("::")),
        all_services: !args.service_given,
        retrieved: today_utc(),
    };
    let refreshed = refresh(&opts, &mut |step| eprintln!("{step}")).map_err(|e| e.to_string())?;
    print!("{}", refreshed.report);
    if let Some(before) = before {
        let after = cfn_codegen::diff::model(&args.spec).map_err(|e| e.to_string())?;
        print!("{}", cfn_codegen::diff::diff(&before, &after));
    }
    let files = &refreshed.generation.files;
    let written = write_dir(&args.out, files).map_err(|e| e.to_string())?;
    println!(
        "generate: {} files: {} written, {} unchanged, {} removed",
        files.len(),
        written.written.len(),
        written.unchanged,
        written.removed.len()
    );
    let unchanged =
        refreshed.report.is_unchanged() && written.written.is_empty() && written.removed.is_empty();
    println!(
        "{} ({:.1} s)",
        if unchanged {
            format!("{} is current: nothing changed", args.spec.display())
        } else {
            format!("{} and {} updated", args.spec.display(), args.out.display())
        },
        start.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
