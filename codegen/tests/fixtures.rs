//! Golden tests on small fixture specs in `tests/fixtures/<name>/spec`.
//!
//! - `ok-*` fixtures must generate exactly the files in `tests/fixtures/<name>/expected/`
//!   (the root package's `tests/golden_compile.rs` compiles them, warnings denied);
//! - `err-*` fixtures must fail with exactly the message in `tests/fixtures/<name>/expected.err`.
//!
//! After an intended change, review and refresh with `UPDATE_GOLDEN=1 cargo test -p cfn-codegen
//! --test fixtures`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    out.sort();
    assert!(out.len() >= 10, "fixtures missing in {}", dir.display());
    out
}

fn update() -> bool {
    std::env::var_os("UPDATE_GOLDEN").is_some()
}

fn read_tree(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    out
}

#[test]
fn fixtures_match_their_goldens() {
    let mut failures = Vec::new();
    for fixture in fixtures() {
        let name = fixture.file_name().unwrap().to_string_lossy().into_owned();
        let result = cfn_codegen::generate(&fixture.join("spec"));
        if name.starts_with("err-") {
            let golden = fixture.join("expected.err");
            let message = match result {
                Ok(_) => {
                    failures.push(format!(
                        "{name}: generation succeeded, an error was expected"
                    ));
                    continue;
                }
                Err(e) => format!("{e}\n"),
            };
            if update() {
                std::fs::write(&golden, &message).unwrap();
            }
            let expected = std::fs::read_to_string(&golden).unwrap_or_default();
            if message != expected {
                failures.push(format!(
                    "{name}: error\n  got:      {message}  expected: {expected}"
                ));
            }
        } else {
            let files = match result {
                Ok(g) => g.files,
                Err(e) => {
                    failures.push(format!("{name}: generation failed: {e}"));
                    continue;
                }
            };
            let golden = fixture.join("expected");
            if update() {
                let _ = std::fs::remove_dir_all(&golden);
                cfn_codegen::output::write_dir(&golden, &files).unwrap();
            }
            let expected = read_tree(&golden);
            if files != expected {
                let differing: Vec<&String> = files
                    .keys()
                    .chain(expected.keys())
                    .filter(|k| files.get(*k) != expected.get(*k))
                    .collect();
                failures.push(format!(
                    "{name}: generated files differ from the golden: {differing:?}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn generation_is_deterministic() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let first = cfn_codegen::generate(&spec).unwrap().files;
    let second = cfn_codegen::generate(&spec).unwrap().files;
    assert_eq!(first, second);
    assert!(
        first.len() >= 17,
        "expected a file per resource plus module files, got {}",
        first.len()
    );
}

/// A relationship no expression satisfies (the target's `Ref` returns another property, which no
/// attribute names) gives no handle, and the report says why.
#[test]
fn an_unresolvable_relationship_is_a_note_not_a_handle() {
    let spec =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ok-unresolvable-reference/spec");
    let generation = cfn_codegen::generate(&spec).unwrap();
    let report = generation.summary.report();
    assert!(
        report
            .contains("note: relationship Test::Refs::Widget.GadgetRef -> Test::Refs::Gadget.Name")
            && report.contains("no typed handle"),
        "{report}"
    );
    let widget = &generation.files["refs/widget.rs"];
    assert!(!widget.contains("crate::cfn_references!"), "{widget}");
}
