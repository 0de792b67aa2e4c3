//! Conformance with `cfn-flip` (PyPI, AWS's own JSON ⇄ YAML converter) on the shared corpus of
//! real templates (`../shared/corpus/{good,bad}`).
//!
//! For every file that is valid YAML or JSON, `cfn-apigatewayv2 convert --to json` must be the
//! same JSON data as `cfn-flip -j FILE`, scalars included: a string stays a string, an integer
//! an integer and a float a float (`10` ≠ `10.0` ≠ `"10"`; only `Fn::GetAtt`'s `"A.B"` and
//! `["A", "B"]` forms count as the same), and `convert --to yaml`, read back with our parser,
//! the same again. The files that are not (cfn-lint reports `E0000`, a parse error, in
//! the manifest: a YAML syntax error, a collection as a mapping key) must exit with code 2 and a
//! `FILE:LINE:COL: error:` message. The files with a duplicate key (also `E0000` for cfn-lint)
//! are valid for CloudFormation and PyYAML, which keep the last value: they are compared like
//! the others, and `convert` must also note each duplicate on standard error.
//!
//! `cfn-flip` is installed (pinned) into a virtualenv under the target directory on the first
//! run and reused afterwards; without `python3` or the package index the test is skipped with
//! the reason printed (and fails when `CI` is set). `scripts/cfn_flip_batch.py` runs cfn-flip on all files in one process,
//! mirroring its command line (checked against the real `cfn-flip -j` on one file).
//!
//! cfn-flip's quirks, for which its output is adjusted before comparing (never ours):
//! - PyYAML reads YAML 1.1 timestamps (`2010-09-09`, unquoted) as dates and cfn-flip writes them
//!   back with `isoformat()`. A date alone comes back as written; a date-time would not, and
//!   none is in the corpus, so no adjustment is needed yet (an unexpected difference fails).
//! - On duplicate keys PyYAML keeps the last value silently, at the first key's place; so do
//!   we, with a warning.

mod corpus_support;
mod template_support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

use cfn_apigatewayv2::syntax;
use cfn_apigatewayv2::template::{ResourceProperties, Template};
use template_support::same_json;

/// The pinned cfn-flip, and the YAML parser it runs on.
const CFN_FLIP: &[&str] = &["cfn-flip==1.3.0", "PyYAML==6.0.2"];

const BIN: &str = env!("CARGO_BIN_EXE_cfn-apigatewayv2");

#[test]
fn convert_agrees_with_cfn_flip_on_the_corpus() {
    let started = Instant::now();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let Some(corpus) = corpus_support::corpus() else {
        return;
    };
    let python = match cfn_flip_python() {
        Ok(python) => python,
        Err(reason) => {
            // A user without python3 or PyPI skips; CI has both, and a skip there checks nothing.
            assert!(
                std::env::var_os("CI").is_none(),
                "cannot install cfn-flip, and CI is set: {reason}"
            );
            println!("skipping: cannot install cfn-flip: {reason}");
            return;
        }
    };
    let installed = started.elapsed();
    let (not_parseable, duplicated) = not_parseable(&corpus);
    let files = templates(&corpus);
    assert!(files.len() > 50, "only {} templates found", files.len());
    let flipped = cfn_flip(&python, &root.join("scripts/cfn_flip_batch.py"), &files);
    check_batch_against_cli(&python, &files[0], &flipped[&files[0]]);

    let (mut equal, mut rejected, mut noted, mut failures) = (0, 0, 0, Vec::new());
    for file in &files {
        let name = file.strip_prefix(&corpus).unwrap().display().to_string();
        let result = if not_parseable.contains(&name) {
            expect_parse_error(file).map(|()| rejected += 1)
        } else if duplicated.contains(&name) {
            compare(file, &flipped[file])
                .and_then(|()| expect_duplicate_note(file))
                .map(|()| noted += 1)
        } else {
            compare(file, &flipped[file]).map(|()| equal += 1)
        };
        if let Err(e) = result {
            failures.push(format!("{name}: {e}"));
        }
    }
    println!(
        "cfn-flip conformance: {} templates, {equal} equal to cfn-flip (JSON and YAML), \
         {noted} more with a duplicate key noted, {rejected} rejected with exit 2, {} failed; \
         cfn-flip ready in {:.1?}, total {:.1?}",
        files.len(),
        failures.len(),
        installed,
        started.elapsed()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert_eq!(rejected, not_parseable.len());
    assert_eq!(noted, duplicated.len());
}

/// Every template under `good/` and `bad/`, sorted.
fn templates(corpus: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = ["good", "bad"]
        .iter()
        .flat_map(|dir| std::fs::read_dir(corpus.join(dir)).unwrap())
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    files
}

/// The files (`bad/x.yaml`) whose manifest notes record cfn-lint's parse error `E0000`: those
/// that are not YAML, and those with a duplicate key.
fn not_parseable(corpus: &Path) -> (Vec<String>, Vec<String>) {
    let manifest = std::fs::read_to_string(corpus.join("MANIFEST.tsv")).unwrap();
    let (duplicated, files): (Vec<&str>, Vec<&str>) = manifest
        .lines()
        .skip(1)
        .filter(|line| line.contains("E0000"))
        .partition(|line| line.contains("format: duplicate YAML key"));
    let names = |lines: Vec<&str>| -> Vec<String> {
        lines
            .into_iter()
            .filter_map(|line| line.split('\t').next().map(str::to_owned))
            .collect()
    };
    let (files, duplicated) = (names(files), names(duplicated));
    assert!(!files.is_empty(), "MANIFEST.tsv names no unparseable file");
    assert!(
        !duplicated.is_empty(),
        "MANIFEST.tsv names no duplicate key"
    );
    (files, duplicated)
}

/// `convert` notes the duplicate on standard error as `FILE:LINE:COL: warning: duplicate key`.
fn expect_duplicate_note(file: &Path) -> Result<(), String> {
    let output = run(Command::new(BIN)
        .args(["convert", "--to", "json"])
        .arg(file))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    let note = format!("{}:", file.display());
    let noted = stderr.lines().any(|line| {
        line.strip_prefix(&note)
            .is_some_and(|rest| rest.contains(": warning: duplicate key "))
    });
    match (output.status.code(), noted) {
        (Some(0), true) => Ok(()),
        _ => Err(format!(
            "expected exit 0 and a `FILE:LINE:COL: warning: duplicate key` note, got {} with {stderr}",
            output.status
        )),
    }
}

fn run(command: &mut Command) -> Result<Output, String> {
    command
        .output()
        .map_err(|e| format!("running {command:?}: {e}"))
}

/// The virtualenv's Python with the pinned cfn-flip, installed on first use.
fn cfn_flip_python() -> Result<PathBuf, String> {
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cfn-flip-venv");
    let python = venv.join("bin/python");
    let marker = venv.join(format!("installed {}", CFN_FLIP.join(" ")));
    if marker.is_file() {
        return Ok(python);
    }
    let _ = std::fs::remove_dir_all(&venv);
    let created = run(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
    if !created.status.success() {
        return Err(String::from_utf8_lossy(&created.stderr).into_owned());
    }
    let installed = run(Command::new(&python)
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
        ])
        .args(CFN_FLIP))?;
    if !installed.status.success() {
        return Err(String::from_utf8_lossy(&installed.stderr).into_owned());
    }
    std::fs::write(&marker, "").map_err(|e| e.to_string())?;
    Ok(python)
}

/// What cfn-flip makes of each file: its JSON output, or its error.
fn cfn_flip(
    python: &Path,
    script: &Path,
    files: &[PathBuf],
) -> BTreeMap<PathBuf, Result<String, String>> {
    let output = run(Command::new(python).arg(script).args(files)).unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let results: BTreeMap<String, serde_json::Value> =
        serde_json::from_slice(&output.stdout).unwrap();
    results
        .into_iter()
        .map(|(file, result)| {
            let result = match (result["json"].as_str(), result["error"].as_str()) {
                (Some(json), _) => Ok(json.to_owned()),
                (None, error) => Err(error.unwrap_or("no output").to_owned()),
            };
            (PathBuf::from(file), result)
        })
        .collect()
}

/// The batch script prints what the `cfn-flip` command prints.
fn check_batch_against_cli(python: &Path, file: &Path, batch: &Result<String, String>) {
    let cli = run(Command::new(python.with_file_name("cfn-flip"))
        .arg("-j")
        .arg(file))
    .unwrap();
    assert!(
        cli.status.success(),
        "{}",
        String::from_utf8_lossy(&cli.stderr)
    );
    assert_eq!(
        Ok(String::from_utf8_lossy(&cli.stdout).into_owned()),
        *batch
    );
}

fn convert(file: &Path, to: &str) -> Result<String, String> {
    let output = run(Command::new(BIN).args(["convert", "--to", to]).arg(file))?;
    if !output.status.success() {
        return Err(format!(
            "convert --to {to} exited with {}: {}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    String::from_utf8(output.stdout).map_err(|e| e.to_string())
}

fn json(text: &str) -> Result<serde_json::Value, String> {
    serde_json::from_str(text).map_err(|e| format!("{e}\n{text}"))
}

/// `convert --to json` equals cfn-flip's JSON; `convert --to yaml` read back equals it too.
fn compare(file: &Path, flipped: &Result<String, String>) -> Result<(), String> {
    let flipped = json(
        flipped
            .as_ref()
            .map_err(|e| format!("cfn-flip failed: {e}"))?,
    )?;
    let ours = json(&convert(file, "json")?)?;
    same_json(&ours, &flipped).map_err(|e| format!("convert --to json ≠ cfn-flip -j at {e}"))?;
    let yaml = convert(file, "yaml")?;
    let reread = Template::parse(yaml.as_bytes()).map_err(|e| format!("{e}\n{yaml}"))?;
    let reread = json(&syntax::to_json(
        &reread.to_node().map_err(|e| e.to_string())?,
    ))?;
    same_json(&reread, &flipped)
        .map_err(|e| format!("convert --to yaml, read back, ≠ cfn-flip -j at {e}"))
}

/// Exit code 2 and `FILE:LINE:COL: error: …`.
fn expect_parse_error(file: &Path) -> Result<(), String> {
    let output = run(Command::new(BIN)
        .args(["convert", "--to", "json"])
        .arg(file))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    let prefix = format!("{}:", file.display());
    let position = stderr
        .strip_prefix(&prefix)
        .and_then(|rest| rest.split_once(": error: "))
        .map(|(position, _)| position);
    let is_position = position.is_some_and(|p| {
        p.split_once(':')
            .is_some_and(|(l, c)| l.parse::<u32>().is_ok() && c.parse::<u32>().is_ok())
    });
    match (output.status.code(), is_position, output.stdout.is_empty()) {
        (Some(2), true, true) => Ok(()),
        _ => Err(format!(
            "expected exit 2 and `FILE:LINE:COL: error: …`, got {} with {stderr}",
            output.status
        )),
    }
}

/// The typed model holds every ApiGatewayV2 resource of the templates CloudFormation accepts.
#[test]
fn every_apigatewayv2_resource_of_the_good_templates_is_typed() {
    let Some(corpus) = corpus_support::corpus() else {
        return;
    };
    let (mut typed, mut untyped) = (0, Vec::new());
    for file in templates(&corpus)
        .iter()
        .filter(|f| f.starts_with(corpus.join("good")))
    {
        let template = Template::parse(&std::fs::read(file).unwrap()).unwrap();
        for (id, resource) in template.resources.iter() {
            match &resource.properties {
                _ if !resource.type_name.starts_with("AWS::ApiGatewayV2::") => {}
                ResourceProperties::Typed(_) => typed += 1,
                ResourceProperties::Verbatim { error, .. } => {
                    untyped.push(format!("{}: {id}: {error:?}", file.display()))
                }
            }
        }
    }
    println!("{typed} ApiGatewayV2 resources typed");
    assert!(typed > 250, "only {typed} typed");
    assert!(untyped.is_empty(), "{}", untyped.join("\n"));
}
